import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  constants,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outOf } from '../../../src/cli/run.ts';
import { parseShard } from '../../../src/harness/shard.ts';
import { partialReason } from '../../../src/report/certificate.ts';
import { shownVerdict } from '../../../src/report/verdict.ts';
import { junitXml } from '../../../src/report/junit.ts';
import { certificateHtml } from '../../../src/report/certificate-html.ts';
import { buildCertificate, type StoredResult } from '../../../src/report/write.ts';
import { describeError } from '../../../src/cli/errors.ts';
import { signInProcess } from './sign-in-process.ts';
import { notUtf8Credential } from '../../../src/spec/credentials.ts';
import { REPORT_MARKER } from '../../../src/cli/report-dir.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';

// What a hostile-input probe of the command line found (each case names the input that went wrong).

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-hostile-cli-'));

/** A command's function called as the binary would, its error mapped to the exit code and line. */
async function exitOf(f: () => unknown): Promise<{ code: number; line: string }> {
  try {
    return { code: (await f()) as number, line: '' };
  } catch (e) {
    return describeError(e);
  }
}

describe('--out read from arguments that did not parse', () => {
  test.each([
    [['--out', 'a', '--out', 'b', '--bogus'], 'b'], // the last, as parseArgs reads it (was: a)
    [['--out=a', '--out', 'b'], 'b'],
    [['--out', 'a', '--out=b'], 'b'],
    [['--out', '--runs'], undefined], // a value that looks like an option is none (was: a directory "--runs")
    [['--out', '-x', '--bogus'], undefined],
    [['--bogus', '--out'], undefined], // no value: nothing (was: reports/ cleared)
    [['--out', 'a', '--out'], undefined],
    [['--bogus'], 'reports'],
    [['--out', 'a', '--', '--out', 'b'], 'a'], // after --, positionals
    [['--out=--runs'], '--runs'], // said explicitly, as parseArgs takes it
  ])('%j → %s', (argv, out) => {
    expect(outOf(argv)).toBe(out);
  });
});

describe('--shard', () => {
  test.each(['1/1000000', '1/99999999999999999999999', '1/100000000', '00001/1001', '0/2', '3/2'])(
    '%s is refused (was: a stack overflow, an invalid array length, a hang)',
    (s) => {
      expect(parseShard(s)).toBeUndefined();
    },
  );
  test('up to 1000 shards', () => {
    expect(parseShard('1000/1000')).toEqual({ index: 1000, count: 1000 });
  });
});

describe('a partial run never reads as a full pass', () => {
  const subject = {
    profile: 'jysan',
    kind: 'gateway',
    target: 'reference',
    baseUrl: 'http://127.0.0.1:1',
    capabilities: [],
    limits: { numRuns: 1, timeoutMs: 1, minIntervalMs: 0, callbackWaitMs: 1, quietMs: 1 },
    slow: true,
  } as unknown as RunConfig['subjects'][number];
  const result = {
    id: 'jy.sig.utf8',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'signature',
    rules: ['JY-SIG-09'],
    outcome: 'passed',
    ruleOutcomes: { 'JY-SIG-09': 'passed' },
    failures: [],
    notes: [],
    properties: [],
    cases: 1,
    seed: 1,
    durationMs: 1,
  } satisfies StoredResult;

  test.each([
    [{ check: ['jy.sig.utf8'] }, 'only the checks selected by --check jy.sig.utf8'],
    [{ shard: { index: 1, count: 2 } }, 'only the checks selected by --shard 1/2'],
    [
      { plan: 'smoke', check: ['a', 'b'], filters: { grep: 'x' }, shard: { index: 2, count: 3 } },
      'only the checks selected by --plan smoke --check a,b --grep "x" --shard 2/3',
    ],
    [{}, undefined],
  ] as const)('%j: %s, in the certificate, the summary line, junit.xml and certificate.html', (over, why) => {
    const config = { seed: 1, plan: 'full', subjects: [subject], ...over } as unknown as RunConfig;
    expect(partialReason(config)).toBe(why);
    const cert = buildCertificate(config, [{ ...result }], '', true);
    expect(cert.verdict).toBe('passed');
    expect(cert.partial).toBe(why);
    const shown = why ? `passed (partial: ${why})` : 'passed';
    expect(shownVerdict(cert)).toBe(shown);
    const junit = junitXml(config, [{ ...result }], cert);
    expect(junit).toContain(`<testsuites name="paycert ${shown.replaceAll('"', '&quot;')}"`);
    expect(junit.includes('<property name="partial"')).toBe(!!why);
    const html = certificateHtml(cert, [{ ...result }], tmp());
    expect(html).toMatch(why ? /<h1 id="verdict"[^>]*>PASSED \(PARTIAL\)<\/h1>/ : /<h1 id="verdict"[^>]*>PASSED<\/h1>/);
    if (why) expect(cert.verdictReason).toMatch(/^partial run \(only the checks selected by /);
  });
});

describe('paycert sandbox and merchant', () => {
  const serve = async (args: string[], role: 'gateway' | 'merchant') =>
    exitOf(async () => (await import('../../../src/cli/serve.ts')).serveCommand(args, role));
  test.each([
    [['--host', ''], /^paycert: --host needs a value, got an empty string/],
    [['--host='], /^paycert: --host needs a value, got an empty string/],
    [['--host', ' '], /^paycert: --host needs a value, got an empty string/],
    [['--store', ''], /^paycert: --store needs a value, got an empty string/],
    [['extra'], /^paycert: (sandbox|merchant): unexpected argument "extra" \(see paycert (sandbox|merchant) --help\)$/],
  ])('%j is a usage error before anything listens (--host "" listened on every interface)', async (args, line) => {
    for (const role of ['gateway', 'merchant'] as const) {
      const r = await serve(['--profile', 'jysan', ...args], role);
      expect(r.code, role).toBe(2);
      expect(r.line).toMatch(line);
    }
  });
});

// `sign greenleaves --script ''` signed for the script name "" (an unset shell variable) and printed a
// pg_sig nobody could use; every command now refuses an empty value as run and sandbox did
describe('an empty option value in the other commands', () => {
  test.each([
    [['greenleaves', '--script', ''], '--script'],
    [['greenleaves', '--script', 'payment', '--order', ''], '--order'],
    [['jysan', '--op='], '--op'],
    [['greenleaves-v5', '--uri', '', '--auth-id', 'x'], '--uri'],
  ])('sign %j is a usage error', async (args, flag) => {
    const r = await signInProcess(args, '{"pg_amount":"1"}', 'secret-of-the-test');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`paycert: ${flag} needs a value, got an empty string (an unset shell variable?)\n`);
  });
  test.each([
    ['list', ['--profile', '']],
    ['verify', ['some-dir', '--key', '']],
    ['merge', ['--out', 'x', '--sign-key=', 'a', 'b']],
  ] as const)('%s %j is a usage error', async (command, args) => {
    const commands = {
      list: async (a: string[]) => (await import('../../../src/cli/list.ts')).listCommand(a),
      verify: async (a: string[]) => (await import('../../../src/cli/verify.ts')).verifyCommand(a),
      merge: async (a: string[]) => (await import('../../../src/cli/merge.ts')).mergeCommand(a),
    };
    const r = await exitOf(() => commands[command]([...args]));
    expect(r.code).toBe(2);
    expect(r.line).toMatch(/^paycert: --\S+ needs a value, got an empty string/);
  });
});

// a key set from a Latin-1 file: Node reads the environment as UTF-8 and put U+FFFD for the byte it
// could not read, so `sign` printed a pg_sig over another key and a run signed every request with it
describe('a credential that is not UTF-8', () => {
  test('sign refuses PAYCERT_SECRET, naming it', async () => {
    const r = await signInProcess(['greenleaves', '--script', 'payment'], '{"pg_amount":"1"}', 'caf\uFFFD-key');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^paycert: PAYCERT_SECRET is not UTF-8 text .*: set it as UTF-8\n$/);
  });
  test('every credential variable is looked at, and only those', () => {
    expect(notUtf8Credential({ PAYCERT_JYSAN_SHARED_SECRET: 'ab\uFFFD' })).toBe('PAYCERT_JYSAN_SHARED_SECRET');
    expect(notUtf8Credential({ PAYCERT_GREENLEAVES_MERCHANT_ID: '\uFFFD1' })).toBe('PAYCERT_GREENLEAVES_MERCHANT_ID');
    expect(notUtf8Credential({ PAYCERT_TARGET_LOGIN: 'u:p\uFFFD' })).toBe('PAYCERT_TARGET_LOGIN');
    expect(notUtf8Credential({ PAYCERT_GREENLEAVES_V5_SECRET_KEY: 'ключ-é' })).toBeUndefined();
    expect(notUtf8Credential({ HOME: '/h\uFFFD' })).toBeUndefined();
  });
});

describe('paycert baseline --out', () => {
  /** a finished run's certificate with one failed rule */
  const from = () => {
    const dir = tmp();
    const cert = {
      complete: true,
      startedAt: '',
      profiles: [
        {
          profile: 'jysan',
          subject: 'gateway',
          rules: [{ id: 'JY-SIG-09', level: 'MUST', verdict: 'failed', reason: 'r', tests: ['jy.sig.utf8'] }],
        },
      ],
    };
    writeFileSync(join(dir, 'certificate.json'), JSON.stringify(cert));
    return join(dir, 'certificate.json');
  };
  const baseline = async (out: string) =>
    exitOf(async () =>
      (await import('../../../src/cli/baseline.ts')).baselineCommand(['--from', from(), '--out', out]),
    );
  const entries = (text: string) => (JSON.parse(text) as { entries: Array<{ rule: string }> }).entries;

  test('a new path and a regular file are written (atomically, as before)', async () => {
    const dir = tmp();
    for (const f of [join(dir, 'new.json'), join(dir, 'old.json')]) {
      if (f.endsWith('old.json')) writeFileSync(f, 'old');
      expect(await baseline(f)).toEqual({ code: 0, line: '' });
      expect(entries(readFileSync(f, 'utf8'))).toMatchObject([{ rule: 'JY-SIG-09' }]);
    }
  });

  test('a symbolic link is followed: the file it names is written, the link stays (it became a regular file)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    expect((await baseline(join(dir, 'link.json'))).code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(entries(readFileSync(join(dir, 'real.json'), 'utf8'))).toHaveLength(1);
  });

  test.runIf(process.platform === 'linux')(
    'a FIFO is written into, and stays a FIFO (it became a regular file)',
    async () => {
      const fifo = join(tmp(), 'fifo');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      // a reader first (non-blocking), so that the command's open for writing does not wait
      const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        expect((await baseline(fifo)).code).toBe(0);
        const buf = Buffer.alloc(65536);
        const n = readSync(fd, buf);
        expect(entries(buf.subarray(0, n).toString('utf8'))).toHaveLength(1);
      } finally {
        closeSync(fd);
      }
      expect(statSync(fifo).isFIFO()).toBe(true);
    },
  );

  // a device node of its own that every write fills (/dev/full's, made where root may): a command that
  // renamed a file over it replaced the node, which for /dev/full itself broke the machine's
  const full = join(tmp(), 'full');
  test.runIf(spawnSync('mknod', [full, 'c', '1', '7']).status === 0)(
    'a device that refuses the write (/dev/full) is exit 2 naming ENOSPC (it reported success)',
    async () => {
      const r = await baseline(full);
      expect(r.code).toBe(2);
      expect(r.line).toBe(`paycert: baseline: --out ${full} cannot be written (ENOSPC)`);
      expect(statSync(full).isCharacterDevice()).toBe(true);
    },
  );

  test("a report directory's own files are refused, through a link too (it overwrote a run's certificate)", async () => {
    const run = tmp();
    writeFileSync(join(run, REPORT_MARKER), '');
    writeFileSync(join(run, 'certificate.json'), 'the run');
    mkdirSync(join(run, 'evidence'));
    writeFileSync(join(run, 'evidence', 'a.txt'), 'evidence');
    const link = join(tmp(), 'cert.json');
    symlinkSync(join(run, 'certificate.json'), link);
    for (const [out, what] of [
      [join(run, 'certificate.json'), 'certificate.json'],
      [join(run, 'results.ndjson'), 'results.ndjson'],
      [join(run, 'evidence', 'a.txt'), 'inside evidence/'],
      [link, 'certificate.json'],
    ]) {
      const r = await baseline(out!);
      expect(r.code, out).toBe(2);
      expect(r.line).toBe(
        `paycert: baseline: --out ${out} cannot be written (it is ${what} of a paycert report directory)`,
      );
    }
    expect(readFileSync(join(run, 'certificate.json'), 'utf8')).toBe('the run');
    expect(readFileSync(join(run, 'evidence', 'a.txt'), 'utf8')).toBe('evidence');
    // a file of the user's beside the reports is theirs to write
    expect((await baseline(join(run, 'known-failures.json'))).code).toBe(0);
  });

  test('a directory is exit 2', async () => {
    const dir = tmp();
    expect(await baseline(dir)).toEqual({
      code: 2,
      line: `paycert: baseline: --out ${dir} cannot be written (it is a directory)`,
    });
  });
});
