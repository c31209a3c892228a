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

/** A front that moves the reply's X-Datetime (and, with `date`, its Date header) `ms` ahead: a
 *  gateway whose clock is ahead of this machine's, or this machine's behind (a runner without NTP). */
async function clockFront(target: string, ms: number, date: boolean) {
  const front = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
      const up = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
      });
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date'].includes(k)) out[k] = v;
      });
      const shift = (v: string | undefined) => v && new Date(Date.parse(v) + ms).toISOString();
      if (out['x-datetime']) out['x-datetime'] = shift(out['x-datetime'])!;
      res.sendDate = !date;
      if (date) out['date'] = new Date(Date.now() + ms).toUTCString();
      res.writeHead(up.status, out).end(Buffer.from(await up.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  return { front, url: `http://127.0.0.1:${(front.address() as AddressInfo).port}` };
}

test.each([
  [
    true,
    'inconclusive',
    /agrees with the reply's Date header .*, which is 1[12]\d s ahead of this machine's clock: the two clocks disagree/,
  ],
  [false, 'warning', /is not an RFC 3339 date-time with an offset within 10 s of the exchange/],
])(
  'v5: X-Datetime two minutes ahead of this machine, the Date header moved with it: %s; V5-RSP-04 %s',
  async (date, verdict, reason) => {
    const h = await startReference('greenleaves-v5', 'gateway');
    const { front, url } = await clockFront(h.url, 120_000, date);
    try {
      const v = await judgeGateway('greenleaves-v5', url, ['v5.rsp.headers']);
      expect(v.verdict('V5-RSP-04')).toBe(verdict);
      expect(v.rules.find((r) => r.id === 'V5-RSP-04')!.reason).toMatch(reason);
      // the check's other rules as ever
      const judged = v.rules.filter((r) => r.verdict !== 'skipped' && r.id !== 'V5-RSP-04');
      expect(judged.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.reason}`)).toEqual([]);
    } finally {
      front.close();
      await h.close();
    }
  },
);
