// v5.cb.check-call judges V5-CB-03 ("takes no money unless check_url answered ok") on the refused order
// read back by order_id. A gateway whose reads by order_id are refused (it reads by id only, say) showed
// no payment, and the rule was passed on that absence even when the payment was taken
// (ignores-check-rejection): the refusal of the read says nothing about the order unless a read by
// order_id finds the order whose check_url answered ok.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves-v5/index.ts';

let h: SandboxHandle;
const proxies: Array<{ url: string; close: () => void }> = [];

/** The defective gateway behind a proxy refusing (HTTP 200, an error object) the reads `refuse` picks. */
const refusing = async (refuse: (sent: string) => boolean) => {
  const p = await replyRewritingProxy(h.url, (body, ctx) => {
    if (!ctx.url.endsWith('/read') || !refuse(ctx.sent.toString('utf8'))) return body;
    ctx.headers['x-request-status'] = 'error';
    return JSON.stringify({ error: { code: 2002, name: 'validation', message: 'not served' } });
  });
  proxies.push(p);
  return p.url;
};

const judge = async (baseUrl: string) => {
  const check = checks.find((c) => c.id === 'v5.cb.check-call')!;
  return runCheck(check, { ...subjectOf(h, 'gateway'), baseUrl }, { seed: 1, plan: 'full' });
};

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway', ['ignores-check-rejection']);
});

afterAll(async () => {
  for (const p of proxies) p.close();
  await h?.close();
});

test('reads by order_id refused: the payment taken against check_url is read by its id and fails V5-CB-03', async () => {
  const r = await judge(await refusing((sent) => sent.includes('"order_id"')));
  expect(r.ruleOutcomes['V5-CB-03'], r.reason).toBe('failed');
});

test('every read refused: V5-CB-03 is inconclusive, not passed on a payment never seen', async () => {
  const r = await judge(await refusing(() => true));
  expect(r.ruleOutcomes['V5-CB-03'], r.reason).toBe('inconclusive');
  expect(r.reason).toMatch(/shows no payment .* whether money was taken cannot be seen/);
});
