// A probe's Perl shop read pg_amount into cents with int($a*100) (75.10 -> 7509) and refused every
// payment of such an order. gl.merchant.failed-payment sends failed payments (pg_result=0) of one order,
// then its successful payment: refused, GL-MCB-20 blamed the failed payments, though the shop never took
// a payment of that order at all. check_url, asked before the failed payments (it pays nothing), shows
// whether the shop takes the order; refused there too, GL-MCB-20 is inconclusive, not failed. Here the
// declaration gives every payable order but the first another amount than the shop's, so the shop
// refuses their payments for their amount.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { replyRewritingProxy } from '../harness/request-proxy.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

async function judged(withCheckUrl: boolean, checkUrlAnswers500 = false) {
  const h = await startReference('greenleaves', 'merchant');
  started.push(h);
  const proxy = checkUrlAnswers500
    ? await replyRewritingProxy(new URL(h.url).origin, (body, ctx) => {
        if (ctx.url.startsWith('/__paycert') || !ctx.url.includes('check')) return body;
        ctx.status = 500;
        ctx.headers = { 'content-type': 'text/plain' };
        return 'Internal Server Error';
      })
    : undefined;
  if (proxy) started.push({ close: async () => proxy.close() } as SandboxHandle);
  const subject = subjectOf(h, 'merchant');
  const d = JSON.parse(readFileSync(subject.declarationPath!, 'utf8')) as {
    checkUrl?: string;
    orders: Array<{ state: string; amount?: string }>;
  };
  let payable = 0;
  for (const o of d.orders)
    if (o.state === 'payable' && payable++ > 0 && o.amount) o.amount = (Number(o.amount) + 0.01).toFixed(2);
  if (!withCheckUrl) delete d.checkUrl;
  if (proxy && d.checkUrl) d.checkUrl = d.checkUrl.replace(new URL(h.url).origin, proxy.url);
  const path = join(tmpdir(), `paycert-failed-payment-${process.pid}-${started.length}.json`);
  writeFileSync(path, JSON.stringify(d));
  return judgeChecks('greenleaves', ['gl.merchant.failed-payment'], {
    ...subject,
    declarationPath: path,
    ...(withCheckUrl ? {} : { checkUrl: undefined }),
    ...(proxy && subject.checkUrl && { checkUrl: subject.checkUrl.replace(new URL(h.url).origin, proxy.url) }),
  });
}

test("a shop refusing the order's payments for their amount is not blamed on GL-MCB-20 (check_url refuses the order too)", async () => {
  const { results, shown } = await judged(true);
  expect(results[0]!.ruleOutcomes, shown).toMatchObject({
    'GL-MCB-20': 'inconclusive',
    'GL-MCB-05': 'passed', // judged on the failed payments, which the shop took
    'GL-MCB-09': 'passed',
  });
  expect(results[0]!.ruleReasons?.['GL-MCB-20'], shown).toMatch(
    /check_url answered pg_status=rejected "Заказ нельзя оплатить" for \S+ before its failed payments: the shop does not take a payment of this order/,
  );
});

test('without check_url, nothing shows that the shop takes the order: GL-MCB-20 is inconclusive', async () => {
  const { results, shown } = await judged(false);
  expect(results[0]!.ruleOutcomes['GL-MCB-20'], shown).toBe('inconclusive');
  expect(results[0]!.ruleReasons?.['GL-MCB-20'], shown).toMatch(
    /whether the shop takes a payment of \S+ at all does not show/,
  );
});

test('a failed payment that pays the order still fails GL-MCB-20 (check_url took it before)', async () => {
  const h = await startReference('greenleaves', 'merchant', ['failed-payment-pays-order']);
  started.push(h);
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.failed-payment'], subjectOf(h, 'merchant'));
  expect(results[0]!.ruleOutcomes['GL-MCB-20'], shown).toBe('failed');
  expect(results[0]!.reason, shown).toMatch(/check_url answered ok for it before the failed payments/);
});

// check_url answered HTTP 500: that is no refusal of the order, and the reason says what was answered
test('check_url answering HTTP 500: GL-MCB-20 is inconclusive, its reason not saying the shop refuses the order', async () => {
  const { results, shown } = await judged(true, true);
  expect(results[0]!.ruleOutcomes['GL-MCB-20'], shown).toBe('inconclusive');
  const why = results[0]!.ruleReasons?.['GL-MCB-20'];
  expect(why, shown).toMatch(
    /check_url answered HTTP 500.*whether the shop takes a payment of \S+ at all does not show/,
  );
  expect(why, shown).not.toMatch(/does not take a payment of this order/);
});
