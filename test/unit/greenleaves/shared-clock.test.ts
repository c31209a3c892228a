// Checks in parallel workers share one reference and its clock. A check whose set-up has a short
// lifetime (a 300-second payment page) holds the clock before it creates the page: a check beside it
// moving the clock by minutes in between expired the page (HTTP 410), and GL-CB-05 ended inconclusive
// in two of three concurrent `paycert run --profile all`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';
import { forwardRequest } from '../harness/request-proxy.ts';

let h: SandboxHandle;
let server: Server;
let base = '';
const moves: Array<Promise<unknown>> = [];

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  const to = new URL(h.url);
  const control = subjectOf(h, 'gateway').controlUrl!;
  // in front of the gateway: once a payment_page reply is back, another check moves the clock by ten
  // minutes, and the reply reaches the check a moment later
  server = createServer((req, res) => {
    const up = forwardRequest(to, req, res, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => {
        const send = () => res.writeHead(r.statusCode ?? 502, r.headers).end(Buffer.concat(chunks));
        if (!req.url?.startsWith('/g2g/payment_page')) return send();
        moves.push(
          fetch(`${control}/clock`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ advanceMs: 600_000, owner: 'a check beside it' }),
          }).then((m) => m.text()),
        );
        setTimeout(send, 300);
      });
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(moves);
  server?.close();
  await h?.close();
});

test('gl.cb.retry-after-lifetime: a clock moved by another check cannot expire its page', async () => {
  const check = checks.find((c) => c.id === 'gl.cb.retry-after-lifetime')!;
  const r = await runCheck(check, { ...subjectOf(h, 'gateway'), baseUrl: base }, { seed: 1, plan: 'full' });
  expect(moves.length).toBeGreaterThan(0);
  expect(r.outcome, r.reason).toBe('passed');
});
