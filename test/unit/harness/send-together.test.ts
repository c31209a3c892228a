import { afterEach, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../../src/harness/http.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { Barrier } from '../../../src/harness/barrier.ts';

// Concurrent repeats (GL-MCB-08, V5-MCB-08) must reach the shop together whatever the scheduling: each
// request of a `together` group sends all but its body's last byte, then waits for the others.
let server: Server | undefined;
afterEach(() => server?.close());

async function recordingServer(): Promise<{ url: string; ends: Array<{ body: string; at: number }> }> {
  const ends: Array<{ body: string; at: number }> = [];
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      ends.push({ body: Buffer.concat(parts).toString(), at: Date.now() });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, ends };
}

const client = () => new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog());

test('a request held at the barrier completes only once the later one has sent the rest of its body', async () => {
  const { url, ends } = await recordingServer();
  const http = client();
  const gate = new Barrier(2, 10_000);
  const started = Date.now();
  const first = http.send({ url, body: 'a=1&b=Привет', burst: true, together: gate, statuses: 'any' });
  await new Promise((r) => setTimeout(r, 400));
  expect(ends, 'the first request completed before the second was sent').toEqual([]);
  const second = http.send({ url, body: 'c=2', burst: true, together: gate, statuses: 'any' });
  const replies = await Promise.all([first, second]);
  expect(replies.map((r) => r.text)).toEqual(['ok', 'ok']);
  // every byte arrived, the multi-byte text whole
  expect(ends.map((e) => e.body).sort()).toEqual(['a=1&b=Привет', 'c=2']);
  expect(Math.min(...ends.map((e) => e.at)) - started).toBeGreaterThanOrEqual(400);
});

test('without a barrier a request completes on its own; a body-less or one-byte body is sent as it is', async () => {
  const { url, ends } = await recordingServer();
  const http = client();
  await http.send({ url, body: 'a=1', burst: true, statuses: 'any' });
  expect(ends.map((e) => e.body)).toEqual(['a=1']);
  const gate = new Barrier(2, 10_000);
  // a GET cannot be held; a one-byte body waits at the barrier with its only byte
  await http.send({ url, burst: true, together: gate, statuses: 'any' });
  const one = http.send({ url, body: 'x', burst: true, together: gate, statuses: 'any' });
  const other = http.send({ url, body: 'yz', burst: true, together: gate, statuses: 'any' });
  await Promise.all([one, other]);
  expect(ends.map((e) => e.body).sort()).toEqual(['', 'a=1', 'x', 'yz']);
});

test('a barrier that never fills opens after its time: the request is still sent whole', async () => {
  const { url, ends } = await recordingServer();
  const r = await client().send({ url, body: 'a=1', burst: true, together: new Barrier(6, 300), statuses: 'any' });
  expect(r.text).toBe('ok');
  expect(ends.map((e) => e.body)).toEqual(['a=1']);
});
