import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paycert } from './cli.ts';
import { parseAnswer, splitCommand, AdapterProtocolError } from '../../src/sdk-adapter/protocol.ts';
import { startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { Subject } from '../../src/harness/subject.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasPhp = spawnSync('php', ['--version']).status === 0;
const hasPerl = spawnSync('perl', ['-e', 'use HTTP::Tiny; use JSON::PP; use Digest::SHA;']).status === 0;

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

/** The bug cases: judged in this process, as `paycert run --subject sdk --sdk CMD` judges them (a third
 *  party's SDK is a real subject, against the embedded gateway), without a CLI run's start-up each
 *  (a CPU-second and more; the conformant cases above and below still go through the CLI). */
async function judgeSdk(profile: ProfileId, command: string[], only?: string[]) {
  const h = await startReference(profile, 'sdk');
  try {
    const subject: Subject = {
      ...subjectOf(h, 'sdk'),
      target: 'real',
      sdk: { command },
      info: { implementation: `SDK adapter: ${command.join(' ')}`, defects: [] },
    };
    const checks = CHECKS[profile].filter((c) => c.subject === 'sdk' && (!only || only.includes(c.id)));
    return profileCertificate(subject, await runChecks(checks, subject, { seed: 20261126, plan: 'full' })).rules;
  } finally {
    await h.close();
    await closeAdapters();
  }
}
const judged = (rules: Array<{ id: string; verdict: string }>, ...verdicts: string[]) =>
  rules.filter((r) => verdicts.includes(r.verdict)).map((r) => r.id);
/** Every verdict but a pass, with its reason: the message of a failed expectation on `judged`. */
const shown = (rules: Array<{ id: string; verdict: string; reason: string }>) =>
  rules
    .filter((r) => r.verdict !== 'passed')
    .map((r) => `${r.id} ${r.verdict}: ${r.reason}`)
    .join('\n');

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

  // kzpay_g2g: each bug fails or warns exactly the rules that forbid what it does (a signing bug also
  // breaks the SDK's verification of replies and callbacks: genuine error replies lose their code,
  // GL-SDK-05, and genuine calls are refused, GL-SDK-11; ci_sort and drop_empty only those with the
  // merchant's own fields Shop_ref and an empty shop_note, as the seed's sample "Параметры мерчанта=").
  test.skipIf(!hasPython).each([
    ['ci_sort', ['GL-SDK-01', 'GL-SDK-11']],
    ['no_flatten', ['GL-SDK-01']],
    ['drop_empty', ['GL-SDK-01', 'GL-SDK-11']],
    ['full_path', ['GL-SDK-01', 'GL-SDK-05', 'GL-SDK-07', 'GL-SDK-11']],
    ['latin1', ['GL-SDK-01', 'GL-SDK-05', 'GL-SDK-11']],
    ['unsigned_salt', ['GL-SDK-01', 'GL-SDK-05', 'GL-SDK-07', 'GL-SDK-11']],
    ['upper_hex', ['GL-SDK-01', 'GL-SDK-05', 'GL-SDK-07', 'GL-SDK-11']],
    ['fixed_salt', ['GL-SDK-02']],
    ['no_verify', ['GL-SDK-04']],
    ['swallow_errors', ['GL-SDK-05']],
    ['callback_no_verify', ['GL-SDK-06']],
    ['result_script', ['GL-SDK-07']],
    ['reject_always', ['GL-SDK-08']],
    ['never_reject', ['GL-SDK-10']],
    ['debug_header', ['GL-SDK-09']],
  ])('greenleaves: the independent g2g SDK with bug %s fails or warns %j, and no other rule', async (bug, expected) => {
    const rules = await judgeSdk('greenleaves', ['env', `KZPAY_BUGS=${bug}`, 'python3', `${KZPAY}/g2g_adapter.py`]);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(expected);
    // the MUST rules among them fail (the run would exit 1), the others warn
    expect(judged(rules, 'failed'), shown(rules)).toEqual(
      expected.filter((id) => ['GL-SDK-01', 'GL-SDK-05', 'GL-SDK-08', 'GL-SDK-10', 'GL-SDK-11'].includes(id)),
    );
  });

  test.skipIf(!hasPython)(
    'greenleaves: a g2g SDK that cannot read the multipart result_url calls the gateway sends fails GL-SDK-11 and passes none of GL-SDK-06, 08, 10',
    async () => {
      const rules = await judgeSdk('greenleaves', [
        'env',
        'KZPAY_BUGS=urlencoded_only',
        'python3',
        `${KZPAY}/g2g_adapter.py`,
      ]);
      expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}`)).toEqual([
        'GL-SDK-06 inconclusive',
        'GL-SDK-08 inconclusive',
        'GL-SDK-10 inconclusive',
        'GL-SDK-11 failed',
      ]);
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
      expect.arrayContaining(['JY-SDK-01', 'JY-SDK-02', 'JY-SDK-09']),
    );
  });
  test.skipIf(!hasPhp).each([
    // signs DESC with its CR/LF: paycert's DESC never had a line break
    ['keep_crlf', 'JY-SDK-01'],
    // number_format($amount, 2): "1,500.00", signed consistently, so P_SIGN verifies
    ['number_format', 'JY-SDK-09'],
    // ORDER kept as an integer drops the leading zeros N(6-10) allows
    ['order_int', 'JY-SDK-09'],
    // DESC length counted in bytes (strlen): a valid 26+ character Cyrillic DESC is refused
    ['strlen', 'JY-SDK-09'],
  ])('jysan: the PHP library with %s is judged on exactly %s', async (bug, rule) => {
    const rules = await judgeSdk('jysan', ['env', `JYSAN_PHP_BUGS=${bug}`, 'php', PHPJY], ['jy.sdk.payment-form']);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual([rule]);
    expect(judged(rules, 'inconclusive'), shown(rules)).toEqual([]);
  });
});

// fixtures/third-party/node-sdk-jysan: an outsider's Jysan eCom client in plain Node.js (CommonJS, no dependencies),
// from seed 002 and the fact digest; JYSAN_SDK_BUGS switches on its realistic bugs (its README has the table).
// backref-plus passed before jy.sdk.backref sent genuine redirects whose res_desc holds '+', '%' and Cyrillic,
// form-cache before jy.sdk.payment-form built one order's form twice, timing-slice before jy.sdk.backref sent a cut sign.
describe('paycert run --subject sdk: the Jysan Node.js SDK', () => {
  const NODEJY = 'fixtures/third-party/node-sdk-jysan/adapter.js';
  test('jysan: the Node.js SDK passes every sdk rule', async () => {
    const rules = await judgeSdk('jysan', ['env', 'JYSAN_SDK_BUGS=', process.execPath, NODEJY]);
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}`)).toEqual([]);
  });
  test.each([
    // decodes the already decoded redirect values again: a '+' of res_desc becomes a space, genuine ones refused
    ['backref-plus', 'JY-SDK-10', 'jy.sdk.backref'],
    // memoises the form by JSON.stringify(order): the same order built twice carries the same NONCE
    ['form-cache', 'JY-SDK-02', 'jy.sdk.payment-form'],
    // compares the sign over the length given (to dodge timingSafeEqual's RangeError): a cut sign passes
    ['timing-slice', 'JY-SDK-04', 'jy.sdk.backref'],
  ])('jysan: the Node.js SDK with %s is judged on exactly %s', async (bug, rule, check) => {
    const rules = await judgeSdk('jysan', ['env', `JYSAN_SDK_BUGS=${bug}`, process.execPath, NODEJY], [check]);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual([rule]);
    expect(judged(rules, 'inconclusive'), shown(rules)).toEqual([]);
  });
});

// fixtures/third-party/perl-sdk-jysan: an outsider's Jysan eCom client in core Perl (HTTP::Tiny, Digest::SHA,
// JSON::PP), from seed 002 and the fact digest; PLJY_BUGS switches on its realistic bugs, PLJY_STYLE its style
// variants (its README and bugs.sh have the table). action_base passed every rule before JY-SDK-11 judged the
// form's address; preencode_form (encode_utf8 before HTTP::Tiny's post_form, which encodes again) passed
// JY-SDK-03 before jy.sdk.status-cancel sent a Cyrillic REV_DESC.
describe('paycert run --subject sdk: the Jysan Perl SDK', () => {
  const PERLJY = 'fixtures/third-party/perl-sdk-jysan/adapter.pl';
  test.skipIf(!hasPerl)('jysan: the Perl SDK (keep-alive, %20, document order) passes every sdk rule', async () => {
    const env = ['env', 'PLJY_BUGS=', 'PLJY_STYLE=keep_alive,pct20,doc_order'];
    const rules = await judgeSdk('jysan', [...env, 'perl', PERLJY]);
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
  });
  test.skipIf(!hasPerl).each([
    // the form's action is the configured base address, without /ecom/api
    ['action_base', ['JY-SDK-11'], [], 'jy.sdk.payment-form'],
    // P_SIGN over the values in Perl's (random) hash order
    ['hash_order', ['JY-SDK-01'], [], 'jy.sdk.payment-form'],
    // NONCE from srand(time) on every call: two forms in one second share it
    ['srand_time', ['JY-SDK-02'], [], 'jy.sdk.payment-form'],
    // perlfaq5's commify on AMOUNT ("1,500.00"), signed so: only the field table is broken
    ['commify', [], ['JY-SDK-09'], 'jy.sdk.payment-form'],
    // encode_utf8 on the values before HTTP::Tiny's post_form: REV_DESC's Cyrillic arrives encoded twice
    ['preencode_form', [], ['JY-SDK-03'], 'jy.sdk.status-cancel'],
    // the redirect's sign compared with ==: hex strings compare by their leading digits, a cut sign passes
    ['numeric_compare', [], ['JY-SDK-04'], 'jy.sdk.backref'],
  ] as const)(
    'jysan: the Perl SDK with %s fails exactly %j and warns exactly %j',
    async (bug, failed, warned, check) => {
      const rules = await judgeSdk('jysan', ['env', `PLJY_BUGS=${bug}`, 'PLJY_STYLE=', 'perl', PERLJY], [check]);
      expect(judged(rules, 'failed'), shown(rules)).toEqual(failed);
      expect(judged(rules, 'warning'), shown(rules)).toEqual(warned);
      expect(judged(rules, 'inconclusive'), shown(rules)).toEqual([]);
    },
  );
  // NONCE = int(rand(1_000_000)), which JSON::PP writes as a JSON number: before the form's integer fields
  // were read as their digits, every form warned, the first one with a 6-digit NONCE ("not in the required format")
  test.skipIf(!hasPerl)(
    'jysan: the Perl SDK with short_nonce warns JY-SDK-09 on the NONCEs shorter than 6 digits',
    async () => {
      const rules = await judgeSdk(
        'jysan',
        ['env', 'PLJY_BUGS=short_nonce', 'PLJY_STYLE=', 'perl', PERLJY],
        ['jy.sdk.payment-form'],
      );
      expect(judged(rules, 'failed', 'inconclusive'), shown(rules)).toEqual([]);
      const r = rules.find((x) => x.id === 'JY-SDK-09');
      expect(r?.verdict, shown(rules)).toBe('warning');
      expect(r?.reason).toMatch(/the first: the form \{[^}]*"NONCE":"[0-9]{1,5}"/);
    },
  );
});

// fixtures/third-party/node-sdk-greenleaves: an outsider's g2g client in plain Node.js ESM, from seed 001
// (GL_SDK_BUGS switches on its bugs; its README has the table). The callback bugs below passed, or failed
// GL-SDK-10 for a genuine call it never took, before GL-SDK-11 and gl.sdk.callback-genuine; payment-script
// passed before gl.sdk.requests sent clearing, cancel and refund.
describe('paycert run --subject sdk: the Node g2g library', () => {
  const NODESDK = 'fixtures/third-party/node-sdk-greenleaves/adapter.js';
  const node = (bugs: string) => ['env', `GL_SDK_BUGS=${bugs}`, process.execPath, NODESDK];
  test('greenleaves: the Node library passes every sdk rule', async () => {
    const rules = await judgeSdk('greenleaves', node(''));
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(rules.map((r) => r.id)).toContain('GL-SDK-11');
  });
  test.each([
    // decodeURIComponent on multipart values: "+" stays, "%" throws or decodes
    ['decode-uri', ['gl.sdk.callback-genuine'], ['GL-SDK-11 failed']],
    // verifies over the pg_ fields only: the merchant's own fields are signed too
    ['pg-only-verify', ['gl.sdk.callback-genuine'], ['GL-SDK-11 failed']],
    // URLSearchParams on a multipart body: no genuine call is ever taken
    [
      'form-only',
      ['gl.sdk.callback-genuine', 'gl.sdk.callback-reject'],
      ['GL-SDK-08 inconclusive', 'GL-SDK-10 inconclusive', 'GL-SDK-11 failed'],
    ],
    // clearing, cancel and refund signed as "payment" (copy-paste): no check sent them before
    ['payment-script', ['gl.sdk.requests'], ['GL-SDK-01 failed']],
    // verifies and signs callbacks with a fixed script name "result"
    ['fixed-script', ['gl.sdk.callback-genuine', 'gl.sdk.callback-answer'], ['GL-SDK-07 warning', 'GL-SDK-11 failed']],
  ])('greenleaves: the Node library with %s is judged on exactly its rules', async (bug, only, expected) => {
    const rules = await judgeSdk('greenleaves', node(bug), only);
    expect(rules.filter((r) => !['passed', 'skipped'].includes(r.verdict)).map((r) => `${r.id} ${r.verdict}`)).toEqual(
      expected,
    );
  });
});

// fixtures/third-party/perl-sdk-greenleaves: an outsider's g2g client in core Perl (HTTP::Tiny's post_form,
// Digest::MD5, the XML replies read with regexes), from seed 001 and the fact digest; PLGL_BUGS switches on
// its realistic bugs, PLGL_STYLE its style variants (its README and bugs.sh have the table). numeric_compare
// (pg_sig compared with ==, which reads a hex string as its leading digits) passed GL-SDK-04, and GL-SDK-06
// but by chance, before both checks changed the last character of a genuine pg_sig.
describe('paycert run --subject sdk: the Perl g2g library', () => {
  const PERLGL = 'fixtures/third-party/perl-sdk-greenleaves/adapter.pl';
  const perl = (bugs: string, style = '') => ['env', `PLGL_BUGS=${bugs}`, `PLGL_STYLE=${style}`, 'perl', PERLGL];
  test.skipIf(!hasPerl)('greenleaves: the Perl library (pg_xml, no keep-alive) passes every sdk rule', async () => {
    const rules = await judgeSdk('greenleaves', perl('', 'pg_xml,close'));
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(rules.map((r) => r.id)).toContain('GL-SDK-11');
  });
  test.skipIf(!hasPerl).each([
    // pg_sig compared with ==: "4f1c…" == "4a07…", and a changed last character is never seen
    [
      'numeric_compare',
      ['gl.sdk.reply-verification', 'gl.sdk.callback-forged'],
      ['GL-SDK-04 warning', 'GL-SDK-06 warning'],
    ],
    // the values of the request in Perl's (random) hash order
    ['hash_order', ['gl.sdk.requests'], ['GL-SDK-01 failed']],
    // the multipart values of a callback run through a URL decoder ("+" becomes a space)
    ['multipart_urldecode', ['gl.sdk.callback-genuine'], ['GL-SDK-11 failed']],
    // answers rejected whenever the shop cannot deliver, pg_can_reject or not
    ['reject_always', ['gl.sdk.callback-reject'], ['GL-SDK-08 failed']],
    // the callback's script name from $0 (adapter.pl), as a CGI handler would take it: no genuine call is taken
    [
      'script_from_0',
      ['gl.sdk.callback-genuine', 'gl.sdk.callback-answer', 'gl.sdk.callback-reject'],
      ['GL-SDK-07 warning', 'GL-SDK-08 inconclusive', 'GL-SDK-10 inconclusive', 'GL-SDK-11 failed'],
    ],
  ] as const)('greenleaves: the Perl library with %s is judged on exactly its rules', async (bug, only, expected) => {
    const rules = await judgeSdk('greenleaves', perl(bug), [...only]);
    expect(
      rules.filter((r) => !['passed', 'skipped'].includes(r.verdict)).map((r) => `${r.id} ${r.verdict}`),
      shown(rules),
    ).toEqual(expected);
  });
});

// fixtures/third-party/node-sdk-v5: an outsider's v5 JSON client in plain Node.js ESM, from seed 000
// (GLV5_BUGS switches on its bugs; its README has the table). request-id-on-client passed before
// v5.sdk.requests sent a burst of overlapping requests: sent one after another, each got its own id;
// reply-sig-required (the first version of this SDK) left V5-SDK-01/02/05 inconclusive and the run "passed".
describe('paycert run --subject sdk: the Node v5 library', () => {
  const NODEV5 = 'fixtures/third-party/node-sdk-v5/adapter.js';
  const node = (bugs: string) => ['env', `GLV5_BUGS=${bugs}`, process.execPath, NODEV5];
  test('greenleaves-v5: the Node library passes every sdk rule', async () => {
    const rules = await judgeSdk('greenleaves-v5', node(''));
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(9);
  });
  test('greenleaves-v5: the Node library whose X-Request-Id is shared by overlapping requests fails V5-SDK-02', async () => {
    const rules = await judgeSdk('greenleaves-v5', node('request-id-on-client'), ['v5.sdk.requests']);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual(['V5-SDK-02']);
  });
  test('greenleaves-v5: the Node library that requires a signed reply warns on V5-SDK-10, not inconclusive only', async () => {
    const rules = await judgeSdk('greenleaves-v5', node('reply-sig-required'), ['v5.sdk.refusals']);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['V5-SDK-10']);
  });
});

// fixtures/third-party/perl-sdk-v5: an outsider's v5 JSON client in core Perl (HTTP::Tiny, JSON::PP,
// Digest::SHA, base64url by hand), from seed 000 and the fact digest; PLV5S_BUGS switches on its bugs,
// PLV5S_STYLE its style variants (its README and bugs.sh have the table). alg_from_header (the callback's
// MAC computed with the alg its header names) passed V5-SDK-09 before v5.sdk.callback-forged sent a
// header naming HS512 with the HS512 MAC: the HS256 MAC under alg HS512 did not verify either way;
// check_unverified (check_url calls taken unverified) passed V5-SDK-09 while the alg probes went to
// result_url only.
describe('paycert run --subject sdk: the Perl v5 library', () => {
  const PERLV5 = 'fixtures/third-party/perl-sdk-v5/adapter.pl';
  const perl = (bugs: string, style = '') => ['env', `PLV5S_BUGS=${bugs}`, `PLV5S_STYLE=${style}`, 'perl', PERLV5];
  test.skipIf(!hasPerl)(
    'greenleaves-v5: the Perl library (canonical, \\u and \\/ escapes, keep-alive, uuid v7) passes every sdk rule',
    async () => {
      const rules = await judgeSdk('greenleaves-v5', perl('', 'canonical,ascii,escape_slash,keepalive,uuid7'));
      expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
      expect(rules.map((r) => r.id)).toContain('V5-SDK-11');
    },
  );
  test.skipIf(!hasPerl).each([
    // signs the canonical encoding, sends encode_json's (hash order): the JWS is not over the bytes sent
    ['reencoded_body', ['v5.sdk.requests'], ['V5-SDK-01 failed']],
    // the JWS uri is the full URL, not the path
    ['full_url_uri', ['v5.sdk.requests'], ['V5-SDK-01 failed']],
    // X-Request-Id from time() and the pid: two requests in one second share it
    ['time_request_id', ['v5.sdk.requests'], ['V5-SDK-02 failed']],
    // a resend after a lost reply gets a new X-Request-Id
    ['new_id_on_retry', ['v5.sdk.retry-after-lost-reply'], ['V5-SDK-03 warning']],
    // X-Action gateway.payment.read, guessed from the URL
    ['read_action', ['v5.sdk.operations'], ['V5-SDK-11 warning']],
    // genuine callbacks verified over a re-encoded body: \/ and \u spellings refused
    [
      'callback_reencoded',
      ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged'],
      ['V5-SDK-07 warning', 'V5-SDK-08 inconclusive', 'V5-SDK-09 inconclusive'],
    ],
    // lc() on both signatures: a case-swapped forgery is taken
    ['lc_compare', ['v5.sdk.callback-forged'], ['V5-SDK-08 warning']],
    // the header chooses the MAC (HS512 computed for alg HS512, alg "none" with no signature taken)
    ['alg_from_header', ['v5.sdk.callback-forged'], ['V5-SDK-08 warning', 'V5-SDK-09 warning']],
    // only result_url calls verified ("check_url only asks"): any check_url call is taken, whatever its alg
    ['check_unverified', ['v5.sdk.callback-forged'], ['V5-SDK-08 warning', 'V5-SDK-09 warning']],
    // sprintf '%.2f' on the amount: "amount":"5.00", a JSON string (judged by no rule before V5-SDK-12)
    ['amount_string', ['v5.sdk.requests'], ['V5-SDK-12 warning']],
  ] as const)(
    'greenleaves-v5: the Perl library with %s is judged on exactly its rules',
    async (bug, only, expected) => {
      const rules = await judgeSdk('greenleaves-v5', perl(bug), [...only]);
      expect(
        rules.filter((r) => !['passed', 'skipped'].includes(r.verdict)).map((r) => `${r.id} ${r.verdict}`),
        shown(rules),
      ).toEqual(expected);
    },
  );
});

// fixtures/third-party/java-sdk-v5: an outsider's v5 JSON client in Java 17 (JDK only: HttpClient with
// its default HTTP/2 upgrade offer, javax.crypto.Mac, a hand-written JSON parser; JV5_BUGS switches on
// its bugs, JV5_STYLE its style variants; its README has the table). mac-ignore-case and
// attached-payload passed before v5.sdk.callback-forged sent those forgeries, action-from-url before
// V5-SDK-11; reply-needs-sig left
// V5-SDK-01/02/05 inconclusive although the gateway had made the payment.
const hasJava = spawnSync('java', ['-version']).status === 0 && spawnSync('javac', ['-version']).status === 0;
describe.skipIf(!hasJava)('paycert run --subject sdk: the Java v5 library', () => {
  const ADAPTER = 'fixtures/third-party/java-sdk-v5/adapter.sh';
  const java = (env: string) => ['env', env, 'sh', ADAPTER];
  beforeAll(() => {
    // adapter.sh compiles once into a cache in the temp dir; do it here, not inside a judged run
    const r = spawnSync('sh', [ADAPTER], { input: '', encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
  });
  test('greenleaves-v5: the Java library passes every sdk rule (its default client offers h2c)', async () => {
    const rules = await judgeSdk('greenleaves-v5', java('JV5_BUGS='));
    expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(10);
  });
  test('greenleaves-v5: the Java library in its other styles (chunked, pretty, \\u and \\/ escapes, 1E+2 amounts, HTTP/1.1) passes', async () => {
    const style = 'JV5_STYLE=chunked,pretty,ascii,escape-slash,sci-amount,uuid-upper,accept-charset,http1';
    const rules = await judgeSdk('greenleaves-v5', java(style), ['v5.sdk.requests', 'v5.sdk.operations']);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual([]);
  });
  test.each([
    ['mac-ignore-case', ['v5.sdk.callback-forged'], ['V5-SDK-08']],
    ['attached-payload', ['v5.sdk.callback-forged'], ['V5-SDK-08']],
    ['header-alg', ['v5.sdk.callback-forged'], ['V5-SDK-08', 'V5-SDK-09']],
    ['callback-reencode', ['v5.sdk.callback-genuine'], ['V5-SDK-07']],
    ['resign-body', ['v5.sdk.requests'], ['V5-SDK-01']],
    ['retry-new-id', ['v5.sdk.retry-after-lost-reply'], ['V5-SDK-03']],
    // every read refused by the gateway, yet all 10 rules passed before V5-SDK-11
    ['action-from-url', ['v5.sdk.operations'], ['V5-SDK-11']],
  ])('greenleaves-v5: the Java library with %s is judged on exactly its rules', async (bug, only, expected) => {
    const rules = await judgeSdk('greenleaves-v5', java(`JV5_BUGS=${bug}`), only);
    expect(judged(rules, 'failed', 'warning').sort(), shown(rules)).toEqual(expected);
  });
  test('greenleaves-v5: the Java library that requires a signed reply warns on V5-SDK-10 and leaves nothing unjudged', async () => {
    const rules = await judgeSdk('greenleaves-v5', java('JV5_BUGS=reply-needs-sig'), [
      'v5.sdk.operations',
      'v5.sdk.refusals',
    ]);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual(['V5-SDK-10']);
  });
});

// fixtures/third-party/java-sdk-greenleaves: an outsider's g2g client in Java 17 (JDK only: HttpClient
// with its default HTTP/2 upgrade offer, URLEncoder bodies, DOM-parsed and Transformer-written XML
// with self-closing empty elements, MessageDigest MD5; JG2G_BUGS switches on its bugs, JG2G_STYLE its
// style variants; its README has the table). Before it, a pg_xml request failed GL-SDK-01 ("no
// pg_salt"), a self-closing <shop_note/> was read as "\uE000shop_note", and an unpadded 31-digit
// pg_sig warned GL-SDK-03 next to GL-SDK-01.
describe.skipIf(!hasJava)('paycert run --subject sdk: the Java g2g library', () => {
  const ADAPTER = 'fixtures/third-party/java-sdk-greenleaves/adapter.sh';
  const java = (env: string) => ['env', env, 'sh', ADAPTER];
  beforeAll(() => {
    const r = spawnSync('sh', [ADAPTER], { input: '', encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
  });
  test('greenleaves: the Java library passes every sdk rule (its default client offers h2c)', async () => {
    const rules = await judgeSdk('greenleaves', java('JG2G_BUGS='));
    expect(judged(rules, 'failed', 'warning', 'inconclusive', 'skipped'), shown(rules)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(11);
  });
  test('greenleaves: the Java library sending pg_xml as multipart over HTTP/1.1 passes the request rules', async () => {
    const rules = await judgeSdk('greenleaves', java('JG2G_STYLE=pg_xml,multipart,http1'), ['gl.sdk.requests']);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual([]);
  });
  test.each([
    ['sign_encoded', ['gl.sdk.requests'], ['GL-SDK-01']],
    // 31 hex digits: before, GL-SDK-03 warned too ("pg_sig is not in the required format")
    ['hex_no_pad', ['gl.sdk.requests'], ['GL-SDK-01']],
    ['static_salt', ['gl.sdk.requests'], ['GL-SDK-02']],
    ['trust_reply', ['gl.sdk.reply-verification'], ['GL-SDK-04']],
    ['trust_callback', ['gl.sdk.callback-forged'], ['GL-SDK-06']],
    ['callback_urldecode', ['gl.sdk.callback-genuine'], ['GL-SDK-11']],
    ['answer_script_payment', ['gl.sdk.callback-answer'], ['GL-SDK-07']],
    ['reject_always', ['gl.sdk.callback-reject'], ['GL-SDK-08']],
  ])('greenleaves: the Java library with %s is judged on exactly its rules', async (bug, only, expected) => {
    const rules = await judgeSdk('greenleaves', java(`JG2G_BUGS=${bug}`), only);
    expect(judged(rules, 'failed', 'warning').sort(), shown(rules)).toEqual(expected);
  });
  test('greenleaves: the Java library signing in uppercase hex is told so on GL-SDK-07, not "another script"', async () => {
    const rules = await judgeSdk('greenleaves', java('JG2G_BUGS=upper_hex'), ['gl.sdk.callback-answer']);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['GL-SDK-07']);
    expect(rules.find((r) => r.id === 'GL-SDK-07')!.reason).toMatch(
      /signed for script "notify" but its pg_sig [0-9A-F]{32} is uppercase/,
    );
  });
});

// fixtures/third-party/java-sdk-jysan: an outsider's Jysan eCom client in Java 17 (JDK only: HttpClient with
// its default h2c upgrade offer, URLEncoder bodies, BigDecimal amounts, SecureRandom NONCE, MessageDigest
// SHA-512, DOM-parsed XML replies; JJY_BUGS switches on its bugs, JJY_STYLE its style variants; its README has
// the table). redecode passed before jy.sdk.backref sent a res_desc with a '+' and no '%': Java's
// URLDecoder.decode throws on "100%", and an SDK that keeps the raw value when it throws verified
// "3-D Secure+ok 100%" as signed while it turns every "+" of a valid escape-free value into a space.
describe.skipIf(!hasJava)('paycert run --subject sdk: the Java Jysan library', () => {
  const ADAPTER = 'fixtures/third-party/java-sdk-jysan/adapter.sh';
  const java = (env: string) => ['env', env, 'sh', ADAPTER];
  beforeAll(() => {
    const r = spawnSync('sh', [ADAPTER], { input: '', encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
  });
  test('jysan: the Java library passes every sdk rule (its default client offers h2c)', async () => {
    const rules = await judgeSdk('jysan', java('JJY_BUGS='));
    expect(judged(rules, 'failed', 'warning', 'inconclusive', 'skipped'), shown(rules)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(10);
  });
  test('jysan: the Java library over HTTP/1.1 with %20, alphabetical fields passes', async () => {
    const rules = await judgeSdk('jysan', java('JJY_STYLE=http1,pct20,field-order-alpha'), [
      'jy.sdk.payment-form',
      'jy.sdk.status-cancel',
    ]);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual([]);
  });
  test.each([
    ['redecode', ['jy.sdk.backref'], ['JY-SDK-10']],
    // every verified redirect reported as paid, a declined one (res_code 05) too: all rules passed before JY-SDK-12
    ['paid-on-verify', ['jy.sdk.backref'], ['JY-SDK-12']],
    // the form's action the production host, whatever gateway it is given: all rules passed before JY-SDK-11
    ['hardcoded-host', ['jy.sdk.payment-form'], ['JY-SDK-11']],
    ['trust-redirect', ['jy.sdk.backref'], ['JY-SDK-04']],
    ['amount-locale', ['jy.sdk.payment-form'], ['JY-SDK-09']],
    ['sign-language', ['jy.sdk.payment-form'], ['JY-SDK-01']],
    ['nonce-static', ['jy.sdk.payment-form'], ['JY-SDK-02']],
    ['cancel-no-trailing', ['jy.sdk.status-cancel'], ['JY-SDK-03']],
    ['ignore-code', ['jy.sdk.status-cancel'], ['JY-SDK-06']],
    ['browser-sign-b64', ['jy.sdk.no-key-in-form'], ['JY-SDK-07']],
  ])('jysan: the Java library with %s is judged on exactly its rules', async (bug, only, expected) => {
    const rules = await judgeSdk('jysan', java(`JJY_BUGS=${bug}`), only);
    expect(judged(rules, 'failed', 'warning').sort(), shown(rules)).toEqual(expected);
    expect(judged(rules, 'inconclusive'), shown(rules)).toEqual([]);
  });
});

// The same mistake without a JVM: an adapter that decodes the redirect's values a second time the way
// Java's URLDecoder.decode does inside a try/catch that keeps the raw value ('+' → ' ', and a '%' not
// followed by two hex digits throws). It verified "3-D Secure+ok 100%" as genuine, so JY-SDK-10 passed.
test('jysan: a second URL-decoding that keeps the value it cannot decode is judged on JY-SDK-10', async () => {
  const script = `
const { createHash } = require('node:crypto');
const rl = require('node:readline').createInterface({ input: process.stdin });
const decode = (v) => { try { return decodeURIComponent(v.replace(/\\+/g, ' ')); } catch { return v; } };
rl.on('line', (line) => {
  const r = JSON.parse(line);
  let a;
  if (r.op !== 'backref.verify') a = { id: r.id, ok: false, error: { kind: 'unsupported', message: r.op } };
  else {
    const q = Object.fromEntries(Object.entries(r.input.query).map(([k, v]) => [k, decode(v)]));
    const s = ['order', 'mpi_order', 'rrn', 'res_code', 'amount', 'currency', 'res_desc'].map((k) => (q[k] ?? '') + ';').join('');
    const want = createHash('sha512').update(r.credentials.sharedSecret + s, 'utf8').digest('hex');
    a = q.sign === want
      ? { id: r.id, ok: true, output: { verified: true, order: q.order, resCode: q.res_code, paid: q.res_code === '0' } }
      : { id: r.id, ok: false, error: { kind: 'signature', message: 'sign does not verify' } };
  }
  process.stdout.write(JSON.stringify(a) + '\\n');
});`;
  const rules = await judgeSdk('jysan', [process.execPath, '-e', script], ['jy.sdk.backref']);
  expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['JY-SDK-10']);
  expect(rules.find((r) => r.id === 'JY-SDK-10')!.reason).toContain('"3-D Secure+ok"');
});
