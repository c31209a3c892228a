// Wrong verdicts a probe's Node Jysan shop (BACKREF redirect + server POST, from seed 002 and digest
// §A10) met, reproduced on the small shop of the same make (backref-shop.ts):
// - a shop taking any amount up to the order's (underpayment) passed JY-MRD-12: only higher amounts
//   were sent; one taking any numeric currency code (840 for KZT) passed JY-MRD-13: the foreign
//   currency was only ever sent as letters;
// - a shop trimming every value before verifying the sign passed JY-MRD-02 and JY-MRD-08;
// - a shop marking the order paid before verifying the sign or the amount passed JY-MRD-01/03/07/12/
//   13/17 in full, though nothing it answers shows whether an order was taken as paid;
// - a repeat answered with the same status but other words was warned JY-MRD-04/10;
// - JY-MRD-07 was skipped ("too few payable orders") though its forged POSTs were judged.
import { afterAll, expect, test } from 'vitest';
import { closeShops, failuresOf, judgedAtShop, ordersFor } from './backref-shop.ts';

afterAll(closeShops);

test("an amount below the order's, taken, fails JY-MRD-12 on the redirect and the server POST", async () => {
  const r = await judgedAtShop('jy.merchant.other-amount', { bugs: ['amount-le'] });
  expect(r.ruleOutcomes['JY-MRD-12'], r.why).toBe('failed');
  expect(failuresOf(r, 'JY-MRD-12')).toMatch(/genuine redirect of [0-9.]+ .*below/);
  expect(failuresOf(r, 'JY-MRD-12')).toMatch(/genuine server POST of [0-9.]+ .*below/);
});

test('a foreign currency by its ISO 4217 number, taken, fails JY-MRD-13', async () => {
  const r = await judgedAtShop('jy.merchant.other-amount', { bugs: ['currency-numeric-any'] });
  expect(r.ruleOutcomes['JY-MRD-13'], r.why).toBe('failed');
  expect(failuresOf(r, 'JY-MRD-13')).toMatch(/in 840 /);
  // the order's own currency as its number is still taken (JY-MRD-16 not judged: another currency taken)
  expect(r.ruleOutcomes['JY-MRD-12'], r.why).toBe('passed');
});

test('values trimmed before the sign is verified fail JY-MRD-02 and JY-MRD-08', async () => {
  const r = await judgedAtShop('jy.merchant.genuine', { bugs: ['trim'] });
  expect(r.ruleOutcomes['JY-MRD-02'], r.why).toBe('failed');
  expect(failuresOf(r, 'JY-MRD-02')).toMatch(/blanks/);
  const p = await judgedAtShop('jy.merchant.post-genuine', { bugs: ['trim'] });
  expect(p.ruleOutcomes['JY-MRD-08'], p.why).toBe('failed');
  const clean = await judgedAtShop('jy.merchant.post-genuine', {});
  expect(clean.outcome, clean.why).toBe('passed');
});

test('where nothing shows whether an order was taken as paid, the rules saying so are judged in part', async () => {
  for (const bugs of [[], ['paid-before-verify']] as const) {
    const f = await judgedAtShop('jy.merchant.forged', { bugs: [...bugs] });
    const p = await judgedAtShop('jy.merchant.post-forged', { bugs: [...bugs] });
    const a = await judgedAtShop('jy.merchant.other-amount', { bugs: [...bugs] });
    for (const [r, rules] of [
      [f, ['JY-MRD-01', 'JY-MRD-03']],
      [p, ['JY-MRD-07', 'JY-MRD-17']],
      [a, ['JY-MRD-12', 'JY-MRD-13']],
    ] as const)
      for (const rule of rules) {
        expect(r.ruleOutcomes[rule], `${rule} ${r.why}`).toBe('passed');
        expect(r.partly?.[rule], `${rule} ${r.why}`).toMatch(/taken as paid/);
      }
  }
  // a shop sending every result to the order's status page shows it: judged in full, and caught
  const s = await judgedAtShop('jy.merchant.forged', { style: 'status' });
  expect(s.outcome, s.why).toBe('passed');
  expect(s.partly?.['JY-MRD-01'], s.why).toBeUndefined();
  expect(s.partly?.['JY-MRD-03'], s.why).toBeUndefined();
  const bad = await judgedAtShop('jy.merchant.forged', { style: 'status', bugs: ['paid-before-verify'] });
  expect(bad.ruleOutcomes['JY-MRD-01'], bad.why).toBe('failed');
});

test('a repeat answered with the same status in other words passes; one answered as a failure fails', async () => {
  // JY-MRD-19 beside them is inconclusive: this shop's pages show the result, not the order (probe 25)
  const p = await judgedAtShop('jy.merchant.post-repeat', { bugs: ['repeat-text'] });
  expect(p.ruleOutcomes['JY-MRD-10'], p.why).toBe('passed');
  const r = await judgedAtShop('jy.merchant.reload', { bugs: ['repeat-text'] });
  expect(r.ruleOutcomes['JY-MRD-04'], r.why).toBe('passed');
  const failed = await judgedAtShop('jy.merchant.reload', { bugs: ['repeat-failure-page'] });
  expect(failed.ruleOutcomes['JY-MRD-04'], failed.why).toBe('failed');
  expect(failuresOf(failed, 'JY-MRD-04')).toMatch(/failed payment/);
});

test('the server POST forgeries fit in two orders: JY-MRD-07 is judged, not skipped', async () => {
  const r = await judgedAtShop('jy.merchant.post-forged', { orders: ordersFor(2) });
  expect(r.outcome, r.why).toBe('passed');
  expect(r.ruleOutcomes['JY-MRD-07'], r.why).toBe('passed');
});
