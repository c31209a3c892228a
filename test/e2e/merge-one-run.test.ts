import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, noStack, serve, type Ran } from './cli.ts';

// What a probe of the certification workflow found in `paycert merge`: shards of different targets,
// baselines or paycert versions merged without comment (a defective gateway certified on a clean
// one's results), the out-of-plan checks a single run records as skipped lost (and with them the
// `partly` marks), and a merge with an interrupted shard exit 4, "internal error of paycert".
// The shards: greenleaves smoke against `paycert sandbox` gateways, one with the defect
// wrong-error-code (GL-ERR-01, judged in shard 1/2) and one clean.

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-merge-one-run-'));
interface Cert {
  complete: boolean;
  verdict: string;
  errors?: string[];
  tool: { version: string; commit: string | null };
  specs?: string;
  digests?: Record<string, string>;
  profiles: Array<{
    target: { origin: string; defects?: string[]; preflight?: string };
    checkSummary: Record<string, number>;
    rules: Array<{ id: string; verdict: string; partly?: string[] }>;
  }>;
}
const cert = (dir: string) => JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as Cert;
const editCert = (dir: string, edit: (c: Cert) => void) => {
  const c = cert(dir);
  edit(c);
  writeFileSync(join(dir, 'certificate.json'), JSON.stringify(c, null, 2));
};
/** a copy of a shard's directory to change */
const copy = (d: string) => {
  const c = tmp();
  cpSync(d, c, { recursive: true });
  return c;
};
const oneLine = (r: Ran) => {
  expect(noStack(r.stderr), r.stderr).toBe(true);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
};

const sandboxes: ChildProcess[] = [];
const url: Record<'defective' | 'clean', string> = { defective: '', clean: '' };
const shard: Record<string, string> = {};
let whole: string;

const smoke = (target: string, ...args: string[]) =>
  command([
    'run',
    '--profile',
    'greenleaves',
    '--target',
    target,
    '--plan',
    'smoke',
    '--seed',
    '7',
    '--pace',
    '0',
    '--runs',
    '2',
    '--format',
    'json',
    '--quiet',
    ...args,
  ]);

beforeAll(async () => {
  for (const [name, args] of [
    ['defective', ['--defect', 'wrong-error-code']],
    ['clean', []],
  ] as const) {
    const { child, lines } = await serve(['sandbox', '--profile', 'greenleaves', ...args]);
    sandboxes.push(child);
    url[name] = /greenleaves (\S+)/.exec(lines[0]!)![1]!;
  }
  const runs: Array<[string, string, string[]]> = [
    ['2/2 defective', url.defective, ['--shard', '2/2']],
    ['1/2 defective', url.defective, ['--shard', '1/2']],
    ['1/2 clean', url.clean, ['--shard', '1/2']],
  ];
  for (const [name, target, args] of runs) {
    shard[name] = tmp();
    const r = await smoke(target, ...args, '--out', shard[name]!);
    expect(r.code, r.stdout + r.stderr).toBe(name === '1/2 defective' ? 1 : 0);
  }
  // shard 1/2 with a baseline that knows its failure of GL-ERR-01
  const baseline = join(tmp(), 'known.json');
  const b = await command(['baseline', '--from', shard['1/2 defective']!, '--out', baseline]);
  expect(b.code, b.stdout + b.stderr).toBe(0);
  shard['1/2 defective, baseline'] = tmp();
  const r = await smoke(
    url.defective,
    '--shard',
    '1/2',
    '--baseline',
    baseline,
    '--out',
    shard['1/2 defective, baseline']!,
  );
  expect(r.code, r.stdout + r.stderr).toBe(0);
  whole = tmp();
  const w = await smoke(url.defective, '--out', whole);
  expect(w.code, w.stdout + w.stderr).toBe(1);
});

afterAll(() => {
  for (const c of sandboxes) c.kill();
});

const merge = async (...dirs: string[]) => {
  const out = tmp();
  return { out, r: await command(['merge', ...dirs, '--out', out]) };
};
/** refused: exit 2 with one line matching `why`, and no certificate left in --out, not even an earlier
 *  run's passing one (a refused merge kept it: a CI step after it read a stale pass) */
const refused = async (dirs: string[], why: RegExp) => {
  const out = tmp();
  writeFileSync(join(out, '.paycert-report'), "an earlier run's reports\n");
  writeFileSync(join(out, 'certificate.json'), '{"verdict":"passed"}');
  writeFileSync(join(out, 'junit.xml'), '<testsuites name="paycert passed"/>');
  const r = await command(['merge', ...dirs, '--out', out]);
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr.trim()).toMatch(why);
  oneLine(r);
  expect(existsSync(join(out, 'certificate.json'))).toBe(false);
  expect(existsSync(join(out, 'junit.xml'))).toBe(false);
};

describe('the shards of one run', () => {
  test('the shards of one target merge: GL-ERR-01 fails as in the single run (exit 1)', async () => {
    const { out, r } = await merge(shard['2/2 defective']!, shard['1/2 defective']!);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(cert(out).profiles[0]!.rules.find((x) => x.id === 'GL-ERR-01')?.verdict).toBe('failed');
  });

  test('shards run against different targets are refused, naming both (a merged pass certified the defective gateway on the clean one)', async () => {
    // either order: the first shard's target was named in the certificate
    const line = (a: string, b: string) =>
      new RegExp(
        `^paycert: merge: the targets of greenleaves/gateway differ: .* reference ${a} \\[paycert-reference [^\\]]*\\], .* reference ${b} \\[paycert-reference [^\\]]*\\]`,
      );
    await refused([shard['2/2 defective']!, shard['1/2 clean']!], line(url.clean, url.defective));
    await refused([shard['1/2 clean']!, shard['2/2 defective']!], line(url.defective, url.clean));
    const { r } = await merge(shard['2/2 defective']!, shard['1/2 clean']!);
    expect(r.stderr).toContain('defects wrong-error-code');
    expect(r.stderr).toContain('no defect');
  });

  test('a reference with other defects or variants is another target, at the same address', async () => {
    const d = copy(shard['1/2 defective']!);
    // (an unsealed shard: the run configuration edited as another run would have written it)
    editCert(d, (c) => delete c.digests);
    const cfg = join(d, '.run-config.json');
    const c = JSON.parse(readFileSync(cfg, 'utf8'));
    c.subjects[0].info.variants = ['refusal-http-200'];
    writeFileSync(cfg, JSON.stringify(c));
    await refused(
      [shard['2/2 defective']!, d],
      /the targets of greenleaves\/gateway differ: .*variants refusal-http-200/,
    );
  });

  test("the words each shard's pre-flight found (a gateway's reply) may differ: each is said once, the merge goes on", async () => {
    const d = copy(shard['1/2 defective']!);
    editCert(d, (c) => {
      delete c.digests;
      c.profiles[0]!.target.preflight = 'this shard saw a refusal';
    });
    const { out, r } = await merge(shard['2/2 defective']!, d);
    // (not the usage error a differing target gets, 2; an unsealed shard makes the merge partial, 4)
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(cert(out).profiles[0]!.target.preflight).toBe('this shard saw a refusal');
  });

  test('a shard with --baseline and one without are refused, in either order (the first one decided for both)', async () => {
    const withB = shard['1/2 defective, baseline']!;
    const without = shard['2/2 defective']!;
    await refused(
      [without, withB],
      /^paycert: merge: the baselines differ: .* ran with --baseline \S+known\.json, .* with no --baseline/,
    );
    await refused(
      [withB, without],
      /^paycert: merge: the baselines differ: .* ran with no --baseline, .* with --baseline \S+known\.json/,
    );
  });

  test.each([
    [
      'commit',
      (c: Cert) => void (c.tool.commit = '0000000000000000000000000000000000000000'),
      /the paycert versions differ/,
    ],
    ['version', (c: Cert) => void (c.tool.version = '0.0.1'), /the paycert versions differ: .* paycert 0\.0\.1 /],
    ['specs', (c: Cert) => void (c.specs = 'sha256:00'), /the rule catalogues \(specs digest\) differ: .* sha256:00,/],
  ])('a shard of another paycert %s is refused', async (_, edit, why) => {
    const d = copy(shard['1/2 defective']!);
    editCert(d, edit); // the digests cover the files beside certificate.json: the shard still verifies
    expect((await command(['verify', d])).code).toBe(0);
    await refused([shard['2/2 defective']!, d], why);
  });

  test('shards of another paycert than the one merging them are refused: the merge recomputes the verdicts with its own rules', async () => {
    const a = copy(shard['2/2 defective']!);
    const b = copy(shard['1/2 defective']!);
    for (const d of [a, b]) editCert(d, (c) => void (c.tool.version = '0.0.1'));
    await refused(
      [a, b],
      /^paycert: merge: .* was run by paycert 0\.0\.1 \(commit .*\), this is \S+ \(commit .*\): merge with the paycert that ran the shards$/,
    );
    for (const d of [a, b]) editCert(d, (c) => void (c.specs = 'sha256:00'));
    for (const d of [a, b]) editCert(d, (c) => void (c.tool.version = cert(shard['2/2 defective']!).tool.version));
    await refused([a, b], /^paycert: merge: .* was judged by other rule catalogues \(specs sha256:00\)/);
  });
});

test("the merged smoke shards keep the single run's skipped checks and its partly marks (checkSummary.skipped was 0)", async () => {
  const { out, r } = await merge(shard['1/2 defective']!, shard['2/2 defective']!);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const [m] = cert(out).profiles;
  const [w] = cert(whole).profiles;
  expect(w!.checkSummary.skipped).toBeGreaterThan(0);
  expect(m!.checkSummary).toEqual(w!.checkSummary);
  const partly = (p: Cert['profiles'][number]) =>
    p.rules.filter((x) => x.partly).map((x) => `${x.id}: ${[...x.partly!].sort().join(',')}`);
  expect(partly(w!).some((x) => x.startsWith('GL-SIG-02: '))).toBe(true);
  expect(partly(m!)).toEqual(partly(w!));
  expect(r.stdout).toMatch(/~ passed on part of their checks .*GL-SIG-02/);
  // and the merged directory still verifies like a run
  expect((await command(['verify', out])).code).toBe(0);
});

test.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
  ['SIGHUP', 129],
] as const)(
  'a shard interrupted by %s makes the merge partial, exit %i as the interrupted run (was 4, "internal error of paycert")',
  async (signal, exit) => {
    const d = copy(shard['1/2 defective']!);
    // what `paycert run` leaves on a signal: the certificate incomplete, the signal among its errors, unsealed
    editCert(d, (c) => {
      c.complete = false;
      c.verdict = 'partial';
      c.errors = [`interrupted (${signal})`];
      delete c.digests;
    });
    const { out, r } = await merge(shard['2/2 defective']!, d);
    expect(r.code, r.stdout + r.stderr).toBe(exit);
    expect(r.stderr).not.toContain('internal error');
    expect(cert(out)).toMatchObject({
      complete: false,
      verdict: 'partial',
      errors: [`shard 1/2: interrupted (${signal})`],
    });
    expect(r.stdout).toMatch(/verdict: partial \(.*the run did not finish: shard 1\/2: interrupted \(SIG[A-Z]+\)\)$/m);
  },
);

// Two shards of a run against one shop: each shard's allocator started at the first declared order, so
// the second shard paid orders the first had paid, and a correct shop's "Заказ уже оплачен" failed
// GL-MCB-20 (and left GL-MCB-19/21 inconclusive) in the merge. Each shard now takes its own share.
test('the shards of a run against one shop use disjoint orders: the merge passes as the single run does', async () => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = String((s.address() as AddressInfo).port);
  await new Promise((r) => s.close(r));
  const store = join(tmp(), 'shop.json');
  const shop = await serve(['merchant', '--profile', 'greenleaves', '--port', port, '--store', store]);
  try {
    const result = shop.lines.join('\n').match(/result_url=(\S+)/)![1]!;
    const declaration = shop.lines.join('\n').match(/declaration=(\S+)/)![1]!;
    const dirs: string[] = [];
    for (const sh of ['1/2', '2/2']) {
      const out = tmp();
      dirs.push(out);
      const r = await command([
        'run',
        '--profile',
        'greenleaves',
        '--subject',
        'merchant',
        '--target',
        result,
        '--declaration',
        declaration,
        '--runs',
        '5',
        '--seed',
        '3',
        '--shard',
        sh,
        '--format',
        'json',
        '--quiet',
        '--out',
        out,
      ]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    const { out, r } = await merge(...dirs);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rules = cert(out).profiles[0]!.rules;
    expect(
      rules.filter((x) => x.verdict !== 'passed').map((x) => `${x.id} ${x.verdict}`),
      r.stdout,
    ).toEqual([]);
  } finally {
    shop.child.kill();
  }
});
