import { afterAll, describe, expect, test } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from '../../src/spec/paths.ts';
import { by, certificateRules as rules, inProcess, noStack, paycert } from './cli.ts';
import { findings } from './scan.ts';
import { startHostile } from './hostile-server.ts';

// Hostile merchants and SDK adapters (test/fixtures-hostile/): each run ends, judges or leaves a rule
// inconclusive with a reason (never a failure of a rule on the subject's protocol mistake), and
// writes no secret or card number, even when the subject echoes them.

const FIX = join(ROOT, 'test', 'fixtures-hostile');
const SECRET = 'hostileGlSecret-4e7a21';
const ENV = { PAYCERT_GREENLEAVES_MERCHANT_ID: '123456', PAYCERT_GREENLEAVES_SECRET_KEY: SECRET };
const PAN = '4405639704015096';

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-hostile-'));

/** `paycert run` of `profile`'s sdk subject, its adapter adapter.mjs in `mode`, on `checks`, its report
 *  (no HTML) in a new directory `out` */
function runSdk(profile: string, mode: string, checks: string[], env: NodeJS.ProcessEnv, extra: string[] = []) {
  const out = tmp();
  const args = [
    'run',
    '--profile',
    profile,
    '--subject',
    'sdk',
    '--sdk',
    `node ${join(FIX, 'adapter.mjs')} ${profile} ${mode}`,
  ];
  const r = paycert(
    [...args, ...checks.flatMap((c) => ['--check', c]), ...extra, '--out', out, '--quiet', '--no-html'],
    env,
  );
  return { out, r };
}

describe('hostile SDK adapter', () => {
  test('numbers, arrays and objects where the protocol says strings: inconclusive "broke the protocol", no rule failed', () => {
    const { out, r } = runSdk('greenleaves', 'numbers', ['gl.sdk.callback-genuine'], ENV);
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    expect(by(rs, 'failed')).toEqual([]);
    // (gl.sdk.callback-genuine judges the form of the answers too, GL-SDK-15, and the pg_xml calls, GL-SDK-23:
    // no answer was read either)
    expect(by(rs, 'inconclusive')).toEqual(['GL-SDK-11', 'GL-SDK-15', 'GL-SDK-23']);
    for (const id of ['GL-SDK-11', 'GL-SDK-15', 'GL-SDK-23'])
      expect(rs.find((x) => x.id === id)!.reason).toMatch(
        /broke the protocol on callback\.handle: its output\/body must be string/,
      );
    expect(r.code).toBe(3);
  });

  // an adapter forking a grandchild that holds its pipes, exiting (fork) or ignoring SIGTERM and its
  // stdin's end (stubborn): the run ends, nothing is passed on what the dead adapter left, and no process of
  // it is left. Before: the grandchild (and the stubborn adapter) ran on after the run
  test.each([
    ['fork', 'inconclusive'],
    ['stubborn', 'passed'],
  ])('an adapter leaving a grandchild on its pipes (%s): the run ends, results written, no process left', (mode, v) => {
    const out = tmp();
    const cmd = `node ${join(FIX, 'adapter.mjs')} greenleaves ${mode}`;
    // on the grandchildren's command lines: only this run's are looked for (a unit test forks its own)
    const mark = `mark-${process.pid}-${Date.now()}`;
    // --runs 3: what is asserted is how the run ends and what it leaves (the fork dies on its first
    // request; the stubborn one answers well and must pass), not the cases (220 against the embedded
    // gateway: each a round trip through the adapter)
    const r = paycert(
      ['run', '--profile', 'greenleaves', '--subject', 'sdk', '--sdk', cmd, '--check', 'gl.sdk.requests'].concat([
        '--check',
        'gl.sdk.error-replies',
        '--runs',
        '3',
        '--out',
        out,
        '--quiet',
        '--no-html',
      ]),
      { ...ENV, PAYCERT_HOSTILE_MARK: mark },
    );
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    expect(by(rs, 'failed')).toEqual([]);
    if (v === 'inconclusive') {
      // the adapter is started again for the next check: error-replies' first request (the status of an
      // unknown payment) is its first, which the fork answers; it dies on the second (a declined payment),
      // so GL-SDK-05 is not passed on the one case judged before the adapter died; GL-SDK-25, judged on each
      // answer as it arrives (no secret in what the SDK reports), is passed on that answer, and GL-SDK-27
      // (no card in it) on the answer to requests' first payment, the first request of its adapter
      expect(by(rs, 'passed')).toEqual(['GL-SDK-25', 'GL-SDK-27']);
      expect(by(rs, 'inconclusive')).toEqual([
        'GL-SDK-01',
        'GL-SDK-02',
        'GL-SDK-03',
        'GL-SDK-05',
        'GL-SDK-09',
        'GL-SDK-12',
        'GL-SDK-16',
        'GL-SDK-17',
        'GL-SDK-18',
        'GL-SDK-20',
        'GL-SDK-21',
        'GL-SDK-22',
        'GL-SDK-26',
      ]);
      expect(rs.find((x) => x.id === 'GL-SDK-05')!.reason).toMatch(/exited \(code 1\) during payment\.create/);
      for (const x of rs.filter((x) => x.verdict === 'inconclusive'))
        expect(x.reason).toMatch(
          /the SDK adapter broke the protocol on [a-z.]+: the adapter exited \(code 1\) during [a-z.]+ \(request \d+\); it is started again for the next check/,
        );
    } else expect(by(rs, 'inconclusive')).toEqual([]);
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      // this checkout's adapter (another checkout's test may be running the same mode beside this one)
      .filter((l) => l.includes(cmd) || l.includes(mark));
    expect(left).toEqual([]);
  });

  test('an adapter printing the secret and a PAN (answers, errors, stderr): nothing of it in the reports', () => {
    // --runs 3, not the cases: the adapter prints them with every answer and error, from the first on
    const { out, r } = runSdk('greenleaves', 'secret', ['gl.sdk.requests', 'gl.sdk.error-replies'], ENV, [
      '--runs',
      '3',
    ]);
    expect(r.code).toBe(0);
    // the secret in what it answers warns GL-SDK-25 (INFERRED), its reason naming the field, not the secret
    const leak = rules(out).find((x) => x.id === 'GL-SDK-25')!;
    expect(leak.verdict).toBe('warning');
    expect(leak.reason).toMatch(/the SDK's answer shows the secret key \((error|output)\./);
    expect(findings(out, [SECRET, PAN])).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  // an SDK on php-cli without a php.ini (its notices on stdout) or a JVM printing its warnings there: every
  // SDK check was inconclusive ("broke the protocol: not JSON: Deprecated: …"), the SDK never judged
  test('an adapter whose interpreter prints notices on stdout: judged as without them', () => {
    const { out, r } = runSdk('greenleaves', 'notices', ['gl.sdk.requests', 'gl.sdk.error-replies'], ENV, [
      '--runs',
      '3',
    ]);
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    expect(by(rs, 'inconclusive')).toEqual([]);
    expect(by(rs, 'failed')).toEqual([]);
    expect(by(rs, 'passed').length).toBeGreaterThanOrEqual(5);
    expect(r.code).toBe(0);
  });

  // an SDK reporting every BACKREF redirect as verified, forged ones too: JY-SDK-10 ("verifies a genuine
  // redirect whatever res_desc holds") was passed on its acceptances of the genuine ones
  test('a Jysan SDK verifying nothing: JY-SDK-04 warns, JY-SDK-10 is not passed', () => {
    const { out, r } = runSdk('jysan', 'verify-all', ['jy.sdk.backref'], {
      PAYCERT_JYSAN_MERCHANT: 'TEST_ECOM',
      PAYCERT_JYSAN_TERMINAL: 'WEB10004',
    });
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    expect(by(rs, 'warning')).toEqual(['JY-SDK-04']);
    expect(by(rs, 'inconclusive')).toEqual(['JY-SDK-10']);
    expect(rs.find((x) => x.id === 'JY-SDK-10')!.reason).toMatch(/every forged redirect was reported as verified too/);
  });
});

// a secrets file given where JSON is wanted: V8's parse error quotes its first characters, which were
// printed in the one-line error (and so in a CI log)
test.each([['--declaration'], ['--baseline']])(
  '%s naming an .env file: exit 2, nothing of it printed',
  async (flag) => {
    const file = join(tmp(), 'shop.env');
    writeFileSync(file, `SECRET=${SECRET}\n`);
    const args = ['run', '--profile', 'greenleaves', flag, file, '--out', tmp()];
    if (flag === '--declaration') args.push('--subject', 'merchant', '--target', 'http://127.0.0.1:1/pay/result');
    const r = await inProcess(args);
    expect(r.code).toBe(2);
    expect(r.line).toMatch(new RegExp(`${flag}: (declaration|baseline) \\S+shop\\.env is not JSON$`, 'm'));
    expect(r.line).not.toMatch(/SECRET=|hostileGl/);
  },
);

describe('hostile declaration', () => {
  // the first through the command a user types, the others through the same command function in this
  // process (a `run` start is a few CPU-seconds: inProcess, test/e2e/cli.ts)
  test.each([
    ['gopher://127.0.0.1/x', /the declaration's checkUrl must be an http\(s\) URL/, 'binary'],
    ['file:///etc/passwd', /the declaration's checkUrl must be an http\(s\) URL/, 'in process'],
    ['https://api.greenleavespay.kz/pay/check', /check_url api\.greenleavespay\.kz is production/, 'in process'],
  ])('a checkUrl %s is exit 2 with one line before anything is sent (%s)', async (checkUrl, line, how) => {
    const file = join(tmp(), 'decl.json');
    writeFileSync(
      file,
      JSON.stringify({
        profile: 'greenleaves',
        checkUrl,
        orders: [{ orderId: 'A-1', amount: '500', currency: 'KZT', state: 'payable' }],
      }),
    );
    // nothing listens on port 1: a run that got past the configuration would exit 3
    const args = [
      'run',
      '--profile',
      'greenleaves',
      '--subject',
      'merchant',
      '--target',
      'http://127.0.0.1:1/pay/result',
      '--declaration',
      file,
      '--out',
      tmp(),
    ];
    if (how === 'binary') {
      const r = paycert(args, ENV);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(line);
      return;
    }
    const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
    Object.assign(process.env, ENV);
    try {
      const r = await inProcess(args);
      expect(r.code).toBe(2);
      expect(r.line.trim().split('\n')).toHaveLength(1);
      expect(r.line).toMatch(line);
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});

describe('hostile merchant', () => {
  let shop: ChildProcess | undefined;
  afterAll(() => {
    shop?.kill();
  });

  /** merchant.mjs in MODE on a port of its own (hostile-server.ts), and a declaration naming it: the
   *  orders of a reference merchant's declaration (declaration-greenleaves.json, as `paycert
   *  merchant` writes it; the shop answers alike whatever the order), no reference started */
  async function start(mode: string): Promise<{ file: string; port: number }> {
    shop?.kill();
    const s = await startHostile('merchant.mjs', [mode, SECRET]);
    shop = s.child;
    const d = JSON.parse(readFileSync(join(FIX, 'declaration-greenleaves.json'), 'utf8')) as Record<string, unknown>;
    d.resultUrl = `http://127.0.0.1:${s.port}/shop/pay/result`;
    d.checkUrl = `http://127.0.0.1:${s.port}/shop/pay/check`;
    const file = join(tmp(), 'decl.json');
    writeFileSync(file, JSON.stringify(d));
    return { file, port: s.port };
  }

  test('a shop echoing every field, its secret and a PAN: judged, and nothing of it in the reports', async () => {
    const { file, port } = await start('echo');
    const out = tmp();
    const r = paycert(
      [
        'run',
        '--profile',
        'greenleaves',
        '--subject',
        'merchant',
        '--target',
        `http://127.0.0.1:${port}/shop/pay/result`,
        '--check-url',
        `http://127.0.0.1:${port}/shop/pay/check`,
        '--declaration',
        file,
        '--pace',
        '0',
        '--runs',
        '2',
        '--check',
        'gl.merchant.result-ok',
        '--out',
        out,
        '--quiet',
        '--no-html',
      ],
      ENV,
    );
    expect(noStack(r.stderr)).toBe(true);
    expect(by(rules(out), 'failed')).toEqual(['GL-MCB-01']);
    // the secret it shows warns GL-MCB-25 (INFERRED), its reason naming the place, not the secret
    const leak = rules(out).find((x) => x.id === 'GL-MCB-25')!;
    expect(leak.verdict).toBe('warning');
    expect(leak.reason).toMatch(
      /the shop's answer to (GET|POST) \/shop\/pay\/result .*shows the secret_key in header x-secret/,
    );
    expect(r.code).toBe(1);
    expect(findings(out, [SECRET, PAN])).toEqual([]);
  });

  test('a shop answering 10,000 headers: exit 3 with why, not "nothing answered"', async () => {
    const { file, port } = await start('headers');
    const out = tmp();
    const r = paycert(
      [
        'run',
        '--profile',
        'greenleaves',
        '--subject',
        'merchant',
        '--target',
        `http://127.0.0.1:${port}/shop/pay/result`,
        '--declaration',
        file,
        '--out',
        out,
        '--quiet',
        '--no-html',
      ],
      ENV,
    );
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/header bytes/);
  });
});

describe('hostile jysan merchant', () => {
  const JY = {
    PAYCERT_JYSAN_MERCHANT: 'TEST_ECOM',
    PAYCERT_JYSAN_TERMINAL: 'WEB10004',
    PAYCERT_JYSAN_SHARED_SECRET: 'hostileJySecret-0a0a0a0a',
  };
  const procs: ChildProcess[] = [];
  afterAll(() => procs.forEach((c) => c.kill()));

  // a BACKREF page echoing the redirect it got differs for every redirect: that was read as "a forged
  // redirect is shown another page than a paid one", and JY-MRD-01 passed for a shop verifying nothing
  test('a BACKREF echoing the request: a forged sign answered like a genuine one warns on JY-MRD-01', async () => {
    // the orders of a reference merchant's declaration (declaration-jysan.json, as `paycert merchant`
    // writes it), no reference started
    const shop = await startHostile('merchant.mjs', ['echo', JY.PAYCERT_JYSAN_SHARED_SECRET]);
    procs.push(shop.child);
    const port = shop.port;
    const d = JSON.parse(readFileSync(join(FIX, 'declaration-jysan.json'), 'utf8')) as Record<string, unknown>;
    const target = `http://127.0.0.1:${port}/shop/jysan/back?redirect=true`;
    d.backref = target;
    const file = join(tmp(), 'decl.json');
    writeFileSync(file, JSON.stringify(d));
    const out = tmp();
    const r = paycert(
      [
        'run',
        '--profile',
        'jysan',
        '--subject',
        'merchant',
        '--target',
        target,
        '--declaration',
        file,
        '--pace',
        '0',
        '--runs',
        '2',
        '--check',
        'jy.merchant.forged',
        '--out',
        out,
        '--quiet',
        '--no-html',
      ],
      JY,
    );
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    expect(by(rs, 'passed')).toEqual(['JY-MRD-03']);
    expect(by(rs, 'warning')).toEqual(['JY-MRD-01']);
    // it shows SHARED_SECRET (a header and its body): JY-MRD-18 (MUST) fails, naming the place, not the secret
    expect(by(rs, 'failed')).toEqual(['JY-MRD-18']);
    expect(rs.find((x) => x.id === 'JY-MRD-18')!.reason).toMatch(
      /the shop's answer to GET \/shop\/jysan\/back \(forged sign\) shows the SHARED_SECRET in header x-secret/,
    );
    expect(r.code).toBe(1);
    expect(findings(out, [JY.PAYCERT_JYSAN_SHARED_SECRET, PAN])).toEqual([]);
  });
});
