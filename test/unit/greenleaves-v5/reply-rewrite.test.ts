import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { signDetachedRaw, type HmacAlg } from '../../../src/protocols/greenleaves-v5/jws.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

// A gateway whose replies carry a created_at that is no time: the checks that compute from it end
// inconclusive or failed with a reason, never with an internal error of paycert (it was a
// RangeError from toISOString in V5-REC-02).
const SECRET = process.env.PAYCERT_GREENLEAVES_V5_SECRET_KEY ?? 'v5-sandbox-secret-key';
let h: SandboxHandle;
let proxy: http.Server;
let proxyUrl: string;

/** Forward to the reference; rewrite JSON replies and re-sign them with the reply's own JWS header. */
function rewriting(upstream: string, rewrite: (body: string) => string): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = http.request(new URL(req.url!, upstream), { method: req.method, headers: req.headers }, (ur) => {
        const got: Buffer[] = [];
        ur.on('data', (c: Buffer) => got.push(c));
        ur.on('end', () => {
          const headers = { ...ur.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          let body = Buffer.concat(got).toString('utf8');
          const sig = headers['x-jws-signature'];
          if (/json/.test(String(headers['content-type'])) && !req.url!.startsWith('/__paycert')) {
            body = rewrite(body);
            if (typeof sig === 'string') {
              const head = Buffer.from(sig.split('.')[0]!, 'base64url');
              const alg = (JSON.parse(head.toString('utf8')) as { alg: HmacAlg }).alg;
              headers['x-jws-signature'] = signDetachedRaw(head, body, SECRET, alg);
            }
          }
          res.writeHead(ur.statusCode!, headers).end(body);
        });
      });
      up.end(Buffer.concat(chunks));
    });
  });
}

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
  proxy = rewriting(h.url, (b) => b.replace(/"created_at":"[^"]*"/g, '"created_at":"2026-11-30T07: 33: 43Z"'));
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

describe('v5 replies with a created_at that is no time', () => {
  test('no internal error in the checks that read created_at', async () => {
    const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxyUrl };
    const checks = CHECKS['greenleaves-v5'].filter((c) => c.id === 'v5.rec.recurrent');
    expect(checks).toHaveLength(1);
    const results = await runChecks(checks, subject, { seed: 1, plan: 'full', runs: 2 });
    const reasons = results.map((r) => `${r.id} ${r.outcome}: ${r.reason ?? ''}`);
    expect(reasons.join('\n')).not.toMatch(/internal error|RangeError/);
    expect(results.map((r) => r.outcome)).toContain('inconclusive');
  }, 120_000);
});
