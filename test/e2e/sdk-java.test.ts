// The outsiders' SDKs in Java 17 (fixtures/third-party/java-sdk-*), judged in this process (sdk-judge.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { judgeSdk, judged, shown } from './sdk-judge.ts';
import { serveSessions, type SessionServer } from './adapter-sessions.ts';
import { hasJava } from './java.ts';
import { hasPerl } from './perl.ts';

// each case's adapter command is the session relay (fixtures/third-party/session-relay.pl, core Perl)
const runnable = hasJava && hasPerl;

/** One JVM for a describe's cases, each case a session with its own switches (adapter-sessions.ts):
 *  the server of `adapter` starts in beforeAll (adapter.sh compiles once into its cache there, not
 *  inside a judged run) and ends in afterAll; `java('NAME=value')` is a case's adapter command. */
function javaSessions(adapter: string): (env: string) => string[] {
  let server: SessionServer;
  beforeAll(async () => {
    server = await serveSessions(['sh', adapter]);
  });
  afterAll(() => server?.close());
  return (env) => {
    const [name, value] = env.split('=') as [string, string];
    return server.command({ [name]: value });
  };
}

// fixtures/third-party/java-sdk-v5: an outsider's v5 JSON client in Java 17 (JDK only: HttpClient with
// its default HTTP/2 upgrade offer, javax.crypto.Mac, a hand-written JSON parser; JV5_BUGS switches on
// its bugs, JV5_STYLE its style variants; its README has the table). mac-ignore-case and
// attached-payload passed before v5.sdk.callback-forged sent those forgeries, action-from-url before
// V5-SDK-11; reply-needs-sig left
// V5-SDK-01/02/05 inconclusive although the gateway had made the payment.

describe.skipIf(!runnable)('paycert run --subject sdk: the Java v5 library', () => {
  const java = javaSessions('fixtures/third-party/java-sdk-v5/adapter.sh');
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
  // V5-SDK-19 cannot be judged: every refusal reaches the caller as "badly signed" (V5-SDK-10's), never
  // with the gateway's code
  test('greenleaves-v5: the Java library that requires a signed reply warns on V5-SDK-10 and leaves only V5-SDK-19 unjudged', async () => {
    const rules = await judgeSdk('greenleaves-v5', java('JV5_BUGS=reply-needs-sig'), [
      'v5.sdk.operations',
      'v5.sdk.refusals',
    ]);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['V5-SDK-10']);
    expect(judged(rules, 'inconclusive'), shown(rules)).toEqual(['V5-SDK-19']);
  });
});

// fixtures/third-party/java-sdk-greenleaves: an outsider's g2g client in Java 17 (JDK only: HttpClient
// with its default HTTP/2 upgrade offer, URLEncoder bodies, DOM-parsed and Transformer-written XML
// with self-closing empty elements, MessageDigest MD5; JG2G_BUGS switches on its bugs, JG2G_STYLE its
// style variants; its README has the table). Before it, a pg_xml request failed GL-SDK-01 ("no
// pg_salt"), a self-closing <shop_note/> was read as "\uE000shop_note", and an unpadded 31-digit
// pg_sig warned GL-SDK-03 next to GL-SDK-01.
describe.skipIf(!runnable)('paycert run --subject sdk: the Java g2g library', () => {
  const java = javaSessions('fixtures/third-party/java-sdk-greenleaves/adapter.sh');
  test('greenleaves: the Java library passes every sdk rule (its default client offers h2c)', async () => {
    const rules = await judgeSdk('greenleaves', java('JG2G_BUGS='));
    // its adapter gives no paid flag (optional): GL-SDK-13 is not judged
    expect(judged(rules, 'failed', 'warning', 'inconclusive', 'skipped'), shown(rules)).toEqual(['GL-SDK-13']);
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
describe.skipIf(!runnable)('paycert run --subject sdk: the Java Jysan library', () => {
  const java = javaSessions('fixtures/third-party/java-sdk-jysan/adapter.sh');
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
    // every redirect taken as verified: the genuine ones too, which shows nothing of how it verifies (JY-SDK-10)
    ['trust-redirect', ['jy.sdk.backref'], ['JY-SDK-04'], ['JY-SDK-10']],
    // "%.2f" writes 1500,50; for an order of 13 digits it is longer than its own check of AMOUNT allows, so
    // it refuses that valid order (JY-SDK-13)
    ['amount-locale', ['jy.sdk.payment-form'], ['JY-SDK-09', 'JY-SDK-13']],
    ['sign-language', ['jy.sdk.payment-form'], ['JY-SDK-01']],
    ['nonce-static', ['jy.sdk.payment-form'], ['JY-SDK-02']],
    ['cancel-no-trailing', ['jy.sdk.status-cancel'], ['JY-SDK-03']],
    ['ignore-code', ['jy.sdk.status-cancel'], ['JY-SDK-06']],
    ['browser-sign-b64', ['jy.sdk.no-key-in-form'], ['JY-SDK-07']],
  ] as Array<[string, string[], string[], string[]?]>)(
    'jysan: the Java library with %s is judged on exactly its rules',
    async (bug, only, expected, inconclusive = []) => {
      const rules = await judgeSdk('jysan', java(`JJY_BUGS=${bug}`), only);
      expect(judged(rules, 'failed', 'warning').sort(), shown(rules)).toEqual(expected);
      expect(judged(rules, 'inconclusive'), shown(rules)).toEqual(inconclusive);
    },
  );
});
