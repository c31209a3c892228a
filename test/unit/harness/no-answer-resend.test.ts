// A call paycert makes as the gateway or the bank, answered 502, 503 or 504 (an edge in front of the shop
// that got no answer from it), or with the edge's own page for those sent as HTTP 200, is sent once more:
// the second reply is the answer (resentAfter says what the first was), both are evidence. Nothing else
// is ever sent twice: other statuses, a shop's own page, bursts, and requests that do not ask for it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { HttpClient, resendUnanswered } from '../../../src/harness/http.ts';

// the path names the statuses to answer in turn: /502,200 answers 502, then 200, then 200 …; `page` is
// nginx's 502 page sent with HTTP 200 (`error_page 502 =200`), `shop` a shop's own page mentioning a 502;
// `close` drops the connection unanswered, `cut` sends 10 of the 40 bytes it promised
const PAGES: Record<string, string> = {
  page: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  timeout:
    '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  shop: '<html><head><title>Order 502 paid</title></head><body><h1>Thank you</h1><p>Error 502 Bad Gateway pages are not ours</p></body></html>',
};
const seen = new Map<string, number>();
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const n = seen.get(req.url!) ?? 0;
    seen.set(req.url!, n + 1);
    const statuses = req.url!.slice(1).split('?')[0]!.split(',');
    const s = statuses[Math.min(n, statuses.length - 1)]!;
    if (s === 'close') return req.socket.destroy();
    if (s === 'cut') {
      // 40 bytes promised, 10 sent, then the connection closed
      res.writeHead(200, { 'content-length': '40', 'content-type': 'text/plain' });
      res.write('0123456789', () => res.socket?.destroy());
      return;
    }
    if (s === 'redir') res.writeHead(302, { location: '/page' }).end();
    else if (s === 'order') res.writeHead(302, { location: `/orders/${req.url!.split('=')[1]}/thanks` }).end();
    else if (req.url!.startsWith('/orders/')) res.writeHead(200, { 'content-type': 'text/html' }).end(PAGES.shop);
    // nginx's own page for its proxy_read_timeout, with its status
    else if (s === 'timeout') res.writeHead(504, { 'content-type': 'text/html' }).end(PAGES.timeout);
    else if (PAGES[s]) res.writeHead(200, { 'content-type': 'text/html' }).end(PAGES[s]);
    else res.writeHead(Number(s)).end(`answer ${n + 1}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const client = (log = new EvidenceLog()) =>
  new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, log);

test.each(['502', '503', '504'])(
  'answered %s, the call is sent again and its second reply is the answer',
  async (s) => {
    const log = new EvidenceLog();
    const url = `${base}/${s},200?case=${s}`;
    const r = await client(log).send({
      url,
      method: 'POST',
      body: 'x',
      statuses: 'any',
      resendNoAnswer: true,
      note: 'a call',
    });
    expect([r.status, r.text, seen.get(new URL(url).pathname + new URL(url).search)]).toEqual([200, 'answer 2', 2]);
    expect(log.list().map((x) => [x.status, x.note])).toEqual([
      [Number(s), 'a call'],
      [200, `a call, sent again after 200 ms: HTTP ${s} is no answer of the shop's (an edge in front of it got none)`],
    ]);
  },
);

test("an edge's 502 page sent as HTTP 200: sent again, the second reply the answer, resentAfter naming the page", async () => {
  const log = new EvidenceLog();
  const r = await client(log).send({
    url: `${base}/page,200?case=p`,
    statuses: 'any',
    resendNoAnswer: true,
    note: 'a call',
  });
  expect([r.status, r.text, seen.get('/page,200?case=p')]).toEqual([200, 'answer 2', 2]);
  expect(r.resentAfter).toEqual({ status: 200, why: `HTTP 200 with an edge's "502 Bad Gateway" page` });
  expect(log.list().map((x) => x.note)).toEqual([
    'a call',
    `a call, sent again: HTTP 200 with an edge's "502 Bad Gateway" page is no answer of the shop's (an edge in front of it got none)`,
  ]);
  // a call answered at once says nothing was resent
  expect((await client().send({ url: `${base}/200?case=p1`, statuses: 'any', resendNoAnswer: true })).resentAfter).toBe(
    undefined,
  );
});

test("a gateway's request (statuses 'gateway') answered with an edge's 502 page as HTTP 200: not judged, as after a 502; a page of its own is an answer", async () => {
  await expect(client().send({ url: `${base}/page?case=gw` })).rejects.toThrow(
    /answered HTTP 200 with an edge's "502 Bad Gateway" page: the subject is in trouble, not judged$/,
  );
  expect(seen.get('/page?case=gw')).toBe(1); // never sent again
  expect((await client().send({ url: `${base}/shop?case=gw` })).status).toBe(200);
});

test("lookPastRedirect: a 302 to an edge's 502 page is no answer, sent again; the place fetched once per client", async () => {
  const c = client();
  const how = { statuses: 'any', resendNoAnswer: true, lookPastRedirect: true } as const;
  const r = await c.send({ url: `${base}/redir,200?case=r1`, ...how });
  expect([r.status, r.resentAfter]).toEqual([
    200,
    { status: 302, why: `HTTP 302 to /page, then HTTP 200 with an edge's "502 Bad Gateway" page` },
  ]);
  expect((await c.send({ url: `${base}/redir,200?case=r2`, ...how })).status).toBe(200);
  expect(seen.get('/page')).toBe(1);
  // without it (Jysan BACKREF: a redirect is the shop's answer to the payer) the 302 is the answer
  const plain = await client().send({ url: `${base}/redir,200?case=r3`, statuses: 'any', resendNoAnswer: true });
  expect([plain.status, plain.resentAfter, seen.get('/redir,200?case=r3')]).toEqual([302, undefined, 1]);
});

test("a redirect to the shop's own page is the answer; its place, known by its path with long numbers masked, fetched once", async () => {
  const c = client();
  const how = { statuses: 'any', resendNoAnswer: true, lookPastRedirect: true } as const;
  for (const order of ['49118341', '49118342'])
    expect((await c.send({ url: `${base}/order?case=${order}`, ...how })).status).toBe(302);
  expect([
    seen.get('/order?case=49118342'),
    seen.get('/orders/49118341/thanks'),
    seen.get('/orders/49118342/thanks'),
  ]).toEqual([1, 1, undefined]);
});

// Was: sent once more at once, and the second 502 (504, 429) judged as the shop's answer: behind nginx's
// limit_req or its proxy_read_timeout GL-MCB-06 (MUST) failed "repeat 1: HTTP 429, the first was ok",
// V5-MCB-05 warned "check_url answered HTTP 504 for a payable order"
test("a shop that never answers: sent again three times, 200, 400 and 800 ms apart, then not judged, the reason naming the edge's timeout page, not its HTML", async () => {
  const log = new EvidenceLog();
  const call = client(log).send({
    url: `${base}/timeout?case=down`,
    statuses: 'any',
    resendNoAnswer: true,
    note: 'a call',
  });
  const e = await call.then(
    () => undefined,
    (x: Error) => x,
  );
  expect([e?.name, e?.message]).toEqual([
    'Inconclusive',
    expect.stringMatching(
      /^GET http:\/\/127\.0\.0\.1:\d+\/timeout was answered HTTP 504 with an edge's "504 Gateway Time-out" page \(the edge's timeout: the shop did not answer it in time\) each of the 4 times it was sent over [0-9.]+ s \(sent again after pauses, as the gateway, the bank or a payer reloading calls again one it got no answer to\): the shop never took the call, so nothing it would have shown is judged$/,
    ),
  ]);
  expect(e!.message).not.toMatch(/<|nginx/);
  expect(seen.get('/timeout?case=down')).toBe(4);
  const at = log.list().map((x) => Date.parse(x.at));
  // the pauses double (lower bounds only: a loaded machine makes them longer)
  at.slice(1).forEach((t, i) => expect(t - at[i]!).toBeGreaterThanOrEqual(200 * 2 ** i - 5));
  expect(log.list().map((x) => x.note)).toEqual([
    'a call',
    "a call, sent again after 200 ms: HTTP 504 is no answer of the shop's (an edge in front of it got none)",
    "a call, sent again (2) after 400 ms: HTTP 504 is no answer of the shop's (an edge in front of it got none)",
    "a call, sent again (3) after 800 ms: HTTP 504 is no answer of the shop's (an edge in front of it got none)",
  ]);
});

test('a shop answered after its edge missed it twice: the third attempt is the answer', async () => {
  const r = await client().send({ url: `${base}/502,503,200?case=third`, statuses: 'any', resendNoAnswer: true });
  expect([r.status, r.resentAfter, seen.get('/502,503,200?case=third')]).toEqual([
    200,
    { status: 502, why: 'HTTP 502' },
    3,
  ]);
});

test.each([
  ['500 (the shop itself failed)', '/500,200?case=500', { resendNoAnswer: true }],
  ['502 without resendNoAnswer', '/502,200?case=plain', {}],
  ['502 in a burst', '/502,200?case=burst', { resendNoAnswer: true, burst: true }],
  ["a shop's own page that mentions a 502", '/shop,500?case=shop', { resendNoAnswer: true }],
])('%s: sent once', async (_what, path, extra) => {
  const r = await client().send({ url: `${base}${path}`, statuses: 'any', ...extra });
  expect([r.status >= 500 || r.text.includes('Thank you'), seen.get(path), r.resentAfter]).toEqual([
    true,
    1,
    undefined,
  ]);
});

test('resendUnanswered sends again only the calls of a burst answered 502/503/504, in their places', async () => {
  const whole = [{ http: { status: 200 } }, { http: { status: 500 } }];
  expect(await resendUnanswered(whole, () => Promise.reject(new Error('not sent again')))).toBe('200, 500');
  const answers = [200, 502, 500, 504].map((status) => ({ http: { status }, n: 0 }));
  let n = 0;
  const out = await resendUnanswered(answers, async () => ({ http: { status: 200 }, n: ++n }));
  expect(out).toBe('200, 502, 500, 504; those not answered, sent again: 200, 200, 500, 200');
  expect(answers.map((a) => [a.http.status, a.n])).toEqual([
    [200, 0],
    [200, 1],
    [500, 0],
    [200, 2],
  ]);
  // an edge's page sent as HTTP 200 in a burst is no answer either, and the reason says which it was
  const paged = [{ http: { status: 200, text: PAGES.page! } }, { http: { status: 200, text: PAGES.shop! } }];
  expect(await resendUnanswered(paged, async () => ({ http: { status: 200, text: 'answer' } }))).toBe(
    `200 with an edge's "502 Bad Gateway" page, 200; those not answered, sent again: 200, 200`,
  );
  expect(paged.map((a) => a.http.text)).toEqual(['answer', PAGES.shop]);
});

// A call that got no reply at all: the connection closed before any reply (an edge dropping it, "other side
// closed"), or a reply cut short before its Content-Length (undici UND_ERR_RES_CONTENT_LENGTH_MISMATCH).
// Neither is an answer of the shop's: the call is sent again as one answered 502 is (probe 23 findings 5, 6),
// and a call never answered says so in plain words.
test.each([
  ['close', 'the connection was closed without a reply'],
  ['cut', 'the reply was cut short'],
])('a call that got no reply (%s) is sent again, its second reply the answer', async (s, words) => {
  const log = new EvidenceLog();
  const r = await client(log).send({
    url: `${base}/${s},200?case=${s}`,
    method: 'POST',
    body: 'x',
    statuses: 'any',
    resendNoAnswer: true,
    note: 'a call',
  });
  expect([r.status, r.text, seen.get(`/${s},200?case=${s}`)]).toEqual([200, 'answer 2', 2]);
  expect(r.resentAfter?.why).toContain(words);
  const notes = log.list().map((x) => x.note);
  expect(notes).toHaveLength(2);
  expect(notes[1]).toContain(`a call, sent again after 200 ms: ${words}`);
});

test.each([
  ['close', /the connection was closed without a reply each of the 4 times it was sent/],
  ['cut', /the reply was cut short \(10 of 40 bytes\) each of the 4 times it was sent/],
])('a call that never gets a reply (%s) is not judged, the reason in plain words', async (s, re) => {
  const err = await client()
    .send({ url: `${base}/${s}?case=never-${s}`, method: 'POST', body: 'x', statuses: 'any', resendNoAnswer: true })
    .then(
      () => undefined,
      (e: Error) => e,
    );
  expect(err?.name).toBe('Inconclusive');
  expect(err?.message).toMatch(re);
  expect(err?.message).not.toMatch(/UND_ERR/);
  expect(seen.get(`/${s}?case=never-${s}`)).toBe(4);
});

test("a gateway's request (no resendNoAnswer) that got no reply is sent once and not judged", async () => {
  const err = await client()
    .send({ url: `${base}/close?case=gw`, method: 'POST', body: 'x' })
    .then(
      () => undefined,
      (e: Error) => e,
    );
  expect(err?.name).toBe('Inconclusive');
  expect(err?.message).toMatch(/the connection was closed without a reply/);
  expect(seen.get('/close?case=gw')).toBe(1);
});
