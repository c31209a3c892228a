// GL-MCB-21 (INFERRED) warned a shop keeping to the money format (at most two decimals, digest §1):
// gl.merchant.other-amount sent "123.420" for an order declared 123.42, a spelling the gateway never
// sends. The other spelling stays within the format (500 → 500.00, 750.5 → 750.50); an amount that has
// none is not used to judge the rule: another declared order is. The reference merchant, started on a
// store with the amounts of a real shop's declaration: the check's order (the second payable) is 123.42.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { subjectOf } from '../../../src/harness/reference.ts';
import { startGreenleavesMerchant } from '../../../src/merchant/greenleaves/app.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { otherSpellingWithin } from '../../../src/protocols/common/decimal.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const dir = mkdtempSync(join(tmpdir(), 'paycert-other-amount-'));
const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** The reference merchant with `defects` / `variants`, whose payable orders have `amounts`. */
async function subject(name: string, amounts: string[], opts: { defects?: string[]; variants?: string[] }) {
  const storePath = join(dir, `${name}.json`);
  const orders = [
    ...amounts.map((amount, i) => ({ orderId: `P${i + 1}`, amount, currency: 'KZT', state: 'payable' })),
    { orderId: 'X1', amount: '750', currency: 'KZT', state: 'expired' },
  ];
  writeFileSync(
    storePath,
    JSON.stringify({
      profile: 'greenleaves',
      orders: Object.fromEntries(orders.map((o) => [o.orderId, o])),
      answers: {},
    }),
  );
  const h = await startGreenleavesMerchant({ storePath, ...opts });
  started.push(h);
  return subjectOf(h, 'merchant');
}

const PROBE = ['500', '123.42', '750.5', '1000', '99.99', '2500.00'];

test('a merchant taking amounts in the money format only passes GL-MCB-21', async () => {
  const s = await subject('money-format', PROBE, { variants: ['money-format-amounts'] });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.other-amount'], s);
  expect(results[0]!.ruleOutcomes, shown).toEqual({
    'GL-MCB-14': 'skipped', // judged here only after rejected payments of the order
    'GL-MCB-19': 'passed',
    'GL-MCB-21': 'passed',
    'GL-MCB-25': 'passed', // its answers show no secret_key (shopChecks)
  });
});

test('a merchant comparing the text fails GL-MCB-21 on a spelling within the money format', async () => {
  const s = await subject('as-text', PROBE, { defects: ['amount-compared-as-text'] });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.other-amount'], s);
  expect(results[0]!.ruleOutcomes['GL-MCB-21'], shown).toBe('failed');
  // the order taken for the rule is the one after 123.42: 750.50 for 750.5
  expect(results[0]!.reason, shown).toMatch(/a call of 750\.50 for P3 \(declared 750\.5\)/);
});

test('amounts none of which has another spelling in the money format leave GL-MCB-21 undecided', async () => {
  const s = await subject('no-spelling', ['500', '123.42', '99.99', '10.01', '7.77', '1.11', '2.22'], {
    defects: ['amount-compared-as-text'],
  });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.other-amount'], s);
  expect(results[0]!.ruleOutcomes['GL-MCB-21'], shown).toBe('inconclusive');
  expect(results[0]!.ruleReasons?.['GL-MCB-21'], shown).toMatch(/no other spelling within the money format/);
});

test('the other spelling stays within two decimals, or there is none', () => {
  expect(['500', '2500.00', '482.5', '500.0', '123.42', '99.99'].map((a) => otherSpellingWithin(a, 2))).toEqual([
    '500.00',
    '2500',
    '482.50',
    '500',
    undefined,
    undefined,
  ]);
});

// A probe's shop that ignores pg_currency took the order's amount in USD, and so was paid: GL-MCB-21 was
// inconclusive "refused in both spellings … Заказ уже оплачен". The order of a call that was taken is
// left for a spare one, and without a spare the reason names that call.
test('a merchant taking another currency is judged on GL-MCB-21 with a spare order', async () => {
  const s = await subject('currency-taken', ['500', '500', '750.5'], { defects: ['ignores-currency'] });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.other-amount'], s);
  expect(results[0]!.ruleOutcomes, shown).toEqual({
    'GL-MCB-14': 'skipped',
    'GL-MCB-19': 'failed',
    'GL-MCB-21': 'passed',
    'GL-MCB-25': 'passed',
  });
});

test('without a spare order, GL-MCB-21 is undecided for the call of another currency that was taken', async () => {
  const s = await subject('currency-taken-no-spare', ['500', '500'], { defects: ['ignores-currency'] });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.other-amount'], s);
  expect(results[0]!.ruleOutcomes['GL-MCB-21'], shown).toBe('inconclusive');
  expect(results[0]!.ruleReasons?.['GL-MCB-21'], shown).toMatch(
    /a call of 500 USD for P2 \(declared 500 KZT\) was answered ok .*no payable order is left/,
  );
});

// A probe's PHP shop looked its stored answers up by pg_order_id: every payment of an order after the first
// got the first one's answer. After its rejections of other amounts (pg_can_reject=1, so revoked: the order
// is still payable) it refused the declared amount too, and GL-MCB-21 was inconclusive "refused in both
// spellings" while the GL-MCB-14 failure (MUST) it saw went unjudged.
test('a merchant refusing the declared amount after only rejected payments of the order fails GL-MCB-14', async () => {
  const s = await subject('by-order', ['500', '1000', '750.5'], { defects: ['answers-by-order'] });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.other-amount'], s);
  expect(results[0]!.ruleOutcomes, shown).toEqual({
    'GL-MCB-14': 'failed',
    'GL-MCB-19': 'passed',
    'GL-MCB-21': 'inconclusive',
    'GL-MCB-25': 'passed',
  });
  expect(results[0]!.reason, shown).toMatch(
    // 6: one tenge more, one tiyn more, one tiyn less (probe 25), one tenge less, another currency, 1000.00
    /a genuine call of 1000 \(declared\) with pg_can_reject=1 for the payable order P2 was answered pg_status=rejected .*, after 6 calls of other payments of it with pg_can_reject=1, each answered rejected/,
  );
});
