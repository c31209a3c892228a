import { createServer } from 'node:http';
import { Agent, request } from 'node:http';
import { expect, test, vi } from 'vitest';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { relaySocket } from '../../../src/harness/callback-route.ts';
import { holdListenPort, releaseListenPorts } from '../../../src/harness/listener-relay.ts';
import { freePort } from '../../e2e/serve.ts';

// The relay holding --listen-port routes a connection by its first request. A gateway (or a tunnel)
// keeping its connection alive sent worker B's callback on the connection worker A had answered: it
// reached A, which had no such route (404), and B's check read "not called". Behind the relay a worker
// answers with Connection: close, so that the next request comes on a connection of its own.
test('behind the relay, a kept-alive client reaches each worker by its own route', async () => {
  const port = await freePort();
  const held = await holdListenPort(port);
  // worker A: this process's listener, behind the relay (a fresh module: the unit files share one)
  vi.resetModules();
  const { Listener } = await import('../../../src/harness/listener.ts');
  const a = await Listener.open(new EvidenceLog(), {
    listenPort: port,
    publicBase: `http://127.0.0.1:${port}`,
    relay: held.dir,
  });
  // worker B: another process's listener, here a server on the socket of another tag
  const b = createServer((req, res) => void res.end(`worker B got ${req.url}`));
  await new Promise<void>((r) => b.listen(relaySocket(held.dir, 'bbbbbb'), r));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = (url: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end('pg_result=1');
    });
  try {
    expect((await post(a.url('result'))).status).toBe(200);
    expect(a.received).toHaveLength(1);
    expect(await post(`http://127.0.0.1:${port}/cb/bbbbbb000000/result`)).toEqual({
      status: 200,
      body: 'worker B got /cb/bbbbbb000000/result',
    });
  } finally {
    agent.destroy();
    b.close();
    releaseListenPorts();
  }
});
