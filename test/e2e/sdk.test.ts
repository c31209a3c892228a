import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paycert } from './cli.ts';
import { ROOT } from '../../src/spec/paths.ts';
import { parseAnswer, splitCommand, AdapterProtocolError } from '../../src/sdk-adapter/protocol.ts';
import { judgeSdk, judged, shown, wrappedReference } from './sdk-judge.ts';
import { hasPhp } from './php.ts';
import { hasPython } from './python.ts';

interface Cert {
  verdict: string;
  profiles: Array<{ subject: string; rules: Array<{ id: string; verdict: string; reason: string }> }>;
}

function sdkRun(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; cert: Cert; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-sdk-'));
  try {
    const r = paycert(['run', '--subject', 'sdk', '--out', dir, '--no-html', ...args], env);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as Cert;
    return { code: r.code, cert, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('paycert run --subject sdk', () => {
  test.skipIf(!hasPython)('the Python example adapter (docs/examples) passes every greenleaves sdk rule', () => {
    const { code, cert, out } = sdkRun([
      '--profile',
      'greenleaves',
      '--sdk',
      'python3 docs/examples/greenleaves_adapter.py',
    ]);
    const rules = cert.profiles.flatMap((p) => p.rules);
    expect(
      rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
      out,
    ).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(9);
    expect(code).toBe(0);
  });

  // kzpay (fixtures/third-party/python-sdk) was written from the seeds alone, not from paycert's code:
  // a conformant SDK of someone else's, in its conformant variants (KZPAY_BUGS names them), must
  // pass every rule, and a realistic bug must fail the rule that names it.
  const KZPAY = 'fixtures/third-party/python-sdk';
  test.skipIf(!hasPython).each([
    ['greenleaves-v5', 'v5_adapter.py', ''],
    ['greenleaves-v5', 'v5_adapter.py', 'jose_header,raw_utf8,urllib,chunked'],
    ['jysan', 'jysan_adapter.py', ''],
    ['jysan', 'jysan_adapter.py', 'full_form,multipart,verified_flag'],
    // kzpay_g2g: the same outsider's client for the g2g pg_ API
    ['greenleaves', 'g2g_adapter.py', ''],
    ['greenleaves', 'g2g_adapter.py', 'php_flat,multipart,echo_salt,http_403'],
    // a long base64 salt (our own limits on pg_salt warned GL-SDK-03, and the reference refused the
    // request, which GL-SDK-04 was then blamed for) and a parameter of another section (GL-SDK-03 warned)
    ['greenleaves', 'g2g_adapter.py', 'b64_salt,other_section'],
    // judged in this process, as `paycert run --subject sdk --sdk CMD` judges it (the CLI path and its exit
    // code are the Python example adapter's case above)
  ] as const)(
    '%s: an independent Python SDK (%s, variants: %j) passes every sdk rule',
    async (profile, adapter, bugs) => {
      const rules = await judgeSdk(profile, ['env', `KZPAY_BUGS=${bugs}`, 'python3', `${KZPAY}/${adapter}`]);
      // kzpay's V5Client has no callback handler: its adapter answers callback.handle unsupported
      const unsupported = adapter === 'v5_adapter.py' ? ['V5-SDK-07', 'V5-SDK-08', 'V5-SDK-09', 'V5-SDK-23'] : [];
      // kzpay_g2g reads a result_url call in XML only as a bare XML body: the form field pg_xml, which seed
      // 001 never names (GL-CB-15), is refused, a warning of GL-SDK-23 (INFERRED), never a failure
      const warned = adapter === 'g2g_adapter.py' ? ['GL-SDK-23 warning'] : [];
      expect(
        rules.filter((r) => r.verdict !== 'passed' && !unsupported.includes(r.id)).map((r) => `${r.id} ${r.verdict}`),
        shown(rules),
      ).toEqual(warned);
      expect(rules.filter((r) => r.verdict === 'skipped').map((r) => r.id)).toEqual(unsupported);
      expect(rules.length).toBeGreaterThanOrEqual(6);
    },
  );

  test.skipIf(!hasPython).each([
    ['greenleaves-v5', 'v5_adapter.py', 'sign_reserialised', 'V5-SDK-01'],
    ['jysan', 'jysan_adapter.py', 'swap_order', 'JY-SDK-01'],
  ] as const)(
    '%s: the independent SDK (%s) with bug %s fails %s, and no other rule',
    async (profile, adapter, bug, rule) => {
      const rules = await judgeSdk(profile, ['env', `KZPAY_BUGS=${bug}`, 'python3', `${KZPAY}/${adapter}`]);
      expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual([rule]);
      expect(judged(rules, 'failed'), shown(rules)).toEqual([rule]); // a MUST rule: the run would exit 1
    },
  );

  // fixtures/third-party/php-sdk: another outsider's g2g client, in PHP (bugs.sh there runs every PHPSDK_BUGS bug)
  const PHPSDK = 'fixtures/third-party/php-sdk/g2g_adapter.php';
  test.skipIf(!hasPhp)('greenleaves: an independent PHP g2g library passes every sdk rule', async () => {
    const rules = await judgeSdk('greenleaves', ['env', 'PHPSDK_BUGS=', 'php', PHPSDK]);
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(10);
  });
  // a salt derived from the input (md5 of the order id) is unique across distinct orders: only the
  // same call sent twice shows it
  test.skipIf(!hasPhp)(
    'greenleaves: the PHP library with a salt derived from the order id warns GL-SDK-02 only',
    async () => {
      const rules = await judgeSdk('greenleaves', ['env', 'PHPSDK_BUGS=fixed_salt', 'php', PHPSDK]);
      expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['GL-SDK-02']);
      expect(judged(rules, 'failed'), shown(rules)).toEqual([]);
    },
  );

  // fixtures/third-party/php-sdk-v5: an outsider's v5 JSON client in PHP (bugs.sh there runs every PHPV5_BUGS bug);
  // the bugs below passed, or left a rule unjudged, before v5.sdk.requests/refusals were fixed
  const PHPV5 = 'fixtures/third-party/php-sdk-v5/v5_adapter.php';
  test.skipIf(!hasPhp)('greenleaves-v5: an independent PHP v5 library passes every sdk rule', async () => {
    const rules = await judgeSdk('greenleaves-v5', ['env', 'PHPV5_BUGS=', 'php', PHPV5]);
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(6);
  });
  test.skipIf(!hasPhp).each([
    // signs json_encode's \uXXXX escaping, sends the UTF-8: only a non-ASCII body shows it
    ['sign_unicode_escaped', ['v5.sdk.requests'], ['V5-SDK-01']],
    // the secret as auth_id: V5-SDK-06 was never reached once V5-SDK-01 had failed, and is base64url inside the JWS
    ['secret_as_auth_id', ['v5.sdk.requests'], ['V5-SDK-01', 'V5-SDK-06']],
    // X-Request-Id derived from the body: only the same input sent twice shows it
    ['fixed_request_id', ['v5.sdk.requests', 'v5.sdk.refusals'], ['V5-SDK-02']],
    // the Callback bugs, MISSED before greenleaves-v5 had callback.handle
    ['any_alg', ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged'], ['V5-SDK-09']],
    ['loose_compare', ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged'], ['V5-SDK-08']],
    ['verify_if_present', ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged'], ['V5-SDK-08']],
    ['any_uri', ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged'], ['V5-SDK-08']],
    // the JWS code is shared: a signing bug also makes the handler refuse genuine callbacks
    ['raw_payload', ['v5.sdk.callback-genuine'], ['V5-SDK-07']],
  ])('greenleaves-v5: the PHP library with %s is judged on exactly its rules', async (bug, only, expected) => {
    const rules = await judgeSdk('greenleaves-v5', ['env', `PHPV5_BUGS=${bug}`, 'php', PHPV5], only);
    expect(judged(rules, 'failed', 'warning').sort()).toEqual(expected);
  });

  // the answers overflowed the stack inside a property: GL-SDK-01 failed ("Maximum call stack size
  // exceeded") and every other rule was an internal error of paycert
  test('an adapter answering output nested 400,000 deep breaks the protocol: inconclusive, no rule failed', async () => {
    const adapter = `require('readline').createInterface({ input: process.stdin }).on('line', (l) =>
      process.stdout.write('{"id":' + JSON.parse(l).id + ',"ok":true,"output":{"fields":{"x":' + '['.repeat(4e5) + ']'.repeat(4e5) + '}}}\\n'))`;
    const rules = await judgeSdk('greenleaves', [process.execPath, '-e', adapter]);
    expect(rules.filter((r) => r.verdict === 'failed')).toEqual([]);
    expect(rules.filter((r) => r.verdict === 'inconclusive').length).toBeGreaterThan(5);
    expect(
      rules.filter((r) => r.verdict === 'inconclusive' && !/nested deeper than 100 levels/.test(r.reason)),
    ).toEqual([]);
  });

  // `accepted` is optional in callback.handle's output (specs/<profile>/sdk.json): an adapter that does not
  // report it is judged on its HTTP answer. Before, V5-SDK-07 warned "answered HTTP 200 {"status":"ok"} but
  // not handed to the application", V5-SDK-08/09 were inconclusive, and g2g's GL-SDK-11 (MUST) failed.
  const noAccepted = `if (req.op === 'callback.handle' && a.ok) delete a.output.accepted;`;
  test.each([
    ['greenleaves-v5', ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged']],
    [
      'greenleaves',
      ['gl.sdk.callback-genuine', 'gl.sdk.callback-forged', 'gl.sdk.callback-reject', 'gl.sdk.callback-paid'],
    ],
  ] as const)('%s: an adapter that does not report `accepted` passes every callback rule', async (profile, only) => {
    const rules = await judgeSdk(profile, wrappedReference(profile, { answer: noAccepted }), [...only]);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual([]);
  });

  // a handler that hands a genuine call to the application but answers it HTTP 500: V5-SDK-07 warns; its
  // `accepted` tells the forgeries (refused, not handed over) from it, so V5-SDK-08/09 are judged. Before,
  // they were inconclusive: "a genuine call was not accepted … HTTP 500 {"status":"error"}, accepted".
  test('greenleaves-v5: a genuine call handed over but answered HTTP 500 warns on V5-SDK-07 alone', async () => {
    const answer500 = `if (req.op === 'callback.handle' && a.ok && a.output.accepted)
      a.output = { ...a.output, status: 500, body: '{"status":"error"}' };`;
    const rules = await judgeSdk('greenleaves-v5', wrappedReference('greenleaves-v5', { answer: answer500 }), [
      'v5.sdk.callback-genuine',
      'v5.sdk.callback-forged',
    ]);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual(['V5-SDK-07']);
    expect(rules.find((r) => r.id === 'V5-SDK-07')?.reason).toMatch(/answered HTTP 500 .*handed to the application/);
  });

  // a probe's adapter exited (code 3) on payment.read: the adapter was never started again, and the next
  // check's rule V5-SDK-07 read "the SDK adapter broke the protocol on callback.handle: the adapter
  // exited (code 3)", blaming an operation the adapter was never asked
  test('greenleaves-v5: an adapter that exits on payment.read is started again for the next check', async () => {
    const exits = `if (req.op === 'payment.read') process.exit(3);`;
    const rules = await judgeSdk('greenleaves-v5', wrappedReference('greenleaves-v5', { ask: exits }), [
      'v5.sdk.operations',
      'v5.sdk.callback-genuine',
    ]);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual([]);
    expect(rules.find((r) => r.id === 'V5-SDK-07')?.verdict, shown(rules)).toBe('passed');
    expect(rules.find((r) => r.id === 'V5-SDK-11')?.reason).toMatch(
      /^v5\.sdk\.operations: the SDK adapter broke the protocol on payment\.read: the adapter exited \(code 3\) during payment\.read \(request \d+\); it is started again for the next check/,
    );
  });

  // a probe's adapter saw MODE=test, BASE_URL=/, NODE_ENV=test, TEST, VITEST, DEV, SSR, PROD: the test
  // worker's environment (vitest's additions), its user's own MODE and BASE_URL replaced. The adapter
  // gets the environment paycert was started with, and what paycert adds for it (PYTHONUNBUFFERED)
  test("the adapter gets the environment paycert was started with, not the test worker's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-env-'));
    try {
      const dump = join(dir, 'env.json');
      const adapter = join(dir, 'adapter.cjs');
      writeFileSync(
        adapter,
        `require('fs').writeFileSync(${JSON.stringify(dump)}, JSON.stringify(process.env));
        require('readline').createInterface({ input: process.stdin }).on('line', (l) =>
          process.stdout.write(JSON.stringify({ id: JSON.parse(l).id, ok: false, error: { kind: 'unsupported' } }) + '\\n'));`,
      );
      // this test's own worker set vitest's variables: the paycert started here has none of them
      const vitestSets = ['NODE_ENV', 'TEST', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID'];
      const unset = [...vitestSets, 'DEV', 'PROD', 'SSR', 'FORCE_TTY', 'PYTHONUNBUFFERED'];
      const env = {
        ...Object.fromEntries(unset.map((k) => [k, undefined])),
        MODE: 'mine',
        BASE_URL: 'https://my-gw.example',
      };
      const { out } = sdkRun(
        [
          '--profile',
          'greenleaves',
          '--sdk',
          `${process.execPath} ${adapter}`,
          '--check',
          'gl.sdk.requests',
          '--runs',
          '2',
        ],
        env,
      );
      const seen = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>;
      expect({ MODE: seen.MODE, BASE_URL: seen.BASE_URL }, out).toEqual({
        MODE: 'mine',
        BASE_URL: 'https://my-gw.example',
      });
      expect(unset.filter((k) => k in seen && k !== 'PYTHONUNBUFFERED')).toEqual([]);
      expect(seen.PYTHONUNBUFFERED).toBe('1');
      expect(Object.keys(seen).filter((k) => k.startsWith('PAYCERT_RUN'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a broken adapter command is inconclusive with the reason, never a rule failure', async () => {
    const rules = await judgeSdk('jysan', [process.execPath, '-e', 'process.exit(3)']);
    expect(rules.some((r) => r.verdict === 'failed')).toBe(false);
    expect(rules.some((r) => r.verdict === 'inconclusive' && /adapter/.test(r.reason))).toBe(true);
  });
});

// A probe passed its adapter the secret on the command line (--sdk "python3 adapter.py --secret …"): the
// adapter's own prints of it were redacted, but the command was written in clear into stdout's replay
// lines, certificate.json (target.implementation), certificate.html, junit.xml, results.ndjson,
// allure-results and .run-config.json. The path with a space lost its quoting in the certificate.
describe('paycert run --sdk with a secret in the command', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
    );
  /** the words a POSIX shell makes of `line`, with the secret's variable set */
  const words = (line: string, env: Record<string, string>): string[] =>
    spawnSync('sh', ['-c', `printf '%s\\n' ${line}`], { env: { ...process.env, ...env }, encoding: 'utf8' })
      .stdout.split('\n')
      .slice(0, -1);

  test('every report names it by its variable, and the commands shown run it again as given', () => {
    const secret = 'Zq9-custom-secret-777';
    const env = { PAYCERT_GREENLEAVES_V5_SECRET_KEY: secret };
    const dir = mkdtempSync(join(tmpdir(), 'paycert-sdk-secret-'));
    try {
      const adapter = join(dir, 'my adapter.sh');
      writeFileSync(
        adapter,
        `#!/bin/sh\nexec '${process.execPath}' '${join(ROOT, 'bin', 'paycert.mjs')}' sdk-adapter --profile greenleaves-v5 --defect accepts-forged-callback\n`,
        { mode: 0o755 },
      );
      const sdk = `'${adapter}' --secret ${secret}`;
      const out = join(dir, 'out');
      const run = paycert(
        [
          'run',
          '--profile',
          'greenleaves-v5',
          '--subject',
          'sdk',
          '--sdk',
          sdk,
          '--check',
          'v5.sdk.callback-genuine',
          '--check',
          'v5.sdk.callback-forged',
          '--runs',
          '2',
          '--seed',
          '1',
          '--out',
          out,
        ],
        env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(secret);
      for (const f of files(out)) expect(readFileSync(f, 'utf8').includes(secret), f).toBe(false);
      const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as {
        profiles: Array<{
          target: { implementation: string };
          limits: { numRuns: number };
          rules: Array<{ replay?: string[] }>;
        }>;
      };
      const p = cert.profiles[0]!;
      // a command a shell runs as it ran: the path's quoting kept, the secret its variable's reference
      expect(p.target.implementation).toBe(
        `SDK adapter: '${adapter}' --secret "\${PAYCERT_GREENLEAVES_V5_SECRET_KEY}"`,
      );
      expect(words(p.target.implementation.replace(/^SDK adapter: /, ''), env)).toEqual([adapter, '--secret', secret]);
      // the replay command gives paycert the --sdk command as the user gave it
      const replay = p.rules.flatMap((x) => x.replay ?? [])[0]!;
      expect(run.stdout).toContain(`replay: ${replay}`);
      const argv = words(replay.replace(/^npx paycert run /, ''), env);
      expect(argv[argv.indexOf('--sdk') + 1]).toBe(sdk);
      // what ran: --runs 2, not the reference default of 220
      expect(p.limits.numRuns).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('adapter protocol parsing', () => {
  test('answers are parsed defensively', () => {
    expect(parseAnswer('{"id":1,"ok":true,"output":{"a":1}}')).toMatchObject({ id: 1, ok: true });
    expect(
      Object.getPrototypeOf(
        (parseAnswer('{"id":1,"ok":true,"output":{"__proto__":{"x":1}}}') as { output: object }).output,
      ),
    ).toBe(null);
    for (const bad of [
      'nope',
      '[]',
      '{"ok":true}',
      '{"id":1}',
      '{"id":1,"ok":false,"error":{"kind":"boom"}}',
      '{"id":1.5,"ok":true}',
    ]) {
      expect(() => parseAnswer(bad), bad).toThrow(AdapterProtocolError);
    }
    // every later walk of the output is recursive: 400,000 levels overflowed the stack
    const deep = `{"id":1,"ok":true,"output":{"fields":{"x":${'['.repeat(400_000)}${']'.repeat(400_000)}}}}`;
    expect(() => parseAnswer(deep)).toThrow(/an answer nested deeper than 100 levels/);
  });
  test('commands split like a shell splits words', () => {
    expect(splitCommand(`python3 "my adapter.py" --x 'a b' c\\ d`)).toEqual([
      'python3',
      'my adapter.py',
      '--x',
      'a b',
      'c d',
    ]);
    expect(() => splitCommand('"open')).toThrow();
  });
});

// fixtures/third-party/php-sdk-jysan: an outsider's Jysan eCom library in PHP, from seed 002 alone (bugs.sh there
// runs every JYSAN_PHP_BUGS bug). It builds the payment form only (the seed documents no status, cancel or
// BACKREF layout): those rules are skipped with its reason, never failed. The bugs below passed before
// jy.sdk.payment-form sent DESC with line breaks and long Cyrillic text, ORDER with leading zeros, and judged JY-SDK-09.
describe('paycert run --subject sdk: the Jysan PHP library', () => {
  const PHPJY = 'fixtures/third-party/php-sdk-jysan/jysan_adapter.php';
  test.skipIf(!hasPhp)('jysan: the PHP library passes every rule of the operations it has', async () => {
    const rules = await judgeSdk('jysan', ['env', 'JYSAN_PHP_BUGS=', 'php', PHPJY]);
    expect(rules.filter((r) => !['passed', 'skipped'].includes(r.verdict)).map((r) => `${r.id} ${r.verdict}`)).toEqual(
      [],
    );
    // no status, cancel or redirect: the rules of jy.sdk.status-cancel and jy.sdk.backref are skipped
    expect(judged(rules, 'skipped').sort()).toEqual([
      'JY-SDK-03',
      'JY-SDK-04',
      'JY-SDK-06',
      'JY-SDK-10',
      'JY-SDK-12',
      'JY-SDK-17',
      'JY-SDK-18',
      'JY-SDK-19',
      'JY-SDK-21',
      'JY-SDK-22',
      'JY-SDK-23',
      'JY-SDK-25',
      'JY-SDK-26',
    ]);
    expect(judged(rules, 'passed'), shown(rules)).toEqual(
      expect.arrayContaining(['JY-SDK-01', 'JY-SDK-02', 'JY-SDK-09', 'JY-SDK-13']),
    );
  });
  test.skipIf(!hasPhp).each([
    // signs DESC with its CR/LF: paycert's DESC never had a line break
    ['keep_crlf', 'JY-SDK-01'],
    // number_format($amount, 2): "1,500.00", signed consistently, so P_SIGN verifies
    ['number_format', 'JY-SDK-09'],
    // ORDER kept as an integer drops the leading zeros N(6-10) allows
    ['order_int', 'JY-SDK-09'],
    // DESC length counted in bytes (strlen): a valid 26+ character Cyrillic DESC is refused (the form's
    // fields are right: JY-SDK-13, split from JY-SDK-09 by the verdict audit)
    ['strlen', 'JY-SDK-13'],
  ])('jysan: the PHP library with %s is judged on exactly %s', async (bug, rule) => {
    const rules = await judgeSdk('jysan', ['env', `JYSAN_PHP_BUGS=${bug}`, 'php', PHPJY], ['jy.sdk.payment-form']);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual([rule]);
    expect(judged(rules, 'inconclusive'), shown(rules)).toEqual([]);
  });
});
