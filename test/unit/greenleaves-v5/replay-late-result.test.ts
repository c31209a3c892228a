// v5.cb.replay judges V5-CB-04 on the callbacks that come after a replayed create. A result_url call
// of the first create that is still on its way when the replay goes out (a gateway that calls it
// later than the check waits: at load 28 the Java outsider's did) cannot be told from the replay's
// own: inconclusive with the reason, never a failure. A repeat of a callback the first create made is
// the replay's for certain (the defect, test/meta/greenleaves-v5.test.ts).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { decodeProtectedHeader, signDetachedRaw } from '../../../src/protocols/greenleaves-v5/jws.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/greenleaves-v5/index.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;
let holder: Server;
const held: Array<() => void> = [];
let creates = 0;

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
  // result_url calls are held here until the create is sent a second time (the replay), then passed on
  holder = createServer((req, res) => {
    const to = new URL(decodeURIComponent(req.url!.slice('/hold?to='.length)));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = () => {
        const up = request(to, { method: req.method, headers: { ...req.headers, host: to.host } }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => res.writeHead(502).end());
        up.end(Buffer.concat(chunks));
      };
      if (creates >= 2) forward();
      else held.push(forward);
    });
  });
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
  const hold = `http://127.0.0.1:${(holder.address() as AddressInfo).port}/hold?to=`;
  proxy = await requestRewritingProxy(h.url, (req, body) => {
    if (!req.url?.endsWith('/create')) return body;
    creates++;
    if (creates >= 2) for (const f of held.splice(0)) f();
    const b = JSON.parse(body) as { urls?: { result_url?: string } };
    if (!b.urls?.result_url || b.urls.result_url.startsWith(hold)) return body;
    b.urls.result_url = hold + encodeURIComponent(b.urls.result_url);
    const text = JSON.stringify(b);
    const token = decodeProtectedHeader(String(req.headers['x-jws-signature']));
    if (!token.ok) throw new Error('the check sent an unreadable X-JWS-Signature');
    req.headers['x-jws-signature'] = signDetachedRaw(token.headerText, text, credentials('greenleaves-v5').secretKey);
    return text;
  });
});

afterAll(async () => {
  proxy?.close();
  holder?.close();
  await h?.close();
});

test("a first create's result_url that comes only after the replay leaves V5-CB-04 inconclusive, not failed", async () => {
  const check = checks.find((c) => c.id === 'v5.cb.replay')!;
  const base = subjectOf(h, 'gateway');
  const subject = { ...base, baseUrl: proxy!.url, limits: { ...base.limits, callbackWaitMs: 300, quietMs: 1_000 } };
  const r = await runCheck(check, subject, { seed: 1, plan: 'full' });
  expect(creates).toBe(2);
  expect(r.outcome, r.reason).toBe('inconclusive');
  expect(r.reason).toMatch(/after the replay came result.*cannot be told/);
});
