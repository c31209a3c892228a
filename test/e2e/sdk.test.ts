import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paycert } from './cli.ts';
import { parseAnswer, splitCommand, AdapterProtocolError } from '../../src/sdk-adapter/protocol.ts';
import { judgeSdk, judged, shown } from './sdk-judge.ts';
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
      const unsupported = adapter === 'v5_adapter.py' ? ['V5-SDK-07', 'V5-SDK-08', 'V5-SDK-09'] : [];
      expect(
        rules
          .filter((r) => r.verdict !== 'passed' && !unsupported.includes(r.id))
          .map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
      ).toEqual([]);
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

  test('a broken adapter command is inconclusive with the reason, never a rule failure', async () => {
    const rules = await judgeSdk('jysan', [process.execPath, '-e', 'process.exit(3)']);
    expect(rules.some((r) => r.verdict === 'failed')).toBe(false);
    expect(rules.some((r) => r.verdict === 'inconclusive' && /adapter/.test(r.reason))).toBe(true);
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
    expect(judged(rules, 'skipped').sort()).toEqual(['JY-SDK-03', 'JY-SDK-04', 'JY-SDK-06', 'JY-SDK-10', 'JY-SDK-12']);
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
