// A v5 gateway that a request reaches 11 s after it was sent (a loaded test domain, a queue in front
// of it) stamps X-Datetime when it processes it: within V5-RSP-04's skew of the exchange, though 11 s
// after paycert sent it. The check took the time before sending as "now" and warned V5-RSP-04.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { judgeGateway } from './judge-gateway.ts';
import { startReference } from '../../src/harness/reference.ts';

test('v5: the X-Datetime of a request that reached the gateway 11 s late is judged against the whole exchange', async () => {
  const h = await startReference('greenleaves-v5', 'gateway');
  let first = true;
  const queue = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (first) ((first = false), await new Promise((w) => setTimeout(w, 11_000)));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
      const up = await fetch(`${h.url}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
      });
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) out[k] = v;
      });
      res.writeHead(up.status, out).end(Buffer.from(await up.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => queue.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(queue.address() as AddressInfo).port}`;
    const v = await judgeGateway('greenleaves-v5', url, ['v5.rsp.headers']);
    expect(v.said('V5-RSP-04')).toBe('V5-RSP-04 passed');
    // and the check's other rules as ever
    const judged = v.rules.filter((r) => r.verdict !== 'skipped');
    expect(judged.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.reason}`)).toEqual([]);
    expect(judged.length).toBe(7);
  } finally {
    queue.close();
    await h.close();
  }
});
