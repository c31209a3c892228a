// A check whose set-up call is refused for a reason of its own has nothing to judge its rule on:
// inconclusive with the reason, never a failure of the rule (a payment_page refused is GL-PAGE-01's
// to judge, not the page lifetime's nor the retries').
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

let h: SandboxHandle;
let proxy: Server;
let base = '';

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  const to = new URL(h.url);
  // every payment_page request reaches the gateway with a broken pg_sig, so it is refused (error 1100)
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      if (req.url?.startsWith('/g2g/payment_page')) body = body.replace(/pg_sig=[0-9a-f]+/, `pg_sig=${'0'.repeat(32)}`);
      const headers = { ...req.headers, host: to.host, 'content-length': String(Buffer.byteLength(body)) };
      const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      up.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test.each(['gl.flow.page-lifetime', 'gl.cb.retry-after-lifetime'])(
  '%s: a refused payment_page leaves its rule inconclusive, not failed',
  async (id) => {
    const check = checks.find((c) => c.id === id)!;
    const subject = { ...subjectOf(h, 'gateway'), baseUrl: base };
    const r = await runCheck(check, subject, { seed: 1, plan: 'full' });
    expect(r.outcome, r.reason).toBe('inconclusive');
    expect(r.reason).toMatch(/payment_page was not accepted/);
    expect(Object.values(r.ruleOutcomes ?? {})).not.toContain('failed');
  },
);
