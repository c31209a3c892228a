// A probe (probe17, a Ruby shop) ran paycert twice against one Jysan shop, as a merchant re-certifying
// does: the second run failed JY-MRD-06 ("the failed payment is shown to the payer as paid": the order
// had been paid by the first run) and JY-MRD-08 (HTTP 409 for an order the first run had paid in
// another check), and left JY-MRD-10/11 inconclusive. A check taking one order more in the second run
// shifted every later check onto orders of other checks. Here: the merchant checks twice against one
// shop kept alive, each run in a fresh allocator (a new paycert process) with seeds of its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCheck, type CheckResult } from '../../../src/harness/runner.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { SPECS } from '../../../src/spec/paths.ts';
import { ordersOf } from '../../../src/harness/declaration.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import { checks as redirect } from '../../../suites/jysan/merchant/redirect.checks.ts';
import { checks as post } from '../../../suites/jysan/merchant/post.checks.ts';
import { probeOrders, startRerunShop, type RerunShop } from './rerun-shop.ts';

const shops: Array<{ close: () => unknown }> = [];
afterAll(async () => {
  for (const s of shops) await s.close();
});

/** Each check's block (specs/jysan/merchant-orders.json), in the suite's order. */
const budgets = (
  JSON.parse(readFileSync(join(SPECS, 'jysan', 'merchant-orders.json'), 'utf8')) as {
    payable: Record<string, number>;
  }
).payable;

/** A check's orders beyond its block come from the end of the declaration, in the order asked for: a
 *  shop that answers as it should keeps every check within its block. */
const pastBlock = (used: Record<string, string[]>) =>
  Object.entries(used)
    .filter(([check, ids]) => ids.length > (budgets[check] ?? 0))
    .map(([check, ids]) => `${check}: ${ids.length} orders, block ${budgets[check]}`);

test("the blocks are the order-taking checks', in the suite's order", () => {
  expect(Object.keys(budgets)).toEqual([...redirect, ...post].map((c) => c.id));
});

// session 23: the blocks grew to 30 (jy.merchant.genuine 5) while the reference shop still declared
// 30 orders: a check explaining a refusal took its spare from the end, which was post-forged's block,
// and JY-MRD-07/17 were skipped behind an edge caching POSTs. The reference declares what README asks
// of a real shop (32: every block and two spares).
test('the reference shop declares every block and two spare orders (README: give 32)', async () => {
  const h = await startReference('jysan', 'merchant');
  shops.push(h);
  const d = JSON.parse(readFileSync(h.declarationPath!, 'utf8')) as { orders: Array<{ state: string }> };
  const blocks = Object.values(budgets).reduce((a, b) => a + b, 0);
  expect(d.orders.filter((o) => o.state === 'payable').length).toBeGreaterThanOrEqual(blocks + 2);
});

/** One run: every merchant check in the suite's order (transport's JY-MRD-09 aside: plain http here),
 *  with the orders each check sent results for. */
async function run(shop: Pick<RerunShop, 'log'>, subject: Subject, seed: number) {
  const results: CheckResult[] = [];
  const used: Record<string, string[]> = {};
  for (const check of [...redirect, ...post]) {
    const from = shop.log.length;
    results.push(await runCheck(check, subject, { seed, plan: 'full', runs: 5 }));
    used[check.id] = [...new Set(shop.log.slice(from))];
  }
  const bad = results.flatMap((r) =>
    Object.entries(r.ruleOutcomes)
      .filter(([, v]) => v === 'failed' || v === 'inconclusive')
      .map(([rule, v]) => `${r.id} ${rule} ${v}: ${r.ruleReasons?.[rule] ?? ''} ${JSON.stringify(r.failures)}`),
  );
  return { used, bad };
}

test.each([
  ['a shop showing each order as it is now', {}, probeOrders()],
  ['one answering a second payment of a paid order 409', { secondPayment409: true }, probeOrders()],
  // jy.merchant.genuine sends one with leading zeros too, of its block (JY-MRD-02)
  ['one whose first order has no leading zeros', {}, probeOrders().slice(1)],
])('%s: a second run repeats the first, each check on its own orders, and fails nothing', async (_, opts, orders) => {
  const shop = await startRerunShop(orders, opts);
  shops.push(shop);
  const first = await run(shop, shop.subject, 232529885);
  expect(first.bad).toEqual([]);
  const second = await run(shop, shop.again(), 1308846821);
  // a check may take one more order to explain an answer (a spare), never one another check used before
  const owner = new Map(Object.entries(first.used).flatMap(([check, ids]) => ids.map((id) => [id, check])));
  const elsewhere = Object.entries(second.used).flatMap(([check, ids]) =>
    ids.filter((id) => (owner.get(id) ?? check) !== check).map((id) => `${check} used ${id}, ${owner.get(id)}'s`),
  );
  expect(elsewhere).toEqual([]);
  expect(second.bad).toEqual([]);
  expect([...pastBlock(first.used), ...pastBlock(second.used)]).toEqual([]);
  if (!orders[0]!.orderId.startsWith('0')) expect(first.used['jy.merchant.genuine']).toContain(orders[1]!.orderId);
});

test.each([[], ['accepts-with-redirect'], ['redirects-to-pages'], ['declined-page-402']])(
  'the reference merchant (variants %j) keeps every check within its block',
  async (...variants) => {
    const h = await startReference('jysan', 'merchant', [], variants);
    shops.push(h);
    const subject = subjectOf(h, 'merchant');
    for (const check of [...redirect, ...post]) await runCheck(check, subject, { seed: 7, plan: 'full', runs: 5 });
    const { handed } = ordersOf(subject.declarationPath!);
    expect(pastBlock(Object.fromEntries(handed))).toEqual([]);
    expect([...handed.keys()]).toEqual(Object.keys(budgets));
  },
);
