// A shop's call (resendNoAnswer) that got no reply at all: the connection closed before any reply (an
// edge dropping it, "other side closed"), or a reply cut short before its Content-Length (undici
// UND_ERR_RES_CONTENT_LENGTH_MISMATCH). Neither is an answer of the shop's: the call is sent again as one
// answered 502 is (probe 23 findings 5, 6), and a call never answered says so in plain words.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { HttpClient } from '../../../src/harness/http.ts';

// the path names what to do in turn: /close,200 drops the first connection unanswered, then answers 200
const seen = new Map<string, number>();
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const n = seen.get(req.url!) ?? 0;
    seen.set(req.url!, n + 1);
    const steps = req.url!.slice(1).split('?')[0]!.split(',');
    const s = steps[Math.min(n, steps.length - 1)]!;
    if (s === 'close') return req.socket.destroy();
    if (s === 'cut') {
      // 40 bytes promised, 10 sent, then the connection closed
      res.writeHead(200, { 'content-length': '40', 'content-type': 'text/plain' });
      res.write('0123456789', () => res.socket?.destroy());
      return;
    }
    res.writeHead(Number(s)).end(`answer ${n + 1}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const client = (log = new EvidenceLog()) =>
  new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, log);

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
