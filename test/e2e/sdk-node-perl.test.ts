// The outsiders' SDKs in plain Node.js and core Perl, one per profile (fixtures/third-party/node-sdk-*,
// perl-sdk-*), judged in this process (sdk-judge.ts), concurrently: each case starts its own reference gateway
// and adapter and closes only its own (28 s wall for 9 CPU-s one at a time, 14 s so).
import { describe, expect, test } from 'vitest';
import { judgeSdk, judged, shown } from './sdk-judge.ts';
import { hasPerl } from './perl.ts';

// fixtures/third-party/node-sdk-jysan: an outsider's Jysan eCom client in plain Node.js (CommonJS, no dependencies),
// from seed 002 and the fact digest; JYSAN_SDK_BUGS switches on its realistic bugs (its README has the table).
// backref-plus passed before jy.sdk.backref sent genuine redirects whose res_desc holds '+', '%' and Cyrillic,
// form-cache before jy.sdk.payment-form built one order's form twice, timing-slice before jy.sdk.backref sent a cut sign.
describe.concurrent('paycert run --subject sdk: the Jysan Node.js SDK', () => {
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
describe.concurrent('paycert run --subject sdk: the Jysan Perl SDK', () => {
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
    // perlfaq5's commify on AMOUNT ("1,500.00"), signed so: only the field table (a MUST since the audit) is broken
    ['commify', ['JY-SDK-09'], [], 'jy.sdk.payment-form'],
    // encode_utf8 on the values before HTTP::Tiny's post_form: REV_DESC's Cyrillic arrives encoded twice, another
    // text than the caller's (JY-SDK-19) and than the one signed (JY-SDK-03)
    ['preencode_form', [], ['JY-SDK-03', 'JY-SDK-19'], 'jy.sdk.status-cancel'],
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
  // NONCE from a form counter, which JSON::PP writes as a JSON number: before the form's integer fields were read
  // as their digits, every form warned, the first one with a 6-digit NONCE ("not in the required format"). A
  // counter is no random number (JY-SDK-02: it passed, being unique, before the NONCEs' order was judged)
  test.skipIf(!hasPerl)(
    'jysan: the Perl SDK with short_nonce fails JY-SDK-09 on the NONCEs shorter than 6 digits, JY-SDK-02 on the counter',
    async () => {
      const rules = await judgeSdk(
        'jysan',
        ['env', 'PLJY_BUGS=short_nonce', 'PLJY_STYLE=', 'perl', PERLJY],
        ['jy.sdk.payment-form'],
      );
      expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual(['JY-SDK-02', 'JY-SDK-09']);
      expect(rules.find((x) => x.id === 'JY-SDK-02')?.reason).toMatch(/only count up, their last six digits too/);
      const r = rules.find((x) => x.id === 'JY-SDK-09');
      expect(r?.verdict, shown(rules)).toBe('failed');
      // what breaks the table first, then the form (a certificate's reason is cut at 400 characters)
      expect(r?.reason).toMatch(
        /the first: NONCE is shorter than 6 characters, [^{]*the form \{[^}]*"NONCE":"[0-9]{1,5}"/,
      );
    },
  );
});

// fixtures/third-party/node-sdk-greenleaves: an outsider's g2g client in plain Node.js ESM, from seed 001
// (GL_SDK_BUGS switches on its bugs; its README has the table). The callback bugs below passed, or failed
// GL-SDK-10 for a genuine call it never took, before GL-SDK-11 and gl.sdk.callback-genuine; payment-script
// passed before gl.sdk.requests sent clearing, cancel and refund.
describe.concurrent('paycert run --subject sdk: the Node g2g library', () => {
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
    // verifies over the pg_ fields only: the merchant's own fields are signed too (in a pg_xml call as well)
    ['pg-only-verify', ['gl.sdk.callback-genuine'], ['GL-SDK-11 failed', 'GL-SDK-23 warning']],
    // URLSearchParams on a multipart body: no genuine call is ever taken
    [
      'form-only',
      ['gl.sdk.callback-genuine', 'gl.sdk.callback-reject'],
      ['GL-SDK-08 inconclusive', 'GL-SDK-10 inconclusive', 'GL-SDK-11 failed'],
    ],
    // clearing, cancel and refund signed as "payment" (copy-paste): no check sent them before
    ['payment-script', ['gl.sdk.requests'], ['GL-SDK-01 failed']],
    // verifies and signs callbacks with a fixed script name "result": no genuine call is taken, pg_xml's neither
    [
      'fixed-script',
      ['gl.sdk.callback-genuine', 'gl.sdk.callback-answer'],
      ['GL-SDK-07 warning', 'GL-SDK-11 failed', 'GL-SDK-23 warning'],
    ],
    // the parameters posted as JSON: GL-SDK-01 failed ("no pg_salt"), 03 warned and 04 was inconclusive before
    ['post-json', ['gl.sdk.requests', 'gl.sdk.reply-verification'], ['GL-SDK-12 warning']],
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
describe.concurrent('paycert run --subject sdk: the Perl g2g library', () => {
  const PERLGL = 'fixtures/third-party/perl-sdk-greenleaves/adapter.pl';
  const perl = (bugs: string, style = '') => ['env', `PLGL_BUGS=${bugs}`, `PLGL_STYLE=${style}`, 'perl', PERLGL];
  test.skipIf(!hasPerl)('greenleaves: the Perl library (pg_xml, no keep-alive) passes every sdk rule', async () => {
    const rules = await judgeSdk('greenleaves', perl('', 'pg_xml,close'));
    // its adapter gives no paid flag (optional): GL-SDK-13 is not judged
    expect(judged(rules, 'skipped')).toEqual(['GL-SDK-13']);
    expect(
      rules.filter((r) => !['passed', 'skipped'].includes(r.verdict)).map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
    ).toEqual([]);
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
    // the callback's script name from $0 (adapter.pl), as a CGI handler would take it: no genuine call is
    // taken, pg_xml's neither
    [
      'script_from_0',
      ['gl.sdk.callback-genuine', 'gl.sdk.callback-answer', 'gl.sdk.callback-reject'],
      [
        'GL-SDK-07 warning',
        'GL-SDK-08 inconclusive',
        'GL-SDK-10 inconclusive',
        'GL-SDK-11 failed',
        'GL-SDK-23 warning',
      ],
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
describe.concurrent('paycert run --subject sdk: the Node v5 library', () => {
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
describe.concurrent('paycert run --subject sdk: the Perl v5 library', () => {
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

// The same mistake without a JVM: an adapter that decodes the redirect's values a second time the way
// Java's URLDecoder.decode does inside a try/catch that keeps the raw value ('+' → ' ', and a '%' not
// followed by two hex digits throws). It verified "3-D Secure+ok 100%" as genuine, so JY-SDK-10 passed.
test.concurrent(
  'jysan: a second URL-decoding that keeps the value it cannot decode is judged on JY-SDK-10',
  async () => {
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
  },
);
