// A check whose set-up call is refused for a reason of its own has nothing to judge its rule on:
// inconclusive with the reason, never a failure of the rule (a payment_page refused is GL-PAGE-01's
// to judge, not the page lifetime's nor the retries').
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;
let base = '';

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  // every payment_page request reaches the gateway with a broken pg_sig, so it is refused (error 1100)
  proxy = await requestRewritingProxy(h.url, (req, body) =>
    req.url?.startsWith('/g2g/payment_page') ? body.replace(/pg_sig=[0-9a-f]+/, `pg_sig=${'0'.repeat(32)}`) : body,
  );
  base = proxy.url;
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
    // the set-up's own reason, or the client's: a request signed as documented refused for its signature
    expect(r.reason).toMatch(
      /payment_page was not accepted|\/g2g\/payment_page was refused as badly signed \(pg_error_code 1100\) though paycert signed it as documented/,
    );
    expect(Object.values(r.ruleOutcomes ?? {})).not.toContain('failed');
  },
);

test('gl.sig.tamper-any-field: an untampered request refused (here for its signature) is no failure of GL-SIG-04', async () => {
  const check = checks.find((c) => c.id === 'gl.sig.tamper-any-field')!;
  const subject = { ...subjectOf(h, 'gateway'), baseUrl: base };
  const r = await runCheck(check, subject, { seed: 1, plan: 'full' });
  expect(r.outcome, r.reason).toBe('inconclusive');
  expect(r.reason).toMatch(/untampered request was not accepted/);
  expect(r.ruleOutcomes?.['GL-SIG-04']).not.toBe('failed');
});
