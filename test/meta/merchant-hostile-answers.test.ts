// A reference merchant judged as a real target behind an edge that breaks some of its answers (probe21
// hostile-merchant-proxy): a diagnosis rests only on answers that are themselves proper, an answer that
// is none is the answer rule's, and the reasons name what is wrong with the answer.
import type { IncomingMessage } from 'node:http';
import { expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { realOnlyRules } from '../../src/spec/load.ts';
import { judgeMerchantAt } from '../merchant-edge.ts';
import { startStub, type Answer, type Upstream } from '../stub-edge.ts';

async function judged(
  profile: ProfileId,
  answer: (req: IncomingMessage, body: Buffer, up: Upstream) => Answer,
  checks: string[],
) {
  const h = await startReference(profile, 'merchant');
  const stub = await startStub(new URL(h.url).origin, answer);
  try {
    const v = await judgeMerchantAt(h, stub.url, checks);
    const realOnly = realOnlyRules(profile);
    const of = (verdict: string) => v.of(verdict).filter((id) => !realOnly.has(id));
    const all = v.rules.map((r) => `${r.id} ${r.verdict}${r.partly ? ' (partly)' : ''}: ${r.reason}`).join('\n');
    return { ...v, of, all };
  } finally {
    await stub.close();
    await h.close();
  }
}

/** A g2g call whose pg_sig begins with "0" (multipart, urlencoded or a query). */
const zeroSig = (req: IncomingMessage, body: Buffer) =>
  /name="pg_sig"\r\n\r\n0|(?:^|&|\?)pg_sig=0/.test(`${body.toString('latin1')}&${req.url ?? ''}`);

const nul = (b: Buffer) =>
  Buffer.concat([b.subarray(0, b.length >> 1), Buffer.from([0, 0, 0]), b.subarray(b.length >> 1)]);

// Was: GL-MCB-14 (MUST) failed "whose pg_sig begins with "0" … was answered HTTP 200, not XML (… U+0000
// …): the leading zeros of the MD5 hex are dropped", a contrast drawn with an answer that was no answer
// (NUL bytes, an HTTP 500 page), and GL-MCB-01 passed
test.concurrent.each([
  [
    'NUL bytes in the answer',
    (up: Upstream): Answer => ({ ...up, body: nul(up.body) }),
    ['GL-MCB-01'],
    /answer to a genuine call for a payable order whose pg_sig begins with "0" .*U\+0000/,
  ],
  [
    'XML nested 10^5 deep',
    (up: Upstream): Answer => ({
      ...up,
      body: Buffer.from(`<?xml version="1.0" encoding="utf-8"?>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`),
    }),
    ['GL-MCB-01'],
    /answer to a genuine call for a payable order whose pg_sig begins with "0" .*elements nested deeper than 100 levels/,
  ],
  [
    'an HTTP 500 debug page',
    (): Answer => ({
      status: 500,
      headers: { 'content-type': 'text/html' },
      body: Buffer.from('<html><body><pre>Stack: SignatureError</pre></body></html>'),
    }),
    [],
    undefined,
  ],
] as const)(
  'greenleaves merchant whose edge breaks the answer to the call whose pg_sig begins with "0" (%s): GL-MCB-14 is not blamed',
  async (_what, broken, failed, cause) => {
    const v = await judged('greenleaves', (req, body, up) => (zeroSig(req, body) ? broken(up) : up), [
      'gl.merchant.result-ok',
    ]);
    expect(v.of('failed'), v.all).toEqual(failed);
    expect(v.of('warning'), v.all).toEqual([]);
    if (cause) expect(v.reason('GL-MCB-01')).toMatch(cause);
    const r = v.rules.find((x) => x.id === 'GL-MCB-14');
    // the first genuine call was taken: the rule is passed on it, the leading zero not judged
    expect([r?.verdict, !!r?.partly, r?.reason]).toEqual([
      'passed',
      true,
      expect.stringMatching(
        /pg_sig begins with "0" \([0-9a-f]{32}\) got no answer to compare \((GL-MCB-01|a 5xx, which the gateway calls again)\)/,
      ),
    ]);
  },
);

/** windows-1251 for the Cyrillic the reference merchants answer with (ASCII as it is). */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      return c === 0x401 ? 0xa8 : c === 0x451 ? 0xb8 : 0x3f;
    }),
  );
}

const EDGE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Every `n`th request answered with the edge's 502 page, sent with HTTP 200 (the shop still called). */
function pageAs200Every(n: number) {
  let seen = 0;
  return (_req: IncomingMessage, _body: Buffer, up: Upstream): Answer =>
    ++seen % n === 0 ? { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(EDGE_502) } : up;
}

// An edge sending its 502 page with HTTP 200 on every 5th call: the gateway calls again only a result_url
// "не со статусом 200" (seed 001), so each such call is lost. Was: every rule passed (paycert sent the call
// again, as for a 502), GL-MCB-01 failed only when result-ok's own first call met the page
test.concurrent.each([
  ['greenleaves', ['gl.merchant.repeat', 'gl.merchant.can-reject'], 'failed', 'GL-MCB-01'],
  ['greenleaves-v5', ['v5.mcb.repeat', 'v5.mcb.forged'], 'warning', 'V5-MCB-01'],
] as const)(
  '%s merchant behind an edge sending its 502 page with HTTP 200 on every 5th call: the answer rule fails, nothing else',
  async (profile, checks, verdict, rule) => {
    const v = await judged(profile, pageAs200Every(5), [...checks]);
    expect({ failed: v.of('failed'), warned: v.of('warning') }, v.all).toEqual({
      failed: verdict === 'failed' ? [rule] : [],
      warned: verdict === 'warning' ? [rule] : [],
    });
    expect(v.reason(rule)).toMatch(
      /a result_url call \(POST \/shop\/[a-z0-9/]+.*\) was answered HTTP 200 with an edge's "502 Bad Gateway" page: an edge's error page served with HTTP 200, and a gateway does not call again a result_url answered 200 \(seed 001.*"ответ от сервера был не со статусом 200/,
    );
    expect(v.of('inconclusive'), v.all).toEqual([]);
  },
);

// Was: "HTTP 308 to …, want HTTP 200 …, as the merchant answers a forged call: is the signature verified
// over other bytes than those received, or the body read in another encoding?" (the forged twin met the
// same redirect, the same WAF page)
test.concurrent.each([
  [
    'a 308 to where the shop moved',
    (req: IncomingMessage): Answer => ({
      status: 308,
      headers: { location: `http://127.0.0.1:1/moved${req.url ?? ''}` },
      body: Buffer.alloc(0),
    }),
    /a genuine call .* was answered HTTP 308 to http:\/\/127\.0\.0\.1:1\/moved\/shop\/v5\/result, want HTTP 200 and a JSON answer whose status is ok$/,
  ],
  [
    "a WAF's 403 page",
    (): Answer => ({
      status: 403,
      headers: { 'content-type': 'text/html' },
      body: Buffer.from(
        '<html><head><title>403 Forbidden</title></head><body><h1>Request blocked by WAF</h1></body></html>',
      ),
    }),
    // probe 23: the page names a firewall, so the reason does
    /a genuine call .* was answered HTTP 403 with a web application firewall's block page "403 Forbidden" \("Request blocked by WAF"\) \(the gateway's calls meet it too[^)]*\), want HTTP 200 and a JSON answer whose status is ok$/,
  ],
] as const)(
  'greenleaves-v5 merchant behind %s: V5-MCB-01 says the status, not a signature fault',
  async (_w, answer, cause) => {
    const v = await judged('greenleaves-v5', (req) => answer(req), ['v5.mcb.genuine', 'v5.mcb.check']);
    expect(v.of('warning'), v.all).toEqual(['V5-MCB-01']);
    expect(v.reason('V5-MCB-01')).toMatch(cause);
    expect(v.all).not.toMatch(/as the merchant answers a forged call/);
  },
);

// RFC 8259 §8.1: JSON exchanged between systems is UTF-8 (the same section forbids the BOM, which
// already failed V5-MCB-01). Was: an answer in windows-1251, labelled so, passed
test('greenleaves-v5 merchant whose edge re-encodes its JSON answers to windows-1251, labelled so: V5-MCB-01 warns citing RFC 8259 §8.1', async () => {
  const v = await judged(
    'greenleaves-v5',
    (_req, _body, up) =>
      /json/.test(up.headers['content-type'] ?? '')
        ? {
            ...up,
            headers: { ...up.headers, 'content-type': 'application/json; charset=windows-1251' },
            body: cp1251(up.body.toString('utf8')),
          }
        : up,
    ['v5.mcb.genuine'],
  );
  expect(v.of('warning'), v.all).toEqual(['V5-MCB-01']);
  expect(v.reason('V5-MCB-01')).toMatch(
    /the answer is not UTF-8 \(its content-type says windows-1251, and its bytes are not valid UTF-8\): RFC 8259 §8\.1 "JSON text exchanged between systems that are not part of a closed ecosystem MUST be encoded using UTF-8"/,
  );
});

// XML 1.0 4.3.3: bytes not valid in the declared encoding are a fatal error, as GL-TX-02 says of the
// gateway's replies. Was: GL-MCB-01 passed, only GL-MCB-02 failed
test('greenleaves merchant whose edge re-encodes its answers to windows-1251, still declared utf-8: GL-MCB-01 fails', async () => {
  const v = await judged(
    'greenleaves',
    (_req, _body, up) =>
      /xml/.test(up.headers['content-type'] ?? '') ? { ...up, body: cp1251(up.body.toString('utf8')) } : up,
    ['gl.merchant.result-ok'],
  );
  expect(v.of('failed'), v.all).toEqual(['GL-MCB-01']);
  expect(v.of('warning'), v.all).toEqual(['GL-MCB-02']);
  expect(v.reason('GL-MCB-01')).toMatch(
    /the answer is not well-formed XML: \d+ byte sequences? (is|are) not valid utf-8 \(declared by the content-type\)/,
  );
});

// Was: "not well-formed XML: Invalid '[ "response", "pg_description"]' found (line 1, column 1)"
test('greenleaves merchant whose edge cuts every answer in half: GL-MCB-01 says the XML ends before </response>', async () => {
  const v = await judged(
    'greenleaves',
    (_req, _body, up) => ({ ...up, body: up.body.subarray(0, up.body.length >> 1) }),
    ['gl.merchant.result-ok'],
  );
  expect(v.of('failed'), v.all).toEqual(['GL-MCB-01']);
  expect(v.reason('GL-MCB-01')).toMatch(
    /the answer is not an XML <response>: the XML ends before <\/response> \(the document is cut short after \d+ bytes\)/,
  );
});

// Was: "could not be completed: UND_ERR_HEADERS_OVERFLOW Headers Overflow Error" in every rule's reason
test('greenleaves merchant whose edge answers with 10^5 headers: the reasons say so in words', async () => {
  const v = await judged(
    'greenleaves',
    (_req, _body, up): Answer => ({
      raw: (res) => {
        const lines = ['HTTP/1.1 200 OK', 'Content-Type: text/xml; charset=utf-8'];
        for (let i = 0; i < 100_000; i++) lines.push(`X-H${i}: v${i}`);
        lines.push(`Content-Length: ${up.body.length}`, 'Connection: close', '', '');
        res.socket!.end(Buffer.concat([Buffer.from(lines.join('\r\n')), up.body]));
      },
    }),
    ['gl.merchant.result-ok'],
  );
  expect(v.of('inconclusive').length, v.all).toBeGreaterThan(0);
  for (const r of v.rules.filter((x) => x.verdict === 'inconclusive'))
    expect(r.reason).toMatch(
      /could not be completed: it answered with more header bytes than an HTTP client reads \(16 KiB\): no answer paycert can judge$/,
    );
  expect(v.all).not.toMatch(/UND_ERR/);
});
