import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { command, inProcess, noStack, type Ran } from './cli.ts';
import { ROOT } from '../../src/spec/paths.ts';
import { REPORT_LOCK, REPORT_MARKER } from '../../src/cli/report-dir.ts';
import { processStart } from '../../src/harness/proc.ts';

// What a hostile-input probe of the command line found: a partial run or merge that read as a full
// pass, selections and --replay values that named nothing yet passed, and inputs that ended in an
// internal error. In this process where the command allows (`command`, `inProcess`: a process start
// is a CPU-second and more); the closed pipe through the binary.

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-hostile-input-'));
const cert = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as {
    complete: boolean;
    verdict: string;
    verdictReason: string;
    partial?: string;
    profiles: Array<{ summary: { checks: number } }>;
  };
const oneLine = (r: Ran) => {
  expect(noStack(r.stderr), r.stderr).toBe(true);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
};

const JYSAN = ['run', '--profile', 'jysan', '--subject', 'gateway'];
const SMOKE = [...JYSAN, '--plan', 'smoke', '--runs', '2', '--seed', '5', '--format', 'json', '--quiet'];

describe('shards and merge', () => {
  const shard: Record<string, string> = {};
  const ran: Record<string, Ran> = {};
  beforeAll(async () => {
    for (const s of ['1/2', '2/2', '2/3']) {
      shard[s] = tmp();
      ran[s] = await command([...SMOKE, '--shard', s, '--out', shard[s]!]);
      expect(ran[s]!.code, ran[s]!.stdout + ran[s]!.stderr).toBe(0);
    }
  });

  test('a shard is a partial run: its certificate and summary line say which shard', () => {
    expect(cert(shard['1/2']!).partial).toBe('only the checks selected by --plan smoke --shard 1/2');
    expect(ran['1/2']!.stdout).toMatch(
      /verdict: passed \(partial: only the checks selected by --plan smoke --shard 1\/2\) \(no rule failed\)/,
    );
  });

  test.each([
    [['1/2'], 'merge: shard 2/2 missing (1 of 2 given): merge all N shards of the run'],
    [['1/2', '2/3'], /merge: .* is shard 2\/3, .* shard 1\/2: merge the N shards of one --shard I\/N$/],
    [['1/2', '1/2'], /merge: .* is given twice$/],
  ])('merging %j is exit 2 naming what is missing or twice (it was a full pass, exit 0)', async (given, why) => {
    const out = tmp();
    const r = await command(['merge', ...given.map((s) => shard[s]!), '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.trim().replace(/^paycert: /, '')).toMatch(why);
    oneLine(r);
    expect(existsSync(join(out, 'certificate.json'))).toBe(false);
  });

  test('all the shards merge into the run they split: partial only by its plan', async () => {
    const out = tmp();
    const r = await command(['merge', shard['2/2']!, shard['1/2']!, '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(cert(out)).toMatchObject({
      complete: true,
      verdict: 'passed',
      partial: 'only the checks selected by --plan smoke',
    });
  });
});

test('a --check run is partial: the certificate, the summary line, junit.xml and certificate.html say so', async () => {
  const out = tmp();
  const r = await command([...JYSAN, '--check', 'jy.sig.utf8', '--format', 'json,junit,html', '--quiet', '--out', out]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const why = 'only the checks selected by --check jy.sig.utf8';
  expect(cert(out)).toMatchObject({
    verdict: 'passed',
    partial: why,
    verdictReason: `partial run (${why}): no rule failed`,
  });
  expect(r.stdout).toContain(`verdict: passed (partial: ${why}) (no rule failed)`);
  expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(`<testsuites name="paycert passed (partial: ${why})"`);
  expect(readFileSync(join(out, 'certificate.html'), 'utf8')).toMatch(/<h1 id="verdict"[^>]*>PASSED \(PARTIAL\)<\/h1>/);
});

test.each([
  // a path that leads to no case: 0 cases, exit 0
  [
    ['--check', 'jy.fields.payment.valid', '--replay', '0:999999:999999'],
    /^paycert: --replay 0:999999:999999: property 0 of jy\.fields\.payment\.valid has no case at path 999999:999999/,
  ],
  // a property the check does not have: ignored, every case run
  [
    ['--check', 'jy.fields.payment.valid', '--replay', '7:1:2'],
    /^paycert: --replay 7:1:2: jy\.fields\.payment\.valid has one property \(0\), so no property 7$/,
  ],
])('--replay naming no case of the check is exit 2 (%j passed)', async (args, line) => {
  const out = tmp();
  const r = await inProcess([...JYSAN, ...args, '--runs', '3', '--format', 'json', '--quiet', '--out', out]);
  expect(r).toMatchObject({ code: 2, line: expect.stringMatching(line) });
  // the reports written say the check judged nothing, never a pass
  expect(cert(out).verdict).not.toBe('passed');
});

test.each([
  // exit 4 "Maximum call stack size exceeded", exit 4 "Invalid array length", a hang
  [['--shard', '1/1000000'], 'paycert: --shard must be I/N with 1 ≤ I ≤ N ≤ 1000, got "1/1000000"'],
  [
    ['--shard', '1/99999999999999999999999'],
    'paycert: --shard must be I/N with 1 ≤ I ≤ N ≤ 1000, got "1/99999999999999999999999"',
  ],
  [['--shard', '1/100000000'], 'paycert: --shard must be I/N with 1 ≤ I ≤ N ≤ 1000, got "1/100000000"'],
  // selections that cannot overlap: exit 3, "nothing could be judged"
  [
    ['--check', 'jy.sig.utf8', '--grep', 'jy.kat'],
    /^paycert: --check jy\.sig\.utf8 --grep "jy\.kat" selects no check of jysan\/gateway/,
  ],
  [
    ['--check', 'jy.sig.utf8', '--rule', 'JY-SIG-01'],
    /^paycert: --check jy\.sig\.utf8 --rule JY-SIG-01 selects no check of jysan\/gateway/,
  ],
  [
    ['--check', 'jy.sig.utf8', '--plan', 'smoke'],
    'paycert: --check jy.sig.utf8 selects no check of the smoke plan (1 in other plans)',
  ],
  [['--shard', '999/1000'], /^paycert: --shard 999\/1000 holds no check: the \d+ checks selected .* give a smaller N$/],
])('%j is a usage error (exit 2) before any check runs', async (args, line) => {
  const out = tmp();
  const r = await inProcess([...JYSAN, ...args, '--out', out]);
  expect(r).toMatchObject({ code: 2, line: typeof line === 'string' ? line : expect.stringMatching(line) });
  expect(existsSync(join(out, 'certificate.json'))).toBe(false);
});

describe('--out of a run that does not parse', () => {
  const stale = (dir: string) => {
    writeFileSync(join(dir, REPORT_MARKER), '');
    writeFileSync(join(dir, 'certificate.json'), JSON.stringify({ complete: true, verdict: 'passed', profiles: [] }));
  };

  test("the last --out is the one cleared, as a run would use it: the other's stale pass survived", async () => {
    const [a, b] = [tmp(), tmp()];
    stale(a);
    stale(b);
    expect((await inProcess(['run', '--out', a, '--out', b, '--bogus'])).code).toBe(2);
    expect(existsSync(join(b, 'certificate.json'))).toBe(false);
    expect(existsSync(join(a, 'certificate.json'))).toBe(true);
  });

  test('a value that looks like an option is none: exit 2, no directory "--runs" made', async () => {
    const made = resolve('--runs');
    const r = await inProcess(['run', '--out', '--runs', '5']);
    const was = existsSync(made);
    if (was && resolve(made) !== resolve(ROOT)) rmSync(made, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.line).toMatch(/^paycert: run: Option '--out' argument is ambiguous/);
    expect(was).toBe(false);
  });
});

// A run killed with SIGKILL left --out/.adapter-groups naming its SDK adapter's process group; the next run
// on that --out SIGKILLed every group listed there, and a pid since given to an unrelated `setsid sleep
// 300` was killed. Two runs on one --out shared that file, and one's SIGINT killed the other's adapter.
describe.skipIf(!existsSync('/proc/self/stat'))('an --out another run holds, or held', () => {
  const SDK = ['run', '--profile', 'greenleaves-v5', '--subject', 'sdk', '--check', 'v5.sdk.retry-after-lost-reply'];
  const sdkRun = (out: string) => command([...SDK, '--runs', '1', '--format', 'json', '--quiet', '--out', out]);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const exited = (p: ReturnType<typeof spawn>) =>
    p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once('exit', r));

  test("an earlier run's .adapter-groups naming an unrelated process group: that group is left alone", async () => {
    const out = tmp();
    const sleep = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    try {
      writeFileSync(join(out, REPORT_MARKER), '');
      writeFileSync(join(out, '.adapter-groups'), `${sleep.pid}\n`);
      const r = await sdkRun(out);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(alive(sleep.pid!)).toBe(true);
      expect(existsSync(join(out, '.adapter-groups'))).toBe(false);
    } finally {
      sleep.kill('SIGKILL');
    }
  });

  test('a run on an --out that a running one holds is exit 2 with one line, and clears nothing', async () => {
    const out = tmp();
    // the running one, as its lock names it
    const other = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      writeFileSync(join(out, REPORT_MARKER), '');
      writeFileSync(join(out, REPORT_LOCK), `${other.pid} ${processStart(other.pid!)}\n`);
      writeFileSync(join(out, 'certificate.json'), '{"complete":false}\n');
      const r = await sdkRun(out);
      expect(r.code).toBe(2);
      oneLine(r);
      expect(r.stderr).toMatch(
        /^paycert: --out \S+ is in use by another paycert run \(pid \d+\): give each run its own directory, or wait for that one to end$/m,
      );
      expect(readFileSync(join(out, 'certificate.json'), 'utf8')).toBe('{"complete":false}\n');
      // ended without letting go (SIGKILL): its lock names a process no longer running
      other.kill('SIGKILL');
      await exited(other);
      const again = await sdkRun(out);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(existsSync(join(out, REPORT_LOCK))).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });
});

// through the binary: a real pipe, closed by its reader after the first line (`| head -1`)
test('stdout closed early is no internal error: the run goes on and finishes its reports', async () => {
  const out = tmp();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'paycert.mjs'), ...SMOKE.filter((a) => a !== '--quiet'), '--out', out],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout!.once('data', () => child.stdout!.destroy());
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  expect(stderr).not.toContain('EPIPE');
  expect(code, stderr).toBe(0);
  const c = cert(out);
  expect(c.complete).toBe(true);
  expect(c.profiles[0]!.summary.checks).toBeGreaterThan(1);
});

// a --target that is not the declaration's resultUrl: the check_url calls went to the declaration's
// checkUrl (of another shop, another port) and ended inconclusive on a refused connection, unsaid
test("a merchant --target other than the declaration's resultUrl is warned about the checkUrl its calls go to", async () => {
  const dir = tmp();
  const decl = join(dir, 'shop.json');
  writeFileSync(
    decl,
    JSON.stringify({
      profile: 'greenleaves',
      resultUrl: 'http://127.0.0.1:9/old/result',
      checkUrl: 'http://127.0.0.1:9/old/check',
      orders: [{ orderId: 'A-1', amount: '10', currency: 'KZT', state: 'payable' }],
    }),
  );
  const r = await command([
    'run',
    '--profile',
    'greenleaves',
    '--subject',
    'merchant',
    '--target',
    'http://127.0.0.1:9/new/result',
    '--declaration',
    decl,
    '--out',
    join(dir, 'out'),
  ]);
  expect(r.stderr).toMatch(
    /warning: --target http:\/\/127\.0\.0\.1:9\/new\/result is not the declaration's resultUrl http:\/\/127\.0\.0\.1:9\/old\/result; check_url calls go to the declaration's checkUrl http:\/\/127\.0\.0\.1:9\/old\/check/,
  );
  rmSync(dir, { recursive: true, force: true });
});
