import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy, replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { decodeProtectedHeader, signDetachedRaw } from '../../../src/protocols/greenleaves-v5/index.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

// v5.jws.exact-body-bytes blamed V5-JWS-06 for refusals that were not about the signature. A probe's
// gateway checking no MAC at all took the body signed compact and sent pretty-printed (V5-JWS-07), and
// the same body signed as sent, under the same order_id, was then refused as a duplicate order (3003):
// "a body signed and sent pretty-printed was refused (HTTP 409, error 3003 …)" failed V5-JWS-06. Each
// case now has its own order_id, and only a refusal for the signature is evidence against V5-JWS-06.
let h: SandboxHandle;
const proxies: Array<{ close: () => void }> = [];

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
});
afterAll(async () => {
  for (const p of proxies) p.close();
  await h?.close();
});

const judge = async (baseUrl: string) => {
  const checks = CHECKS['greenleaves-v5'].filter((c) => c.id === 'v5.jws.exact-body-bytes');
  const [r] = await runChecks(checks, { ...subjectOf(h, 'gateway'), baseUrl }, { seed: 3, plan: 'full', runs: 5 });
  return { r: r!, shown: JSON.stringify([r!.ruleOutcomes, r!.reason, r!.ruleReasons], null, 1) };
};

test('a gateway checking no MAC fails V5-JWS-07, and V5-JWS-06 is not judged (no duplicate-order blame)', async () => {
  // in front of the reference: every request signed again over the bytes it carries, so the reference
  // takes any body whatever its token was made over, as a gateway that never compares the MAC does
  const { secretKey } = credentials('greenleaves-v5');
  const proxy = await requestRewritingProxy(h.url, (req, body) => {
    const token = req.headers['x-jws-signature'];
    const d = typeof token === 'string' ? decodeProtectedHeader(token) : undefined;
    if (d?.ok) req.headers['x-jws-signature'] = signDetachedRaw(d.headerText, Buffer.from(body, 'utf8'), secretKey);
    return body;
  });
  proxies.push(proxy);
  const { r, shown } = await judge(proxy.url);
  expect(r.ruleOutcomes['V5-JWS-07'], shown).toBe('failed');
  expect(r.ruleOutcomes['V5-JWS-06'], shown).toBe('inconclusive');
  expect(shown).not.toMatch(/3003|duplicate/);
});

test('a body signed as sent and refused for another cause than its signature does not fail V5-JWS-06', async () => {
  // a gateway refusing multi-line bodies as a field error (HTTP 400, 2002): whatever that is, it is
  // no refusal of the signature, so it shows nothing about the bytes the signature is verified over
  const proxy = await replyRewritingProxy(h.url, (b, ctx) => {
    if (!ctx.url.endsWith('/create') || !ctx.sent.includes('\n')) return b;
    ctx.status = 400;
    ctx.headers['x-request-status'] = 'error';
    return JSON.stringify({
      error: { code: 2002, name: 'invalid-field', message: { en: 'Line breaks are not allowed.', ru: 'Нельзя.' } },
    });
  });
  proxies.push(proxy);
  const { r, shown } = await judge(proxy.url);
  expect(r.ruleOutcomes['V5-JWS-06'], shown).not.toBe('failed');
  expect(r.ruleOutcomes['V5-JWS-07'], shown).toBe('passed');
});
