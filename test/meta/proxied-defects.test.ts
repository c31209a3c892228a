// Each reference gateway judged as a real target (no control API) behind a hostile edge
// (test/proxy.ts, written from the API documents): the re-framings a real nginx / CDN / API gateway
// applies must leave every rule passed, and each defect the edge introduces must fail (or warn, for
// an INFERRED rule) exactly the rules it breaks, with a reason that names the cause. A case runs only
// the checks it needs (the whole catalogue takes minutes per profile on 2 cores).
import { expect, test } from 'vitest';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { startEdge, type EdgeOptions } from '../proxy.ts';
import { SEED } from '../seed.ts';

async function judge(profile: ProfileId, edge: EdgeOptions, checkIds: string[]) {
  const h = await startReference(profile, 'gateway');
  const proxy = await startEdge(h.url, edge);
  try {
    const subject = { ...realSubjectOf(h, 'gateway'), baseUrl: proxy.url };
    const checks = CHECKS[profile].filter((c) => c.subject === 'gateway' && checkIds.includes(c.id));
    expect(checks.map((c) => c.id).sort()).toEqual([...checkIds].sort());
    const results = await runChecks(checks, subject, { seed: SEED, plan: 'full' });
    const rules = profileCertificate(subject, results).rules;
    const judged = new Set(checks.flatMap((c) => c.rules));
    return {
      rules: rules.filter((r) => judged.has(r.id)),
      received: proxy.received(),
      of: (verdict: string) =>
        rules
          .filter((r) => judged.has(r.id) && r.verdict === verdict)
          .map((r) => r.id)
          .sort(),
      reason: (id: string) => String(rules.find((r) => r.id === id)?.reason ?? ''),
    };
  } finally {
    await proxy.close();
    await h.close();
  }
}

// a few telling checks per profile: reply form and signature, a processed flow, a refusal
const TELLING: Record<ProfileId, string[]> = {
  greenleaves: ['gl.sig.replies-signed', 'gl.tx.encodings', 'gl.flow.one-step', 'gl.sig.tamper-any-field'],
  'greenleaves-v5': ['v5.rsp.headers', 'v5.idem.replay', 'v5.url.crud', 'v5.jws.body-tamper'],
  jysan: ['jy.flow.status', 'jy.sig.tampered', 'jy.fields.payment.valid', 'jy.flow.cancel-unknown'],
} as Record<ProfileId, string[]>;

// Seed-conformant edges. paycert sends no Accept-Encoding, so RFC 9110 12.5.3 lets the edge pick any
// coding (compressAlways); Content-Type "APPLICATION/JSON; Charset="UTF-8"" is application/json with
// charset utf-8 (RFC 9110 8.3.1: type, parameter name and value are case-insensitive, the value may
// be quoted); a BOM before an XML reply is part of XML itself (XML 1.0 4.3.3), not before JSON.
const EDGES: Array<[string, EdgeOptions, ProfileId[]]> = [
  [
    'compressing, odd-cased, cookie-setting, Content-Type-rewriting, 1xx-sending, keep-alive-limited',
    {
      compress: 'br',
      compressAlways: true,
      oddCase: true,
      extraHeaders: true,
      charsetParam: true,
      interim: true,
      maxRequestsPerSocket: 3,
    },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
  ['HTTP/1.0, drip-fed', { http10: true, drip: 64 }, ['greenleaves', 'greenleaves-v5', 'jysan']],
  [
    'XML replies with a byte order mark',
    { bom: true, compress: 'gzip', compressAlways: true },
    ['greenleaves', 'jysan'],
  ],
  ['JSON replies pretty-printed (v5 replies are not signed)', { prettyJson: true }, ['greenleaves-v5']],
  // RFC 8259: member order and escapes (\u0410, \/) do not change a JSON value
  ['JSON replies with members reversed, non-ASCII and "/" escaped', { jsonRewrite: true }, ['greenleaves-v5']],
  // the same characters in another charset, declared in Content-Type and the XML declaration (XML 1.0 4.3.3):
  // signatures are over the characters, so every one still verifies
  ['XML replies in windows-1251, declared so', { cp1251Declared: true }, ['greenleaves', 'jysan']],
  // XML 1.0 itself: element order, comments, CDATA sections and <x/> for an empty element change no value
  [
    'XML replies with their elements reversed, commented, in CDATA, empty ones self-closing',
    { xmlRewrite: true },
    ['greenleaves', 'jysan'],
  ],
  // RFC 9110 15.2: a client MUST parse 1xx replies it did not expect (undici refused a 100 Continue:
  // every rule was inconclusive); RFC 9112 7.1: a chunked body may come a byte a chunk, with trailer
  // fields after the last; RFC 9112 9.6: Connection: close ends the connection after the reply
  [
    'deflate, chunked a byte a chunk with a trailer, Connection: close, two unsolicited 100 Continue',
    { compress: 'deflate', compressAlways: true, chunkedTrailers: 1, connectionClose: true, unsolicitedContinue: 2 },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
  // RFC 9112 6.3 (8): a reply with neither Content-Length nor chunking is delimited by the close. The
  // form fields reach the gateway in reverse order: g2g signs the fields sorted by name (seed 001), Jysan
  // P_SIGN is over the values in the order the document lists them, whatever order the body has
  [
    'HTTP/1.0 delimited by close, a 100 Continue first, form fields reordered',
    { http10: true, closeDelimited: true, unsolicitedContinue: 1, reorderForm: true },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
  // RFC 9110 5.3 forbids a sender a second Content-Type field line, but the same value twice still names
  // one media type and charset (the Fetch standard's "extract a MIME type" reads it so): no rule of the
  // APIs is about how the field is framed, so nothing is to fail on it
  [
    'Content-Type sent twice, the same value',
    { duplicateContentType: true },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
  // a test domain's rate limit: a 429 is a request not taken (RFC 6585 4), sent once more after its
  // Retry-After and judged on the gateway's own reply. Was: the rules of every check that met one
  // inconclusive, "the subject is in trouble", on a gateway with nothing wrong
  ['a rate limit answering every 5th request 429', { tooManyEvery: 5 }, ['greenleaves', 'greenleaves-v5', 'jysan']],
  // nginx limit_req's own default: 503 and its page, no Retry-After. Was: inconclusive as above
  [
    'nginx limit_req (503) on every 5th request',
    { tooManyEvery: 5, tooManyStatus: 503 },
    ['greenleaves', 'greenleaves-v5', 'jysan'],
  ],
];

test.concurrent.each(EDGES.flatMap(([name, edge, profiles]) => profiles.map((p) => [p, name, edge] as const)))(
  '%s gateway behind a conformant edge (%s): every rule passes',
  async (profile, _name, edge) => {
    const v = await judge(profile, edge, TELLING[profile]);
    expect(
      v.rules
        .filter((r) => r.verdict !== 'passed' && r.verdict !== 'skipped')
        .map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
    ).toEqual([]);
    expect(v.of('passed').length).toBeGreaterThan(3);
  },
);

interface DefectCase {
  profile: ProfileId;
  name: string;
  edge: EdgeOptions;
  checks: string[];
  failed: string[];
  warned: string[];
  /** the reason of the first failed or warned rule names the cause */
  cause: RegExp;
  /** rules left inconclusive, each with a reason that names why */
  unread?: Record<string, RegExp>;
}

const DEFECTS: DefectCase[] = [
  {
    profile: 'greenleaves-v5',
    name: 'X-Datetime dropped',
    edge: { dropReplyHeader: 'x-datetime' },
    checks: ['v5.rsp.headers'],
    failed: ['V5-RSP-03'],
    // on the replies to malformed requests too: V5-RSP-08 (INFERRED)
    warned: ['V5-RSP-08'],
    cause: /has no X-Datetime/,
  },
  {
    profile: 'greenleaves-v5',
    name: "X-Request-Id replaced by the edge's own",
    edge: { overwriteRequestId: true },
    checks: ['v5.rsp.headers'],
    failed: [],
    warned: ['V5-RSP-02'],
    cause: /X-Request-Id/,
  },
  {
    profile: 'greenleaves-v5',
    name: '4xx replies turned into a 200 HTML error page',
    edge: { errorPageAs200: true },
    checks: ['v5.rsp.headers', 'v5.jws.accepted'],
    failed: ['V5-RSP-01', 'V5-RSP-03', 'V5-RSP-05'],
    warned: ['V5-ERR-04', 'V5-RSP-07', 'V5-RSP-08'],
    cause: /has no X-Request-Id/,
  },
  {
    profile: 'greenleaves',
    name: 'body re-encoded to windows-1251, still declared utf-8',
    edge: { cp1251: true },
    checks: ['gl.sig.replies-signed'],
    // not well-formed either (XML 1.0 4.3.3): GL-TX-02 is judged on every reply as it arrives, as GL-SIG-11
    failed: ['GL-SIG-11', 'GL-TX-02'],
    warned: ['GL-SIG-14', 'GL-SIG-15'],
    cause: /not valid utf-8 .*re-encoded/,
  },
  {
    profile: 'greenleaves',
    name: 'body re-encoded to windows-1251, still declared utf-8: not well-formed XML',
    edge: { cp1251: true },
    // XML 1.0 4.3.3: bytes not valid in the declared encoding are a fatal error (GL-TX-02 passed it before);
    // the values read are not those signed (GL-SIG-11, judged on every reply, as in gl.sig.replies-signed)
    checks: ['gl.tx.encodings'],
    failed: ['GL-TX-02', 'GL-SIG-11'],
    warned: [],
    cause: /not well-formed XML: .*not valid utf-8 .*re-encoded/,
  },
  {
    profile: 'greenleaves',
    name: 'XML "beautified": every value on its own indented line',
    edge: { xmlReindent: true },
    checks: ['gl.sig.replies-signed'],
    failed: ['GL-SIG-11'],
    // pg_status "\n    ok\n  " is none of the words either (GL-TX-09, INFERRED)
    warned: ['GL-SIG-14', 'GL-TX-09'],
    cause: /pg_sig ".*" is not 32 lowercase hex/,
  },
  {
    profile: 'greenleaves',
    name: "a WAF answering 403 HTML to '<' or \"'\" in a field",
    edge: { waf: true },
    checks: ['gl.tx.encodings'],
    failed: [],
    warned: ['GL-TX-03', 'GL-TX-06'],
    cause: /HTTP 403/,
    // the WAF's page is no API reply: the form and pg_xml requests it blocked show neither acceptance nor refusal
    unread: { 'GL-TX-01': /HTTP 403 text\/html: pg_status=∅/ },
  },
  // A cache keyed by URL and body (what an API gateway's "cache POST by request body" does): a v5 read
  // carries no nonce, so the same read after an edit gets the state first read, and a second reverse of
  // one payment the first one's acceptance. g2g (pg_salt) and Jysan (NONCE) requests never repeat a body.
  {
    profile: 'greenleaves-v5',
    name: 'POST replies cached by URL and body',
    edge: { cachePosts: 'body' },
    checks: ['v5.url.crud', 'v5.flow.reverse', 'v5.obj.history'],
    failed: ['V5-URL-02', 'V5-URL-03'],
    warned: ['V5-FLOW-03', 'V5-OBJ-01', 'V5-OBJ-02'],
    // was "the read (authorized) does not show the current state": the stored copy named
    cause:
      /shows HTTP 200, payment authorized \S+ \(a stored copy, Age: \d+, X-Cache: HIT: a cache in front of the gateway answered/,
  },
  {
    profile: 'greenleaves',
    name: 'POST replies cached by URL',
    edge: { cachePosts: true },
    checks: ['gl.sig.tamper-any-field', 'gl.flow.decline'],
    // the declining card's error reply is cached first; the tampered request then gets it too
    failed: ['GL-SIG-04'],
    warned: [],
    cause: /was not refused/,
  },
  {
    profile: 'greenleaves',
    name: 'reply bodies cut to 300 bytes (a buffer limit)',
    edge: { truncateAt: 300 },
    // the classic endpoints' replies are cut as their twins' are: unreadable, not unserved
    checks: ['gl.tx.encodings', 'gl.tx.classic'],
    failed: ['GL-TX-02'],
    warned: [],
    cause: /not well-formed XML/,
  },
  {
    profile: 'jysan',
    name: 'body re-encoded to windows-1251, still declared utf-8',
    edge: { cp1251: true },
    checks: ['jy.sig.tampered'],
    failed: ['JY-ERR-01'],
    warned: [],
    cause: /re-encoded/,
  },
  {
    profile: 'jysan',
    name: 'POST replies cached by URL',
    edge: { cachePosts: true },
    checks: ['jy.sig.tampered'],
    // the check's correctly signed control payment goes first (a refusal of a tampered request shows
    // something only beside an accepted control): its accepted reply is cached and answers the
    // tampered requests, which the payer sees taken, as the g2g sibling's tampered request gets the
    // cached decline
    failed: ['JY-SIG-07'],
    warned: [],
    // was only "… was not refused: HTTP 200, card-page …": the reply named as the control's, a cache
    cause:
      /changed after signing was not refused: the reply is the control payment's \(ORDER [0-9]+'s\), byte for byte \(Age: [0-9]+, X-Cache: HIT\): a cache in front of the gateway/,
  },
  // An edge that sends a POST again when the gateway is slow (nginx proxy_next_upstream on a timeout,
  // non_idempotent): every request reaches the gateway twice and the client gets the answer to the
  // second. Jysan: ORDER "должен быть уникальным", a repeat gets code 18 (seed 002): a payment paycert
  // sent once is answered as a repeat, taken by the first delivery, so a valid request is not accepted
  {
    profile: 'jysan',
    name: 'slow POSTs sent to the gateway again, the answer to the repeat relayed',
    edge: { slowUpstreamMs: 120, retryPostAfterMs: 60 },
    checks: ['jy.fields.payment.valid', 'jy.sig.tampered'],
    failed: ['JY-PAY-16'],
    warned: [],
    cause: /code 18 "Запрос ORDER=\d+ уже выполнялся"/,
    unread: {
      // was failed: LANGUAGE=ru refused with 18 blamed on LANGUAGE, though the same request without it
      // (a fresh ORDER) is refused with 18 as well
      'JY-PAY-07':
        /LANGUAGE=ru was refused .*code 18.*, and so is the same request without it .*code 18.*: the refusal is not shown to be about it/,
      // was failed: the 18 blamed on the tampered copies having used up the ORDER (a fresh ORDER sent
      // once is answered 18 alike; the check's control payment, refused 18 too, makes it inconclusive)
      'JY-ERR-09': /answered code 18 \(a repeat of its ORDER\), but so was the same request under a fresh ORDER/,
      'JY-SIG-07': /control request .* was refused too .*code 18/,
    },
  },
  {
    profile: 'greenleaves',
    name: 'slow POSTs sent to the gateway again, the answer to the repeat relayed',
    edge: { slowUpstreamMs: 120, retryPostAfterMs: 60 },
    checks: ['gl.flow.one-step', 'gl.flow.saved-card'],
    // the pay of a saved card is done by the first delivery, the repeat refused (490): the payer is told
    // it failed; init_payment twice makes two payments of one pg_order_id, status by it finds the other
    failed: ['GL-CARD-01'],
    warned: ['GL-OPS-01'],
    cause: /pay: pg_status=error pg_error_code=490/,
  },
];

test.concurrent.each(DEFECTS.map((d) => [d.profile, d.name, d] as const))(
  '%s gateway behind an edge with a defect (%s): exactly the rules it breaks fail',
  async (_p, _n, d) => {
    const v = await judge(d.profile, d.edge, d.checks);
    expect({ failed: v.of('failed'), warned: v.of('warning') }).toEqual({
      failed: [...d.failed].sort(),
      warned: [...d.warned].sort(),
    });
    expect(v.reason([...d.failed, ...d.warned][0]!)).toMatch(d.cause);
    for (const [id, why] of Object.entries(d.unread ?? {})) {
      expect([id, v.rules.find((r) => r.id === id)?.verdict]).toEqual([id, 'inconclusive']);
      expect(v.reason(id)).toMatch(why);
    }
  },
);

// The same retrying edge in front of the v5 gateway: every create carries an Idempotency-Key and "a
// repeated request with the same key returns the stored reply" (seed 000), so the repeat is absorbed
// and the client gets the first answer's twin: nothing is to fail.
test('greenleaves-v5 gateway behind an edge that sends slow POSTs again: the idempotency key absorbs it, every rule passes', async () => {
  const v = await judge('greenleaves-v5', { slowUpstreamMs: 120, retryPostAfterMs: 60 }, [
    'v5.idem.replay',
    'v5.url.crud',
    'v5.rsp.headers',
  ]);
  expect(
    v.rules
      .filter((r) => r.verdict !== 'passed' && r.verdict !== 'skipped')
      .map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
  ).toEqual([]);
  expect(v.of('passed').length).toBeGreaterThan(3);
});

// An edge that misses the gateway now and then (every 5th request answered by its own 502 page, never
// forwarded), the page sent with HTTP 502 or, as nginx's `error_page 502 =200` does, with HTTP 200: the
// gateway never saw those requests, so the rules of the checks that met one are not judged, "the subject
// is in trouble", as after any 5xx; none fails or warns. Was, for the page sent as 200: GL-SIG-11 (MUST)
// failed on "no pg_salt and no pg_sig", V5-RSP-01/03/05 on "the reply has no X-Request-Id" and the like,
// GL-TX-07, JY-PAY-17, V5-RSP-07 and V5-ERR-01/04 warned, all on nginx's page
test.concurrent.each(
  ([false, true] as const).flatMap((as200) =>
    (['greenleaves', 'greenleaves-v5', 'jysan'] as ProfileId[]).map((p) => [p, as200 ? 200 : 502, as200] as const),
  ),
)(
  '%s gateway behind an edge that misses it on every 5th request (its page sent as HTTP %s): not judged, never failed',
  async (profile, status, as200) => {
    const v = await judge(profile, { badGatewayEvery: 5, badGatewayAs200: as200 }, TELLING[profile]);
    expect(
      v.rules
        .filter((r) => r.verdict === 'failed' || r.verdict === 'warning')
        .map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
    ).toEqual([]);
    const unjudged = v.rules.filter((r) => r.verdict === 'inconclusive');
    expect(unjudged.length).toBeGreaterThan(0);
    const why = status === 200 ? `HTTP 200 with an edge's "502 Bad Gateway" page` : 'HTTP 502';
    for (const r of unjudged)
      expect(String(r.reason)).toContain(`answered ${why}: the subject is in trouble, not judged`);
  },
);

// An edge that answers every API request with a redirect: the API moved to another path (301/302; a
// browser would turn the POST into a GET, RFC 9110 15.4.2/3) or to another scheme and host (307/308;
// the POST kept). paycert follows no redirect of an API call (g2g, v5), so nothing of the API is read:
// every rule inconclusive, each with one line saying the target URL is not the one that answers,
// never failed or passed. A Jysan payment reply may send the payer's browser on (seed 002: the card
// page), so it is followed on the target's own origin, as far as it leads (round the loop); to another
// origin (the 307/308 here) it is not followed at all: the signed form and card data go nowhere else.
test.concurrent.each(
  ([301, 302, 307, 308] as const).flatMap((status) =>
    (['greenleaves', 'greenleaves-v5', 'jysan'] as ProfileId[]).map((p) => [p, status] as const),
  ),
)(
  '%s gateway behind an edge answering %s to another place: inconclusive, the target URL named',
  async (profile, status) => {
    const to = status < 307 ? '/v2' : 'https://127.0.0.1:1';
    const v = await judge(profile, { redirect: { status, to } }, TELLING[profile]);
    expect(
      v.rules.filter((r) => r.verdict !== 'inconclusive' && r.verdict !== 'skipped').map((r) => `${r.id} ${r.verdict}`),
    ).toEqual([]);
    expect(v.rules.filter((r) => r.verdict === 'inconclusive').length).toBeGreaterThan(3);
    for (const r of v.rules.filter((x) => x.verdict === 'inconclusive'))
      expect(String(r.reason)).toMatch(
        new RegExp(
          `answered HTTP ${status} to .*: a redirect, not a reply of the API, and paycert does not follow redirects; give --target the URL that answers` +
            (profile === 'jysan'
              ? `|the payer redirected via|HTTP ${status}, neither to BACKREF nor with a result|HTTP ${status}, a redirect to "https://127\\.0\\.0\\.1:1.*not followed: it leads to another origin`
              : ''),
        ),
      );
  },
);

// A test domain that does not route one documented endpoint: nginx answers its own 404 page there.
// That page is no reply of the API: the rules of every check that meets it are inconclusive, naming
// the path, and none is failed, warned or passed on it. Was: V5-ACT-02/04, V5-FLOW-02/03/04, V5-FMT-01/
// 02/04, V5-ERR-03 and more warned on the page as the API's answer, and V5-JWS-10 (MUST: a token signed
// for create is refused on edit) passed on it
test.concurrent.each([
  ['greenleaves', '/g2g/refund', ['gl.flow.refund', 'gl.tx.classic'], ['GL-OPS-05', 'GL-TX-07']],
  [
    'greenleaves-v5',
    '/v5/g2g/edit',
    ['v5.url.crud', 'v5.jws.binding', 'v5.flow.refund', 'v5.err.precedence'],
    ['V5-JWS-10', 'V5-ACT-02', 'V5-FLOW-04', 'V5-ERR-03'],
  ],
] as Array<[ProfileId, string, string[], string[]]>)(
  '%s gateway whose test domain does not serve %s: inconclusive where it is met, nothing judged on the page',
  async (profile, path, checks, met) => {
    const v = await judge(profile, { notServed: path }, checks);
    expect([...v.of('failed'), ...v.of('warning')]).toEqual([]);
    for (const id of met) expect(v.of('inconclusive')).toContain(id);
    for (const id of v.of('inconclusive'))
      expect(v.reason(id)).toMatch(
        new RegExp(
          `${path} answered HTTP 404 with the web server's own "404 Not Found" page: the path is not served there`,
        ),
      );
  },
);
