// Each reference merchant judged as a real target (no control API) behind an edge (test/proxy.ts,
// written from the API documents): the nginx / CDN / WAF a real shop's result_url, check_url and
// BACKREF sit behind. paycert plays the gateway and the bank, so the edge stands between paycert's
// callbacks and the shop: the re-framings a real edge applies must leave every rule passed, and each
// defect it introduces must fail (or warn, for an INFERRED rule) exactly the rules it breaks, with a
// reason that names the cause. See test/proxy-merchants.md for the table.
import { expect, test } from 'vitest';
import type { ProfileId } from '../../src/spec/paths.ts';
import { realOnlyRules } from '../../src/spec/load.ts';
import type { EdgeOptions } from '../proxy.ts';
import { judgeMerchant } from '../merchant-edge.ts';

type Judged = Awaited<ReturnType<typeof judgeMerchant>>;

function unjudged(profile: ProfileId, v: Judged, verdicts = ['passed', 'skipped']): string[] {
  const realOnly = realOnlyRules(profile);
  return v.rules
    .filter((r) => !verdicts.includes(r.verdict) && !realOnly.has(r.id))
    .map((r) => `${r.id} ${r.verdict}: ${r.reason}`);
}

// Seed-conformant edges, over every merchant check. paycert sends no Accept-Encoding, so any coding
// is acceptable (RFC 9110 12.5.3); "TEXT/XML; Charset="UTF-8"" is text/xml in utf-8 (RFC 9110 8.3.1);
// header names are case-insensitive (RFC 9110 5.1), on the way in (node lower-cases them) as on the
// way out; a chunked request body is the same body; in application/x-www-form-urlencoded "+" and
// "%20" both decode to a space, and the signatures are over the decoded values (g2g pg_sig, Jysan
// sign), never over the bytes.
const CONFORMANT: Array<[string, EdgeOptions, ProfileId[]]> = [
  [
    'gzip, odd-cased headers, cookies and HSTS, charset rewritten, 1xx, keep-alive of 3, requests re-chunked, "+" as %20',
    {
      compress: 'gzip',
      compressAlways: true,
      oddCase: true,
      extraHeaders: true,
      charsetParam: true,
      interim: true,
      maxRequestsPerSocket: 3,
      rechunkRequests: 7,
      plusAsPercent20: true,
    },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
  // a BOM before the shop's XML is part of XML (XML 1.0 4.3.3); the v5 shop answers JSON (RFC 8259 8.1
  // forbids a sender one), the Jysan shop HTML
  ['HTTP/1.0, drip-fed, a BOM before XML answers', { http10: true, drip: 16, bom: true }, ['greenleaves']],
  ['HTTP/1.0, drip-fed', { http10: true, drip: 16 }, ['greenleaves-v5', 'jysan']],
  // a cache keyed by the whole URL: a reloaded redirect gets the page the first one got, as the shop
  // must answer it anyway (JY-MRD-04); every other result is another URL
  ['GET pages cached by their whole URL', { cacheGets: 'url' }, ['jysan']],
  // RFC 9110 15.2 (a client MUST parse unexpected 1xx: undici refused a 100 Continue), RFC 9112 7.1
  // (chunks of a byte, trailer fields), 9.6 (Connection: close), RFC 9110 5.3 (the same Content-Type
  // twice names one type). The fields of a callback in reverse order: g2g pg_sig is over the fields
  // sorted by name (seed 001), Jysan's sign over the values in the order the document lists, v5 is JSON
  [
    'deflate, chunked a byte a chunk with a trailer, Connection: close, two 100 Continue, Content-Type twice, fields reordered',
    {
      compress: 'deflate',
      compressAlways: true,
      chunkedTrailers: 1,
      connectionClose: true,
      unsolicitedContinue: 2,
      duplicateContentType: true,
      reorderForm: true,
    },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
  [
    'HTTP/1.0 delimited by close, a 100 Continue first',
    { http10: true, closeDelimited: true, unsolicitedContinue: 1 },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
];

test.concurrent.each(CONFORMANT.flatMap(([name, edge, profiles]) => profiles.map((p) => [p, name, edge] as const)))(
  '%s merchant behind a conformant edge (%s): every rule passes',
  async (profile, _name, edge) => {
    const v = await judgeMerchant(profile, edge, 'all');
    expect(unjudged(profile, v)).toEqual([]);
    expect(v.of('passed').length).toBeGreaterThan(7);
  },
);

// A shop whose edge fails to reach it now and then (every 4th request answered 502 by the edge itself,
// never forwarded), or rate-limits (nginx `limit_req_status 429`: every 4th answered 429 Too Many
// Requests, the call not taken): the gateway calls again a result_url not answered 200 (seed 001 "будет
// предпринимать повторные попытки"), and so does paycert with such a call, once (after a 429's
// Retry-After), and a concurrent one after the burst. Was, for the 502: GL-MCB-06 (MUST) failed on a
// repeat answered 502, JY-MRD-01/07 warned on a forged result not refused with a 4xx, JY-MRD-14 and
// V5-MCB-05 on an amount spelled otherwise "not taken", GL-MCB-08 and V5-MCB-08 on a 502 among
// concurrent repeats, and a 502 left other rules inconclusive; for the 429: GL-MCB-06 (MUST) failed on
// "HTTP 429", and V5 and Jysan rules warned on the edge's refusal as if the shop had given it.
test.concurrent.each(
  (['greenleaves', 'greenleaves-v5', 'jysan'] as const).flatMap((p) =>
    (
      [
        ['misses the shop on every 4th request', { badGatewayEvery: 4 }],
        ['rate-limits every 4th request with a 429', { tooManyEvery: 4 }],
      ] as const
    ).map(([what, edge]) => [p, what, edge] as const),
  ),
)('%s merchant behind an edge that %s: each such call sent again, every rule passes', async (profile, _what, edge) => {
  const v = await judgeMerchant(profile, edge, 'all');
  expect(unjudged(profile, v)).toEqual([]);
  expect(v.received - v.forwarded).toBeGreaterThan(5);
});

// nginx `limit_req` in front of the shop as nginx does it (a leaky bucket; no Retry-After; `limit_req_status
// 429`, or its default 503 with its "503 Service Temporarily Unavailable" page): paycert's calls, sent as
// fast as the shop answers, meet it often, and the concurrent ones in a burst. A call so refused is sent
// again after a pause (200, 400, 800 ms here; a real target's pacing, 1.5 s, and doubling), as the gateway
// calls again a result_url not answered 200 (seed 001), and the limit lets it through. Was: GL-MCB-06 and
// GL-MCB-14 (MUST) failed on "repeat 1 for an expired order: HTTP 503, the first was rejected" and "a
// genuine call … whose pg_sig begins with 0 was answered HTTP 503", V5-MCB-01/05 and JY-MRD-01/03/06/08
// warned ("a redirect with a forged sign was answered HTTP 503, a genuine one HTTP 200"), the rest
// inconclusive: the call was sent again once, at once, and its second refusal judged as the shop's answer
test.concurrent.each(
  (['greenleaves', 'greenleaves-v5', 'jysan'] as const).flatMap((p) =>
    ([429, 503] as const).map((status) => [p, status] as const),
  ),
)(
  '%s merchant behind nginx limit_req (5 r/s, no burst, status %s): each refused call sent again after a pause, every rule passes',
  async (profile, status) => {
    const v = await judgeMerchant(profile, { limitReq: { perSecond: 5, status } }, 'all');
    expect(unjudged(profile, v)).toEqual([]);
    expect(v.received - v.forwarded).toBeGreaterThan(5);
  },
);

// A limit the pauses do not outlast (one call in 5 s), or a check_url slower than the edge's
// proxy_read_timeout (its 504 "Gateway Time-out" page each time): the calls never reach the shop. Nothing
// is failed or warned, and the rules they served are inconclusive with a short reason naming the rate
// limit or the edge's timeout page, never its HTML. Was: GL-MCB-06/13 failed ("repeat 1: HTTP 429, the
// first was ok", "an expired order with pg_can_reject=1 was answered HTTP 429"), GL-MCB-12 and V5-MCB-05
// warned ("check_url answered HTTP 504 for a payable order"), JY-MRD-01/03 warned
const NEVER: Array<[ProfileId, string, EdgeOptions, string[], RegExp]> = [
  [
    'greenleaves',
    'nginx limit_req 429 at one call in 5 s',
    { limitReq: { perSecond: 0.2, status: 429 } },
    ['gl.merchant.repeat', 'gl.merchant.can-reject'],
    /^gl\.merchant\.[a-z-]+: POST http:\/\/127\.0\.0\.1:\d+\/shop\/pay\/result was answered HTTP 429 \(a rate limit: the call not taken\) each of the 4 times it was sent over [0-9.]+ s .*: the shop never took the call/,
  ],
  [
    'greenleaves',
    "check_url slower than the edge's proxy_read_timeout (504)",
    { slowUpstreamMs: 300, readTimeoutMs: 100, slowPath: '/shop/pay/check' },
    ['gl.merchant.check-url'],
    /^gl\.merchant\.check-url: POST http:\/\/127\.0\.0\.1:\d+\/shop\/pay\/check was answered HTTP 504 with an edge's "504 Gateway Time-out" page \(the edge's timeout: the shop did not answer it in time\) each of the 4 times/,
  ],
  [
    'greenleaves-v5',
    "check_url slower than the edge's proxy_read_timeout (504)",
    { slowUpstreamMs: 300, readTimeoutMs: 100, slowPath: '/shop/v5/check' },
    ['v5.mcb.check'],
    /^v5\.mcb\.check: POST http:\/\/127\.0\.0\.1:\d+\/shop\/v5\/check was answered HTTP 504 with an edge's "504 Gateway Time-out" page \(the edge's timeout/,
  ],
  [
    'jysan',
    'nginx limit_req 503 at one call in 5 s',
    { limitReq: { perSecond: 0.2 } },
    ['jy.merchant.forged', 'jy.merchant.post-repeat'],
    /^jy\.merchant\.[a-z-]+: (GET|POST) http:\/\/127\.0\.0\.1:\d+\/shop\/jysan\/back was answered HTTP 503 with an edge's "503 Service Temporarily Unavailable" page \(the shop unavailable, or a rate limit/,
  ],
];

test.concurrent.each(NEVER)(
  '%s merchant behind an edge that never lets the call through (%s): nothing failed or warned, the rules inconclusive naming why',
  async (profile, _what, edge, checks, why) => {
    const v = await judgeMerchant(profile, edge, checks);
    expect({ failed: v.of('failed'), warned: v.of('warning') }, unjudged(profile, v).join('\n')).toEqual({
      failed: [],
      warned: [],
    });
    const undecided = v.rules.filter((r) => r.verdict === 'inconclusive');
    expect(undecided.length).toBeGreaterThan(0);
    for (const r of undecided) expect([r.id, r.reason]).toEqual([r.id, expect.stringMatching(why)]);
    for (const r of v.rules) expect(String(r.reason ?? '')).not.toMatch(/<html|<center|nginx<\/center>/);
  },
);

// The same edge sending its 502 page with HTTP 200 (nginx `error_page 502 =200 /50x.html`): the page
// states that the shop never saw the call, so it is sent again as a 502 is, and the shop's own answer
// judged. Was: GL-MCB-06 (MUST) failed on "repeat 1: HTTP 200, not XML: <html>…502 Bad Gateway", and
// GL-MCB-09/10/12, V5-MCB-04/05/08, JY-MRD-01/03/04/06/07/10/12/14 warned on the page. But the gateway
// calls again only a result_url "не со статусом 200" (seed 001; v5 shares its semantics): each result_url
// call so answered is lost, and GL-MCB-01 fails (V5-MCB-01 warns) on it, whichever check's call met it
// (was: only when result-ok's own first call did, "may or may not"; probe21). The seed says nothing of
// the Jysan bank's retries: nothing is blamed there.
test.concurrent.each(['greenleaves', 'greenleaves-v5', 'jysan'] as const)(
  '%s merchant behind an edge that misses the shop on every 4th request, its 502 page sent as HTTP 200: each such call sent again, the lost call blamed where the seed retries only a non-200',
  async (profile) => {
    const v = await judgeMerchant(profile, { badGatewayEvery: 4, badGatewayAs200: true }, 'all');
    const lost =
      /^(GL|V5)-MCB-01 (failed|warning): .*a result_url call \(POST [^)]*\) was answered HTTP 200 with an edge's "502 Bad Gateway" page: an edge's error page served with HTTP 200, and a gateway does not call again a result_url answered 200/;
    const blamed = unjudged(profile, v);
    expect(blamed.filter((r) => !lost.test(r))).toEqual([]);
    expect(blamed.length).toBe(profile === 'jysan' ? 0 : 1);
    expect(v.received - v.forwarded).toBeGreaterThan(5);
  },
);

// The same edge answering with a 302 to its own 502 page (nginx `error_page 502 https://…/50x.html`),
// the page sent with 502 or 200: the page states that the shop never saw the call, so it is sent once
// more (the g2g and v5 gateways call again a result_url not answered 200; the payer's browser follows
// the Jysan redirect to the page and reloads). Was: GL-MCB-06 (MUST) failed on "repeat 1: HTTP 302 to
// /50x.html", GL-MCB-09/10/12, V5-MCB-04/05/08 and JY-MRD-01/03/06/08/10/11/14 warned on the edge's page
test.concurrent.each(
  (['greenleaves', 'greenleaves-v5', 'jysan'] as const).flatMap((p) =>
    [false, true].map((as200) => [p, as200] as const),
  ),
)(
  '%s merchant behind an edge that misses the shop on every 4th request with a 302 to its 502 page (sent as HTTP 200: %s): each such call sent again, every rule passes',
  async (profile, as200) => {
    const v = await judgeMerchant(
      profile,
      { badGatewayEvery: 4, badGatewayAs200: as200, badGatewayRedirect: '/50x.html' },
      'all',
    );
    expect(unjudged(profile, v)).toEqual([]);
    expect(v.received - v.forwarded).toBeGreaterThan(5);
  },
);

// A slow shop behind an edge that sends a POST again when the first attempt takes too long
// (proxy_next_upstream on a timeout): the shop gets every callback twice. The seed makes that the
// shop's business ("Магазин должен быть готов к тому, что Result URL будет вызван повторно для одного
// и того же платежа. Ответы на повторные вызовы должны совпадать с первоначальным ответом"): an
// idempotent shop absorbs it, and nothing is to be judged on it.
test('greenleaves merchant behind an edge that retries slow POSTs: duplicate deliveries absorbed, every rule passes', async () => {
  const v = await judgeMerchant('greenleaves', { slowUpstreamMs: 120, retryPostAfterMs: 60 }, [
    'gl.merchant.result-ok',
    'gl.merchant.repeat',
    'gl.merchant.failed-payment',
  ]);
  expect(unjudged('greenleaves', v)).toEqual([]);
  expect(v.forwarded).toBeGreaterThanOrEqual(2 * v.received);
});

interface DefectCase {
  profile: ProfileId;
  name: string;
  edge: EdgeOptions;
  checks: string[] | 'all';
  /** the declaration's own fields (the form the shop takes calls in) */
  declare?: Record<string, unknown>;
  failed: string[];
  warned: string[];
  /** the reason of the first failed or warned rule names the cause */
  cause?: RegExp;
  /** rules left unjudged (inconclusive or skipped), each with a reason that names why */
  unread?: Record<string, RegExp>;
  /** of the unread rules, those that must be inconclusive (the check could not learn them), not skipped */
  undecided?: string[];
  /** the reasons of other failed or warned rules, each naming the cause */
  why?: Record<string, RegExp>;
}

const CANNED_XML =
  '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status><pg_description>Accepted</pg_description></response>';

const DEFECTS: DefectCase[] = [
  // an edge stripping a field of the signature from the form callbacks (a body-size or "secrets"
  // filter): the shop refuses the genuine calls in the form it declared as badly signed, as it must
  // for a call without pg_sig; the pg_xml calls, signed inside the XML, pass. From outside the shop
  // answers "error" to a readable genuine call (GL-MCB-15; seed 001: "error - ошибка в интерпретации
  // данных"); whether it checks signatures at all is then not shown (GL-MCB-03)
  ...(['pg_sig', 'pg_salt'] as const).map((field): DefectCase => ({
    profile: 'greenleaves',
    name: `${field} stripped from the form callbacks`,
    edge: { dropRequestField: [field] },
    checks: ['gl.merchant.result-ok', 'gl.merchant.forged'],
    failed: ['GL-MCB-15'],
    warned: [],
    cause: /a genuine call sent as POST multipart was not read: pg_status=error "Неверная подпись"/,
    // the shop's answer itself is the documented XML, signed: GL-MCB-01, -02 and -11 are judged on it
    // (probe 22: they were left inconclusive with the rest of result-ok)
    unread: {
      'GL-MCB-03': /precondition: a genuine POST multipart call for a payable order was answered pg_status=error/,
    },
  })),
  {
    profile: 'greenleaves',
    name: 'POST answers cached by URL (exactness: every check)',
    edge: { cachePosts: true },
    checks: 'all',
    // the first ok is the answer to every call after it: forged, expired, unknown, other amounts
    failed: ['GL-MCB-13'],
    warned: ['GL-MCB-03', 'GL-MCB-12', 'GL-MCB-18', 'GL-MCB-19'],
    cause: /expired order with pg_can_reject=1 was answered pg_status=ok/,
    unread: {
      'GL-MCB-10': /accepts a call with a wrong pg_sig \(GL-MCB-03\)/,
      // was "ran but never reached an assertion of GL-MCB-16"
      'GL-MCB-16': /no call was answered "rejected"/,
    },
  },
  {
    profile: 'greenleaves',
    name: "a WAF answering 403 HTML to a body holding '<' (the shop takes pg_xml)",
    edge: { waf: true },
    declare: { requestMethod: 'XML' },
    checks: ['gl.merchant.result-ok', 'gl.merchant.forged'],
    failed: ['GL-MCB-01'],
    warned: [],
    // probe 23: the reason names the firewall and the fields it flagged, by the kind of character, never their
    // values (session 23: a cardholder's name was shown) (was "HTTP 403, want 200")
    cause:
      /HTTP 403 with a web application firewall's block page \("403 Forbidden"\) \(.*pg_xml \([^)]*'<' or '>'.*, want 200/,
    // the WAF's page is well-formed XML, <html>: GL-MCB-02 was warned "no pg_sig, so not signed" on it
    // GL-MCB-02 applies to every merchant: undecided for want of an answer, not "not applicable" (was skipped)
    undecided: ['GL-MCB-02'],
    unread: {
      'GL-MCB-02': /<html> not an XML <response>/,
      'GL-MCB-03': /precondition: a genuine XML call .* HTTP 403/,
      'GL-MCB-14': /HTTP 403/,
    },
  },
  {
    profile: 'greenleaves',
    name: 'a WAF answering 403 HTML to Cyrillic in a callback (pg_description)',
    edge: { wafCyrillic: true },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-01'],
    warned: [],
    cause:
      /HTTP 403 with a web application firewall's block page \("403 Forbidden"\) \(this call's .*pg_description \(/,
    unread: { 'GL-MCB-02': /HTTP 403 text\/html, <html> not an XML <response>/, 'GL-MCB-15': /HTTP 403/ },
  },
  {
    profile: 'greenleaves',
    name: "a bot wall answering every call with its challenge (Cloudflare's bot fight mode)",
    edge: { challenge: true },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-01'],
    warned: [],
    // the reason says whose page it is (was "HTTP 403, want 200")
    cause:
      /HTTP 403 with a bot challenge \(Cloudflare, cf-mitigated: challenge\) "Just a moment\.\.\." \(the gateway's calls meet it too, unless it lets their addresses through\), want 200/,
    unread: { 'GL-MCB-02': /HTTP 403 text\/html/, 'GL-MCB-15': /HTTP 403/ },
  },
  // a framework's CSRF protection left on for the callback URL (Laravel answers 419 "Page Expired" to
  // every POST without its token): the gateway's calls are refused as paycert's are, and the reason says
  // why, and what mends it (was "HTTP 419, want 200")
  {
    profile: 'greenleaves',
    name: "Laravel's CSRF protection on result_url (every POST answered 419 Page Expired)",
    edge: { csrf: true },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-01'],
    warned: [],
    cause:
      /HTTP 419 with Laravel's CSRF refusal \(HTTP 419 "Page Expired"\): the gateway's calls carry no CSRF token either \(exempt this URL from the CSRF check\), want 200/,
    unread: { 'GL-MCB-02': /HTTP 419 with Laravel's CSRF refusal/, 'GL-MCB-15': /HTTP 419/ },
  },
  // output before the answer's XML declaration: the answer is no XML (XML 1.0 §2.8: the declaration
  // comes first), and the reason quotes the parser
  {
    profile: 'greenleaves',
    name: 'a blank line before the XML declaration of every answer (a PHP file ending in "?>" and a newline)',
    edge: { textFirst: '\n' },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-01'],
    warned: [],
    cause: /the answer is not an XML <response>: not well-formed XML: XML declaration allowed only at the start/,
    unread: { 'GL-MCB-02': /not well-formed XML/, 'GL-MCB-15': /not XML/ },
  },
  // a PHP notice printed before the JSON (display_errors on), and a handler that answers nothing: the
  // reason says why the answer is no JSON (was "not the JSON answer: " and the text alone)
  {
    profile: 'greenleaves-v5',
    name: 'a PHP notice printed before every JSON answer',
    edge: {
      textFirst: '<br />\n<b>Notice</b>:  Undefined index: order_id in /var/www/shop/v5.php on line 12<br />\n',
    },
    checks: ['v5.mcb.genuine'],
    failed: [],
    warned: ['V5-MCB-01'],
    // (was "not the JSON answer (not JSON: Unexpected token '<' …): <br />", the page's markup)
    cause:
      /HTTP 200, not the JSON answer \(PHP printed "Notice: Undefined index: order_id in \/var\/www\/shop\/v5\.php on line 12" before its answer: display_errors is on there/,
  },
  // the same before a g2g shop's XML: the reason names the notice (was "Extra text at the end (line 2,
  // column 18)"), and the concurrent repeats' identical broken pages pass nothing (GL-MCB-08 compares answers)
  {
    profile: 'greenleaves',
    name: 'a PHP notice printed before every XML answer',
    edge: {
      textFirst:
        '<br />\n<b>Deprecated</b>:  Creation of dynamic property Shop\\Order::$paid is deprecated in <b>/var/www/shop/result.php</b> on line <b>7</b><br />\n',
    },
    checks: ['gl.merchant.result-ok', 'gl.merchant.concurrent'],
    failed: ['GL-MCB-01'],
    warned: [],
    cause:
      /the answer is not an XML <response> \(PHP printed "Deprecated: Creation of dynamic property Shop\\Order::\$paid is deprecated in \/var\/www\/shop\/result\.php on line 7" before its answer/,
    unread: { 'GL-MCB-08': /no answer to compare/ },
  },
  {
    profile: 'greenleaves-v5',
    name: 'every answer cut to nothing (a handler that answers HTTP 200 and no body)',
    edge: { truncateAt: 0 },
    checks: ['v5.mcb.genuine'],
    failed: [],
    warned: ['V5-MCB-01'],
    cause: /HTTP 200, not the JSON answer \(the body is empty\)/,
  },
  // a handler routed for GET only, the calls coming by POST: the reason names the methods it takes
  // (was "HTTP 405, want 200"); the declared method refused is the declared form not read, as a 415 to
  // the declared encoding is (GL-MCB-15 was inconclusive: "does not show whether the … call was read")
  {
    profile: 'greenleaves',
    name: 'result_url routed for GET only (every POST answered 405, Allow: GET, HEAD)',
    edge: { refuseMethod: 'POST' },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-01', 'GL-MCB-15'],
    warned: [],
    cause: /HTTP 405 \(the URL does not take the call's method: it allows GET, HEAD\), want 200/,
    why: { 'GL-MCB-15': /a genuine call sent as POST multipart was not read: HTTP 405 \(.*it allows GET, HEAD\)/ },
    unread: { 'GL-MCB-02': /HTTP 405/ },
  },
  {
    profile: 'jysan',
    name: "BACKREF routed for GET only (the bank's POST answered 405, Allow: GET, HEAD)",
    edge: { refuseMethod: 'POST' },
    checks: ['jy.merchant.post-genuine'],
    failed: [],
    warned: ['JY-MRD-08'],
    cause: /answered HTTP 405 \(the URL does not take the call's method: it allows GET, HEAD\)/,
  },
  {
    profile: 'greenleaves-v5',
    name: "Laravel's CSRF protection on result_url (every POST answered 419 Page Expired)",
    edge: { csrf: true },
    checks: ['v5.mcb.genuine'],
    failed: [],
    warned: ['V5-MCB-01'],
    cause: /answered HTTP 419 with Laravel's CSRF refusal .*: the gateway's calls carry no CSRF token either/,
  },
  {
    profile: 'jysan',
    name: "Laravel's CSRF protection on BACKREF (every POST answered 419 Page Expired; the redirect passes) (exactness: every check)",
    edge: { csrf: true },
    checks: 'all',
    failed: [],
    warned: ['JY-MRD-08'],
    cause: /answered HTTP 419 with Laravel's CSRF refusal .*: the bank's POST carries no CSRF token either/,
  },
  {
    profile: 'greenleaves',
    name: "a staging shop behind nginx's HTTP Basic login",
    edge: { basicLogin: 'staging' },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-11'],
    warned: [],
    cause: /result_url asks for authentication \(HTTP 401, WWW-Authenticate: Basic realm="staging"\)/,
  },
  {
    profile: 'greenleaves-v5',
    name: "a staging shop behind nginx's HTTP Basic login",
    edge: { basicLogin: 'staging' },
    checks: ['v5.mcb.genuine'],
    failed: [],
    warned: ['V5-MCB-01'],
    // the reason says whose 401 it is (was "answered HTTP 401")
    cause:
      /answered HTTP 401 with an HTTP Basic login \(realm "staging"\), which paycert does not send \(nor does the gateway, unless the shop's result_url carries the login\)/,
  },
  {
    profile: 'greenleaves',
    name: 'the callback body re-encoded to windows-1251 before the shop reads it',
    edge: { reencodeRequest: 'cp1251' },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-14'],
    warned: [],
    cause:
      /the same call with plain values .* ok: the form is read, values with Cyrillic.* are not verified as received/,
  },
  {
    profile: 'greenleaves',
    name: "the shop down, the edge's 502 page sent as HTTP 200 (the gateway stops retrying)",
    edge: { upstreamDown: true, badGatewayAs200: true },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-01'],
    warned: [],
    // every call lost: the first one met is the reason (was "not an XML <response>", on the last attempt)
    cause: /was answered HTTP 200 with an edge's "502 Bad Gateway" page: an edge's error page served with HTTP 200/,
    unread: { 'GL-MCB-02': /HTTP 200, not XML \(.*\): <html><body><h1>502 Bad Gateway/ },
  },
  {
    profile: 'greenleaves',
    name: "the shop out of reach for one call, the edge's 502 page sent as HTTP 200 (that call lost: the gateway calls again only when not answered 200)",
    edge: { badGatewayFirst: 1, badGatewayAs200: true },
    checks: ['gl.merchant.result-ok'],
    // the call is sent again and the shop's own answer judged (GL-MCB-02/11/14/15 pass on it)
    failed: ['GL-MCB-01'],
    warned: [],
    cause:
      /was answered HTTP 200 with an edge's "502 Bad Gateway" page: an edge's error page served with HTTP 200, and a gateway does not call again a result_url answered 200 \(seed 001/,
  },
  {
    profile: 'greenleaves',
    name: 'result_url answered with a 301 to its https:// twin (a site forcing https, the http:// URL declared)',
    edge: { redirect: { status: 301, to: 'https://127.0.0.1:1/shop/pay/result' } },
    checks: ['gl.merchant.result-ok'],
    failed: ['GL-MCB-01'],
    warned: [],
    // the reason names where the shop sends the call (was "HTTP 301, want 200")
    cause: /HTTP 301 to https:\/\/127\.0\.0\.1:1\/shop\/pay\/result, want 200/,
  },
  {
    profile: 'greenleaves',
    name: 'a slow shop answered for by the edge: a canned unsigned "ok"',
    edge: {
      slowUpstreamMs: 150,
      cannedAnswer: { ms: 50, contentType: 'text/xml; charset=utf-8', body: CANNED_XML },
    },
    checks: ['gl.merchant.result-ok', 'gl.merchant.forged', 'gl.merchant.can-reject'],
    failed: ['GL-MCB-01', 'GL-MCB-13'],
    warned: ['GL-MCB-02', 'GL-MCB-03', 'GL-MCB-18'],
    cause: /pg_salt or pg_sig missing/,
    unread: { 'GL-MCB-16': /no call was answered "rejected"/ },
  },
  {
    profile: 'greenleaves-v5',
    name: "the shop out of reach for one call, the edge's 502 page sent as HTTP 200",
    edge: { badGatewayFirst: 1, badGatewayAs200: true },
    checks: ['v5.mcb.genuine'],
    failed: [],
    warned: ['V5-MCB-01'],
    cause:
      /was answered HTTP 200 with an edge's "502 Bad Gateway" page: an edge's error page served with HTTP 200, and a gateway does not call again a result_url answered 200 \(seed 001, whose Result URL semantics the v5 callbacks share/,
  },
  {
    profile: 'greenleaves-v5',
    name: "a bot wall answering every call with its challenge (Cloudflare's bot fight mode)",
    edge: { challenge: true },
    checks: ['v5.mcb.genuine'],
    failed: [],
    warned: ['V5-MCB-01'],
    cause: /answered HTTP 403 with a bot challenge \(Cloudflare, cf-mitigated: challenge\) "Just a moment\.\.\."/,
  },
  {
    profile: 'greenleaves-v5',
    name: 'X-JWS-Signature stripped on the way in',
    edge: { dropRequestHeader: 'x-jws-signature' },
    checks: ['v5.mcb.genuine', 'v5.mcb.check', 'v5.mcb.forged'],
    failed: [],
    // the genuine check_url call refused as a forgery is: V5-MCB-01's, not check_url's decision
    warned: ['V5-MCB-01'],
    // every genuine call refused: the reason names the edge causes too (probe 23: it guessed only at bytes)
    cause:
      /status error .*, want HTTP 200 and a JSON answer whose status is ok, as the merchant answers a forged call: so was every genuine call: is X-JWS-Signature read in one letter case .*, dropped by a proxy, a path prefix stripped \(the token's uri is \/[^)]*\)\?/,
    unread: {
      'V5-MCB-02': /precondition: a genuine result_url call .* status error/,
      'V5-MCB-05': /as the merchant answers a forged call/,
    },
    undecided: ['V5-MCB-05'],
  },
  {
    profile: 'greenleaves-v5',
    name: 'the X-JWS-Signature value lower-cased on the way in',
    edge: { lowerRequestHeader: 'x-jws-signature' },
    checks: ['v5.mcb.genuine', 'v5.mcb.check'],
    failed: [],
    // the genuine check_url call refused as a forgery is: V5-MCB-01's, not check_url's decision
    warned: ['V5-MCB-01'],
    cause: /status error .*, want HTTP 200 and a JSON answer whose status is ok, as the merchant answers a forged call/,
    unread: { 'V5-MCB-05': /as the merchant answers a forged call/ },
    undecided: ['V5-MCB-05'],
  },
  {
    profile: 'greenleaves-v5',
    name: 'the callback JSON re-serialised pretty-printed before the shop verifies it',
    edge: { reencodeRequest: 'prettyJson' },
    checks: ['v5.mcb.genuine', 'v5.mcb.check'],
    failed: [],
    // the genuine check_url call refused as a forgery is: V5-MCB-01's, not check_url's decision
    warned: ['V5-MCB-01'],
    cause: /status error .*, want HTTP 200 and a JSON answer whose status is ok, as the merchant answers a forged call/,
    unread: { 'V5-MCB-05': /as the merchant answers a forged call/ },
    undecided: ['V5-MCB-05'],
  },
  {
    profile: 'greenleaves-v5',
    name: 'POST answers cached by URL (exactness: every check)',
    edge: { cachePosts: true },
    checks: 'all',
    failed: [],
    // the first check_url call is a genuine one for a payable order (v5.mcb.forged asks whether the shop
    // takes its order before forging): every check_url call after it gets that ok, forged, for an order
    // it does not have, for another amount (was: a forgery's refusal first, V5-MCB-01 warned instead)
    // (and a result_url call for an order it does not have, V5-MCB-12)
    warned: ['V5-MCB-05', 'V5-MCB-02', 'V5-MCB-07', 'V5-MCB-09', 'V5-MCB-12'],
    cause: /check_url answered status ok .* for an order it does not have/,
    why: { 'V5-MCB-02': /without X-JWS-Signature was answered status ok/ },
  },
  {
    profile: 'greenleaves-v5',
    name: 'a slow shop answered for by the edge: a canned {"status":"ok"}',
    edge: {
      slowUpstreamMs: 150,
      cannedAnswer: { ms: 50, contentType: 'application/json', body: '{"status":"ok"}' },
    },
    checks: ['v5.mcb.forged', 'v5.mcb.check', 'v5.mcb.amount'],
    failed: [],
    warned: ['V5-MCB-02', 'V5-MCB-05', 'V5-MCB-07'],
    // was 'status ok ""' for an answer with no description at all
    cause: /was answered status ok \(no description\)/,
  },
  {
    profile: 'jysan',
    name: 'a bot wall answering everything with its challenge (exactness: every check)',
    edge: { challenge: true },
    checks: 'all',
    failed: [],
    // the bank's server POST meets the wall as the gateway's calls do; the payer's browser gets past it,
    // paycert does not: the redirect checks are not judged. Was: JY-MRD-02 warned on a genuine redirect
    // "refused", JY-MRD-04/05/10 passed on a wall refusing every request
    warned: ['JY-MRD-08'],
    cause: /a genuine server POST for a payable order was answered HTTP 403/,
    unread: {
      'JY-MRD-02':
        /BACKREF answered HTTP 403 with a bot challenge \(Cloudflare, .*: a payer's browser gets past it, paycert does not/,
      'JY-MRD-04': /a payer's browser gets past it/,
      'JY-MRD-05': /a payer's browser gets past it/,
      'JY-MRD-10': /were answered HTTP 403: a refusal of the genuine result each time tells nothing/,
    },
  },
  {
    profile: 'jysan',
    name: "the bank's server POSTs cached by URL (exactness: every check)",
    edge: { cachePosts: true },
    checks: 'all',
    failed: [],
    // every POST gets the first one's 200: for an order the shop does not have too (JY-MRD-15)
    warned: ['JY-MRD-07', 'JY-MRD-12', 'JY-MRD-13', 'JY-MRD-15'],
    cause: /server POST with a forged sign was answered HTTP 200/,
  },
  {
    profile: 'jysan',
    name: "the redirect's query and the server POST re-encoded to windows-1251 before the shop reads them",
    edge: { reencodeRequest: 'cp1251' },
    checks: ['jy.merchant.genuine', 'jy.merchant.post-genuine', 'jy.merchant.forged'],
    failed: [],
    // a Cyrillic res_desc no longer verifies; the ASCII results of the other checks still do
    warned: ['JY-MRD-02', 'JY-MRD-08'],
    // was "a genuine redirect (sign over res_desc without its CR/LF) was refused": the CR/LF blamed
    cause: /one with res_desc "Approved" was accepted \(HTTP 200\): the sign is not verified over res_desc as sent/,
    unread: {},
  },
  {
    profile: 'jysan',
    name: 'a WAF answering 403 HTML to Cyrillic in the query or the body',
    edge: { wafCyrillic: true },
    checks: ['jy.merchant.post-genuine'],
    failed: [],
    warned: ['JY-MRD-08'],
    cause: /answered HTTP 403; one with res_desc "Approved" HTTP 200/,
  },
  {
    profile: 'jysan',
    name: "the shop down, the edge's 502 page sent as HTTP 200 (the bank takes the POST as delivered)",
    edge: { upstreamDown: true, badGatewayAs200: true },
    checks: ['jy.merchant.genuine', 'jy.merchant.post-genuine', 'jy.merchant.post-forged', 'jy.merchant.other-amount'],
    // judged as the 502 the page states, as behind an edge that says 502: the genuine results were not
    // taken. Was: JY-MRD-02/08 passed on the 200, and the forged POST and those of another amount or
    // currency, answered by the edge alike, were blamed on the shop (JY-MRD-07, JY-MRD-12, JY-MRD-13)
    failed: [],
    warned: ['JY-MRD-02', 'JY-MRD-08'],
    cause: /HTTP 502 \(an edge's "502 Bad Gateway" page sent as HTTP 200: the shop did not answer\)/,
    unread: {
      'JY-MRD-07': /precondition: a genuine server POST was answered HTTP 502 \(an edge's "502 Bad Gateway" page/,
      'JY-MRD-12': /a genuine server POST for a payable order was answered HTTP 502 \(an edge's/,
      'JY-MRD-13': /a genuine server POST for a payable order was answered HTTP 502 \(an edge's/,
      'JY-MRD-14': /a genuine server POST for a payable order was answered HTTP 502 \(an edge's/,
      // was passed: a shop that never saw the redirect showed nothing of its authentication
      'JY-MRD-05':
        /a genuine redirect was answered HTTP 502 \(an edge's .*: whether BACKREF asks the payer's browser for credentials is not shown/,
    },
  },
  {
    profile: 'jysan',
    name: 'the shop down, the edge answering a 302 to its own 502 page, sent as HTTP 200 (error_page 502 https://…/50x.html)',
    edge: { upstreamDown: true, badGatewayAs200: true, badGatewayRedirect: '/50x.html' },
    checks: ['jy.merchant.genuine', 'jy.merchant.forged', 'jy.merchant.post-genuine'],
    // the payer's browser follows the 302 to the edge's page, which states a 502: the shop never saw the
    // result, and a payer reloading (the bank's POST sent again) meets the same page each time, so nothing
    // the shop would have shown is judged. Was: JY-MRD-02 passed on the 302 (a shop sending the payer on);
    // then JY-MRD-02/08 warned "not taken", for a shop that was never reached (one reload, at once)
    failed: [],
    warned: [],
    unread: Object.fromEntries(
      ['JY-MRD-01', 'JY-MRD-02', 'JY-MRD-03', 'JY-MRD-05', 'JY-MRD-08'].map((id) => [
        id,
        /(GET|POST) http:\/\/127\.0\.0\.1:\d+\/shop\/jysan\/back was answered HTTP 302 to \/50x\.html, then HTTP 200 with an edge's "502 Bad Gateway" page each of the 4 times it was sent .*: the shop never took the call/,
      ]),
    ),
    undecided: ['JY-MRD-02', 'JY-MRD-08'],
  },
  {
    profile: 'jysan',
    name: 'the shop down, the edge answering 502 to every result',
    edge: { upstreamDown: true },
    checks: [
      'jy.merchant.genuine',
      'jy.merchant.forged',
      'jy.merchant.reload',
      'jy.merchant.failed-payment',
      'jy.merchant.post-repeat',
      'jy.merchant.post-failed-payment',
    ],
    // a 502 for every result, the genuine ones too, after pauses: the shop was never reached, and nothing
    // it would have shown is judged. Was JY-MRD-01/06/11 warned and JY-MRD-04/10 passed (the same 502
    // again), then JY-MRD-02 warned "a genuine redirect not taken" on a 502 sent again once, at once
    failed: [],
    warned: [],
    unread: Object.fromEntries(
      ['JY-MRD-01', 'JY-MRD-02', 'JY-MRD-04', 'JY-MRD-05', 'JY-MRD-06', 'JY-MRD-10', 'JY-MRD-11'].map((id) => [
        id,
        /(GET|POST) http:\/\/127\.0\.0\.1:\d+\/shop\/jysan\/back was answered HTTP 502 with an edge's "502 Bad Gateway" page \(the edge in front of the shop got no answer from it\) each of the 4 times it was sent/,
      ]),
    ),
    undecided: ['JY-MRD-02', 'JY-MRD-04', 'JY-MRD-06'],
  },
  {
    profile: 'jysan',
    name: 'BACKREF pages cached by path, the query ignored (a forged redirect gets a stored page)',
    edge: { cacheGets: 'path' },
    checks: ['jy.merchant.genuine', 'jy.merchant.forged'],
    failed: [],
    warned: [],
    // every result gets the one stored page: which page means "paid" is not shown; the reason says why
    unread: {
      'JY-MRD-01':
        /the same page \(2 of 2 answers are stored copies, Age: .*a cache in front of BACKREF answered for the shop/,
    },
  },
];

test.concurrent.each(DEFECTS.map((d) => [d.profile, d.name, d] as const))(
  '%s merchant behind an edge with a defect (%s): exactly the rules it breaks fail',
  async (_p, _n, d) => {
    const v = await judgeMerchant(d.profile, d.edge, d.checks, d.declare);
    const realOnly = realOnlyRules(d.profile);
    const of = (verdict: string) => v.of(verdict).filter((id) => !realOnly.has(id));
    expect({ failed: of('failed'), warned: of('warning') }, unjudged(d.profile, v).join('\n')).toEqual({
      failed: [...d.failed].sort(),
      warned: [...d.warned].sort(),
    });
    const first = [...d.failed, ...d.warned][0];
    if (first && d.cause) expect(v.reason(first)).toMatch(d.cause);
    for (const [id, why] of Object.entries(d.why ?? {})) expect(v.reason(id)).toMatch(why);
    for (const [id, why] of Object.entries(d.unread ?? {})) {
      expect([id, v.rules.find((r) => r.id === id)?.verdict]).toEqual([
        id,
        expect.stringMatching(/^(inconclusive|skipped)$/),
      ]);
      expect(v.reason(id)).toMatch(why);
    }
    for (const id of d.undecided ?? [])
      expect([id, v.rules.find((r) => r.id === id)?.verdict]).toEqual([id, 'inconclusive']);
  },
);

// a rule about the merchant's answers is never passed on answers it never gave: with the shop down and
// its edge's 502 page sent as HTTP 200, GL-MCB-06 passed (every "repeat" got the same page as the first)
// and so did GL-MCB-05 (the page is no "rejected"); now both are inconclusive with the reason
test('greenleaves shop down behind its edge (502 page as HTTP 200): no repeat or rejection rule passes', async () => {
  const v = await judgeMerchant('greenleaves', { upstreamDown: true, badGatewayAs200: true }, [
    'gl.merchant.repeat',
    'gl.merchant.out-of-order',
  ]);
  expect(v.of('passed'), unjudged('greenleaves', v).join('\n')).toEqual([]);
  expect(v.of('inconclusive')).toEqual(['GL-MCB-05', 'GL-MCB-06']);
  expect(v.reason('GL-MCB-06')).toMatch(/the first call was answered HTTP 200.*no answer for a repeat to match/);
  expect(v.reason('GL-MCB-05')).toMatch(/no pg_status to judge \(GL-MCB-01\)/);
});

// the same for v5: V5-MCB-04 (a repeat gets the first answer) passed on the edge's page given every time
test('greenleaves-v5 shop down behind its edge (502 page as HTTP 200): V5-MCB-04 is not passed', async () => {
  const v = await judgeMerchant('greenleaves-v5', { upstreamDown: true, badGatewayAs200: true }, ['v5.mcb.repeat']);
  expect(v.of('inconclusive'), unjudged('greenleaves-v5', v).join('\n')).toEqual(['V5-MCB-04']);
  expect(v.reason('V5-MCB-04')).toMatch(/no answer for a repeat to match/);
});
