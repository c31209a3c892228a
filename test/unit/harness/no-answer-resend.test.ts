// A call paycert makes as the gateway or the bank, answered 502, 503 or 504 (an edge in front of the shop
// that got no answer from it), is sent once more: the second reply is the answer, both are evidence.
// Nothing else is ever sent twice: other statuses, bursts, and requests that do not ask for it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { HttpClient, resendUnanswered } from '../../../src/harness/http.ts';

// the path names the statuses to answer in turn: /502,200 answers 502, then 200, then 200 …
const seen = new Map<string, number>();
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const n = seen.get(req.url!) ?? 0;
    seen.set(req.url!, n + 1);
    const statuses = req.url!.slice(1).split('?')[0]!.split(',');
    res.writeHead(Number(statuses[Math.min(n, statuses.length - 1)])).end(`answer ${n + 1}`);
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
      [200, `a call, sent again: HTTP ${s} is no answer of the shop's (an edge in front of it got none)`],
    ]);
  },
);

test('a shop that never answers gets the call twice, not more, and its second 502 is the answer', async () => {
  const r = await client().send({ url: `${base}/502?case=down`, statuses: 'any', resendNoAnswer: true });
  expect([r.status, seen.get('/502?case=down')]).toEqual([502, 2]);
});

test.each([
  ['500 (the shop itself failed)', '/500,200?case=500', { resendNoAnswer: true }],
  ['502 without resendNoAnswer', '/502,200?case=plain', {}],
  ['502 in a burst', '/502,200?case=burst', { resendNoAnswer: true, burst: true }],
])('%s: sent once', async (_what, path, extra) => {
  const r = await client().send({ url: `${base}${path}`, statuses: 'any', ...extra });
  expect([r.status >= 500, seen.get(path)]).toEqual([true, 1]);
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
});
