// Replies are read bounded and decoded from their Content-Encoding: a gateway, a merchant's
// callback endpoint or a proxy in front of either may answer with anything.
import { createServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readReplyBody, UnreadableReply } from '../../../src/protocols/common/reply.ts';
import { HttpClient } from '../../../src/harness/http.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import { LIMITS } from '../../../src/harness/subject.ts';

const XML = '<?xml version="1.0" encoding="utf-8"?>\n<response><pg_status>ok</pg_status></response>\n';
let endlessClosed = 0;
const routes: Record<string, (res: ServerResponse) => void> = {
  '/plain': (res) => res.end(XML),
  '/gzip': (res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(XML)),
  '/x-gzip': (res) => res.writeHead(200, { 'content-encoding': 'x-gzip' }).end(gzipSync(XML)),
  '/deflate': (res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(XML)),
  '/deflate-raw': (res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync(XML)),
  '/br': (res) => res.writeHead(200, { 'content-encoding': 'Br' }).end(brotliCompressSync(XML)),
  '/gzip-then-br': (res) =>
    res.writeHead(200, { 'content-encoding': 'gzip, br' }).end(brotliCompressSync(gzipSync(XML))),
  '/identity': (res) => res.writeHead(200, { 'content-encoding': 'identity' }).end(XML),
  '/empty-gzip': (res) => res.writeHead(204, { 'content-encoding': 'gzip' }).end(),
  '/zstd': (res) => res.writeHead(200, { 'content-encoding': 'zstd' }).end('(\u00b5/\u00fd'),
  '/corrupt-gzip': (res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(XML),
  // 64 MiB of zeros in ~64 KB
  '/bomb': (res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(64 << 20))),
  '/declared': (res) => {
    res.writeHead(200, { 'content-length': String(1 << 30) });
    res.write('x');
  },
  '/endless': (res) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    const chunk = Buffer.alloc(64 << 10, 0x41);
    const more = () => {
      while (res.write(chunk));
    };
    res.on('drain', more);
    res.on('close', () => endlessClosed++);
    more();
  },
};
const server = createServer((req, res) => {
  const route = routes[req.url ?? ''];
  if (route) route(res);
  else res.writeHead(404).end();
});
let base = '';
const agent = new Agent();
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  server.close();
});

const read = async (path: string, max?: number) =>
  Buffer.from(await readReplyBody(await request(`${base}${path}`, { dispatcher: agent, reset: true }), max)).toString();

describe('readReplyBody', () => {
  test.each(['/plain', '/gzip', '/x-gzip', '/deflate', '/deflate-raw', '/br', '/gzip-then-br', '/identity'])(
    '%s: the body as the server meant it',
    async (path) => {
      expect(await read(path)).toBe(XML);
    },
  );

  test('an empty body under a content-coding is empty', async () => {
    expect(await read('/empty-gzip')).toBe('');
  });

  test.each([
    ['/zstd', /Content-Encoding zstd is not one paycert decodes/],
    ['/corrupt-gzip', /not valid gzip content/],
    ['/bomb', /decodes \(gzip\) to more than 8388608 bytes/],
    ['/declared', /declares 1073741824 bytes, more than 8388608/],
  ])('%s is unreadable, with the reason', async (path, reason) => {
    const e = await read(path).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnreadableReply);
    expect((e as Error).message).toMatch(reason);
  });

  test('an endless body is cut at the bound and its connection dropped', async () => {
    const e = await read('/endless', 1 << 20).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnreadableReply);
    expect((e as Error).message).toBe('the reply is longer than 1048576 bytes');
    await expect.poll(() => endlessClosed).toBe(1);
  });
});

test('a check sending to such a server is inconclusive with the reason, and the exchange is in the evidence', async () => {
  const evidence = new EvidenceLog();
  const http = new HttpClient(HttpClient.agent(), LIMITS.reference, evidence);
  const e = await http.send({ url: `${base}/bomb` }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(Inconclusive);
  expect((e as Error).message).toMatch(/GET .*\/bomb could not be completed: the reply decodes \(gzip\) to more than/);
  expect(evidence.list().map((x) => x.error)).toEqual([expect.stringMatching(/decodes \(gzip\) to more than/)]);
  expect((await http.send({ url: `${base}/gzip` })).text).toBe(XML);
});

test('a reply trickling in a byte at a time is cut off at twice the timeout, inconclusive with the reason', async () => {
  const trickle = createServer((_, res) => {
    res.writeHead(200, { 'content-length': '100' });
    const step = setInterval(() => (res.destroyed ? clearInterval(step) : res.write('x')), 40);
  });
  await new Promise<void>((r) => trickle.listen(0, '127.0.0.1', () => r()));
  const evidence = new EvidenceLog();
  const http = new HttpClient(HttpClient.agent(), { ...LIMITS.reference, timeoutMs: 300 }, evidence);
  const started = Date.now();
  const e = await http
    .send({ url: `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/` })
    .catch((x: unknown) => x);
  trickle.closeAllConnections();
  trickle.close();
  expect(e).toBeInstanceOf(Inconclusive);
  expect((e as Error).message).toMatch(/could not be completed: the reply took more than 600 ms in all$/);
  expect(Date.now() - started).toBeLessThan(2_000);
});

test('headers trickling in a byte at a time are cut off at twice the timeout too', async () => {
  // undici's headersTimeout restarts with every byte of the headers: only the whole deadline ends this
  const head = 'HTTP/1.1 200 OK\r\n' + 'x-pad: '.padEnd(4000, 'y');
  const trickle = createTcpServer((socket) => {
    let i = 0;
    socket.on('error', () => {});
    const step = setInterval(
      () => (socket.destroyed || i >= head.length ? clearInterval(step) : socket.write(head[i++]!)),
      40,
    );
  });
  await new Promise<void>((r) => trickle.listen(0, '127.0.0.1', () => r()));
  const evidence = new EvidenceLog();
  const http = new HttpClient(HttpClient.agent(), { ...LIMITS.reference, timeoutMs: 300 }, evidence);
  const e = await http
    .send({ url: `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/` })
    .catch((x: unknown) => x);
  trickle.close();
  expect(e).toBeInstanceOf(Inconclusive);
  expect((e as Error).message).toMatch(/could not be completed: the reply took more than 600 ms in all$/);
  expect(evidence.list().map((x) => x.error)).toEqual(['the reply took more than 600 ms in all']);
});
