// Probe 24, a paced staging domain. A 429 storm (every request refused with Retry-After: 20): once its
// Retry-After budget was spent, paycert kept sending every 1.5 s, 89 requests inside the windows the
// target announced. And a random 503 (Retry-After) whose resend met a random 429 ended a field check of
// 150 requests. Review of the mend: a window paycert did not wait out made every request to the origin
// fail at once while its budget was not spent (one `429 Retry-After: 60` and the rest of a run
// inconclusive in seconds); overlapping waits were each charged to the budget; a burst went into a
// window paycert itself waited out. Counted by a loopback server, or with the clock given: no
// wall-clock assertion.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { HttpClient, insideAskedWindow, waitBeforeNext } from '../../../src/harness/http.ts';

// one origin per case: the Retry-After memory is per origin and process
const servers: Server[] = [];
async function origin(answer: (n: number) => { status: number; headers?: Record<string, string> }) {
  let count = 0;
  const s = createServer((_req, res) => {
    const a = answer(++count);
    res.writeHead(a.status, { 'content-type': 'text/html', ...a.headers }).end('<html><body>x</body></html>');
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/api`, count: () => count };
}
afterAll(() => {
  for (const s of servers) s.close();
});

test('its wait budget spent, no request goes to an origin inside a window a Retry-After announced: each is inconclusive at once, saying so', async () => {
  // every request refused: 429, Retry-After: 20 (the storm)
  const storm = await origin(() => ({ status: 429, headers: { 'retry-after': '20' } }));
  // a budget of 0: spent from the start (RETRY_AFTER_BUDGET_MS in a run; two minutes of storm in a test)
  const http = new HttpClient(
    HttpClient.agent(),
    { timeoutMs: 5_000, minIntervalMs: 0, retryAfterBudgetMs: 0 },
    new EvidenceLog(),
  );
  // the first is sent and refused; its resend falls inside the window announced, and is not sent
  await expect(http.send({ url: storm.url, method: 'POST', body: 'x' })).rejects.toThrow(
    /^POST http:\/\/127\.0\.0\.1:\d+\/api not sent: paycert stopped waiting after the target asked to wait 1 time: the next requests to .* have waited 0 s already, all paycert waits for one target in a run .*; the target asked \(Retry-After\) for no requests to http:\/\/127\.0\.0\.1:\d+ for 2\d s more; not judged$/,
  );
  // the next requests of the run, a burst's too: none sent
  for (const burst of [false, false, true, false])
    await expect(http.send({ url: `${storm.url}/next`, burst })).rejects.toThrow(
      /not sent: paycert stopped waiting after the target asked/,
    );
  expect(storm.count()).toBe(1);
});

test('a Retry-After longer than paycert waits for one reply is waited for that long and the request sent then, while the budget lasts; once it is spent, nothing is sent there till the window ends', async () => {
  // 503, Retry-After: 3600, then answers (a cap of 300 ms standing for RETRY_AFTER_CAP_MS's 30 s)
  const away = await origin((n) => (n === 1 ? { status: 503, headers: { 'retry-after': '3600' } } : { status: 200 }));
  const log = new EvidenceLog();
  const http = new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0, retryAfterCapMs: 300 }, log);
  const r = await http.send({ url: away.url });
  expect([r.status, r.resentAfter?.status, away.count()]).toEqual([200, 503, 2]);
  expect(log.list()[0]!.note).toMatch(/^Retry-After: it asked for 3600 s; the next requests to .* wait 1 s, the most/);
  // the next request of the run is sent too (was: inconclusive at once for the hour)
  expect((await http.send({ url: away.url })).status).toBe(200);
  expect(away.count()).toBe(3);
  // the same with the budget spent: the hour is not waited, and nothing is sent inside it
  const gone = await origin(() => ({ status: 503, headers: { 'retry-after': '3600' } }));
  const spent = new HttpClient(
    HttpClient.agent(),
    { timeoutMs: 5_000, minIntervalMs: 0, retryAfterBudgetMs: 0, retryAfterCapMs: 300 },
    new EvidenceLog(),
  );
  await expect(spent.send({ url: gone.url })).rejects.toThrow(
    /not sent: paycert stopped waiting .*; the target asked \(Retry-After\) .* for 3600 s more/,
  );
  await expect(spent.send({ url: gone.url })).rejects.toThrow(/not sent/);
  expect(gone.count()).toBe(1);
});

test('a window that fits in the budget is waited out whole, and no request is inconclusive for it (was: 60 s, longer than the cap, failed every request at once)', () => {
  const now = 1_000_000;
  expect(waitBeforeNext('http://sixty.test/api', 30_000, 60_000, 120_000, now)).toBe(
    'Retry-After: it asked for 60 s; the next requests to http://sixty.test wait 30 s, the most paycert waits for one reply',
  );
  for (const t of [now, now + 29_000, now + 45_000])
    expect(insideAskedWindow('http://sixty.test/x', t)).toBeUndefined();
  expect(waitBeforeNext('http://twenty.test/api', 20_000, 20_000, 120_000, now)).toBe(
    'Retry-After: the next requests to http://twenty.test wait 20 s',
  );
  expect(insideAskedWindow('http://twenty.test/x', now + 1)).toBeUndefined();
});

test('waits that overlap are charged once: seven replies of a burst each asking Retry-After: 20 hold the origin back 20 s of its 120 s budget, not 140', () => {
  const now = 2_000_000;
  // the seven replies arrive within 60 ms of one another
  const notes = Array.from({ length: 7 }, (_, i) =>
    waitBeforeNext('http://burst.test/api', 20_000, 20_000, 120_000, now + 10 * i),
  );
  expect(notes).toEqual(Array(7).fill('Retry-After: the next requests to http://burst.test wait 20 s'));
  expect(insideAskedWindow('http://burst.test/api', now + 100)).toBeUndefined();
  // 20.06 s charged: four waits of 24.985 s back to back fill the budget to 120 s; one second more does not fit
  const later = Array.from({ length: 4 }, (_, i) =>
    waitBeforeNext('http://burst.test/api', 24_985, 24_985, 120_000, now + 20_060 + 24_985 * i),
  );
  expect(later.every((n) => n.startsWith('Retry-After: the next requests'))).toBe(true);
  expect(waitBeforeNext('http://burst.test/api', 1_000, 1_000, 120_000, now + 120_000)).toMatch(
    /^Retry-After not waited for: paycert stopped waiting after the target asked to wait \d+ times: the next requests to http:\/\/burst\.test have waited 120 s already/,
  );
  expect(insideAskedWindow('http://burst.test/api', now + 120_500)).toMatch(/for 1 s more/);
});

test("a burst's request waits out a Retry-After paycert waits for: it is not sent inside the window", async () => {
  // 429 with Retry-After: 1 to every request arriving within a second of the first, then 200
  let first = 0;
  const limited = await origin(() => {
    const now = Date.now();
    first ||= now;
    return now - first < 1_000 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
  });
  const http = new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog());
  await expect(http.send({ url: limited.url, burst: true })).rejects.toThrow(/answered HTTP 429/);
  // the next burst is held till the window ends (was: sent at once, met the 429, inconclusive)
  const r = await Promise.all([1, 2, 3].map(() => http.send({ url: limited.url, burst: true })));
  expect([r.map((x) => x.status), limited.count()]).toEqual([[200, 200, 200], 4]);
});

test("a gateway's request refused as not taken is sent again while refusals say so: a 503 with Retry-After, then a 429 without, then the answer", async () => {
  const noisy = await origin((n) =>
    n === 1 ? { status: 503, headers: { 'retry-after': '1' } } : n === 2 ? { status: 429 } : { status: 200 },
  );
  const log = new EvidenceLog();
  const http = new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, log);
  const r = await http.send({ url: noisy.url, method: 'POST', body: 'x', note: 'pg_amount: format' });
  expect([r.status, r.resentAfter, noisy.count()]).toEqual([200, { status: 503, why: 'HTTP 503' }, 3]);
  expect(log.list().map((e) => e.note)).toEqual([
    expect.stringMatching(/^pg_amount: format; Retry-After: the next requests to .* wait 1 s$/),
    'pg_amount: format, sent again: HTTP 503 asks for it later (Service Unavailable: an overload or a rate limit, not taken)',
    expect.stringMatching(
      /^pg_amount: format, sent again \(2\) after 400 ms: HTTP 429 asks for it later \(Too Many Requests/,
    ),
  ]);
});

test('a 503 without Retry-After after a first resend is not sent a second time: the front may have passed the request on', async () => {
  // 429, then Envoy's 503 (upstream reset before headers, no Retry-After), then it would answer
  const reset = await origin((n) => (n === 1 ? { status: 429 } : n === 2 ? { status: 503 } : { status: 200 }));
  const http = new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog());
  await expect(http.send({ url: reset.url, method: 'POST', body: 'x' })).rejects.toThrow(
    /answered HTTP 503: the subject is in trouble, not judged$/,
  );
  expect(reset.count()).toBe(2);
});
