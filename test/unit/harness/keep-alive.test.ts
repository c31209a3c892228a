import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect, type AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { HttpClient } from '../../../src/harness/http.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { serve, text, type Running } from '../../../src/reference/server.ts';

// The race behind "other side closed" under load: a client whose event loop was blocked for longer
// than the server keeps an idle connection writes its next request on the pooled socket just as
// the server closes it. A reference server therefore keeps an idle connection open far longer
// than any client pools one (1 s) plus any plausible block (Node's default was 5 s).
let server: Running;
beforeAll(async () => void (server = await serve(() => text('ok'))));
afterAll(() => server.close());

test('a reference server keeps an idle keep-alive connection open past 6 s and says so', async () => {
  const socket = connect(server.port, '127.0.0.1');
  let reply = '';
  let closedAt: number | undefined;
  const started = Date.now();
  socket.on('data', (d) => void (reply += d.toString()));
  socket.on('close', () => void (closedAt = Date.now() - started));
  socket.write('GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  await new Promise((r) => setTimeout(r, 6_500));
  socket.destroy();
  expect(reply).toMatch(/^HTTP\/1\.1 200/);
  expect(reply.toLowerCase()).toMatch(/keep-alive: timeout=(\d{2,})/);
  expect(Number(/timeout=(\d+)/i.exec(reply)![1])).toBeGreaterThanOrEqual(60);
  expect(closedAt, `the server closed the idle connection after ${closedAt} ms`).toBeUndefined();
});

// Against a real target (unknown idle timeout) every request goes on its own connection, so a
// socket the server has closed is never reused; against a reference, connections are pooled.
test.each([false, true])(
  'HttpClient with reuseConnections=%s: a connection per request only without reuse',
  async (reuse) => {
    const s = createServer((_req, res) => void res.end('ok'));
    let connections = 0;
    s.on('connection', () => void connections++);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const agent = HttpClient.agent();
    try {
      const http = new HttpClient(agent, { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog(), {
        reuseConnections: reuse,
      });
      const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
      for (let i = 0; i < 4; i++) await http.send({ url });
      // pooled: undici may open a second connection while it checks an idle one, never one per request
      if (reuse) expect(connections).toBeLessThan(4);
      else expect(connections).toBe(4);
    } finally {
      await agent.close();
      s.closeAllConnections();
      s.close();
    }
  },
);
