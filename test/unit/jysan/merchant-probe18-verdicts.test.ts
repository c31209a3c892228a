// Wrong verdicts a probe's PHP Jysan shop (BACKREF redirect + server POST, from seed 002 and digest
// §A10) met, reproduced on the small shop of the same make (backref-shop.ts):
// - a declined redirect shown the paid page, the page echoing the result (amount, rrn, res_desc),
//   passed JY-MRD-06: the declined page had an empty rrn where the paid one had its value;
// - a failed payment's server POST marking the order paid passed JY-MRD-11: the only evidence was a
//   later successful POST's 2xx, which such a shop gives too;
// - a shop refusing ORDER with leading zeros passed JY-MRD-02 when the check's first order had none;
// - a shop HTML-escaping every value before verifying the sign passed: no res_desc carried a quote,
//   though seed 002's own texts do (27 `Введите валидное значение в поле "%s".`);
// - a 200 "please wait" page with a meta refresh to the order's page left JY-MRD-01/03/06 inconclusive.
import { afterAll, expect, test } from 'vitest';
import { closeShops, failuresOf, judgedAtShop, ordersFor } from './backref-shop.ts';

afterAll(closeShops);

test('a declined redirect shown the paid page, echoing the result, fails JY-MRD-06', async () => {
  const r = await judgedAtShop('jy.merchant.failed-payment', { bugs: ['ignore-res-code'], details: true });
  expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('failed');
  // and a shop echoing the result on its pages, reading res_code, passes
  const clean = await judgedAtShop('jy.merchant.failed-payment', { details: true });
  expect(clean.outcome, clean.why).toBe('passed');
});

test("a failed payment's POST taking the order as paid fails JY-MRD-11 where its page tells", async () => {
  const r = await judgedAtShop('jy.merchant.post-failed-payment', { bugs: ['declined-post-pays'], style: 'status' });
  expect(r.ruleOutcomes['JY-MRD-11'], r.why).toBe('failed');
  expect(failuresOf(r, 'JY-MRD-11')).toMatch(/took .* as paid/);
  // a shop whose status page shows the order as it is: judged in full
  const clean = await judgedAtShop('jy.merchant.post-failed-payment', { style: 'status' });
  expect(clean.outcome, clean.why).toBe('passed');
  expect(clean.partly?.['JY-MRD-11'], clean.why).toBeUndefined();
});

test.each([
  ['pages showing the result, not the order', {}, /not the order's state/],
  ['no redirect=true', { noRedirect: true }, /no redirect=true/],
] as const)("JY-MRD-11 is passed only partly where no page shows the order's state (%s)", async (_, o, why) => {
  for (const bugs of [[], ['declined-post-pays']] as const) {
    const r = await judgedAtShop('jy.merchant.post-failed-payment', { ...o, bugs: [...bugs] });
    expect(r.ruleOutcomes['JY-MRD-11'], r.why).toBe('passed');
    expect(r.partly?.['JY-MRD-11'], r.why).toMatch(why);
  }
});

test('a redirect refused for ORDER with leading zeros fails JY-MRD-02 when the first order has none', async () => {
  // the first order has no leading zeros, the third has
  const orders = ordersFor(30, 1);
  const r = await judgedAtShop('jy.merchant.genuine', { bugs: ['order-int'], orders });
  expect(r.ruleOutcomes['JY-MRD-02'], r.why).toBe('failed');
  expect(failuresOf(r, 'JY-MRD-02')).toMatch(new RegExp(`${orders[2]!.orderId}.*leading zeros`));
  const clean = await judgedAtShop('jy.merchant.genuine', { orders });
  expect(clean.outcome, clean.why).toBe('passed');
});

test('values HTML-escaped before the sign is verified fail JY-MRD-02 and JY-MRD-08 on a quoted res_desc', async () => {
  const r = await judgedAtShop('jy.merchant.genuine', { bugs: ['sanitize-input'] });
  expect(r.ruleOutcomes['JY-MRD-02'], r.why).toBe('failed');
  expect(failuresOf(r, 'JY-MRD-02')).toMatch(/quotes/);
  const p = await judgedAtShop('jy.merchant.post-failed-payment', { bugs: ['sanitize-input'] });
  expect(p.ruleOutcomes['JY-MRD-08'], p.why).toBe('failed');
  expect(failuresOf(p, 'JY-MRD-08')).toMatch(/quotes/);
  // not blamed on ORDER's leading zeros (the order with them is refused, one without alike)
  expect(failuresOf(p, 'JY-MRD-08')).not.toMatch(/reading ORDER as a number/);
});

test('a page moving the browser on by a meta refresh is followed as a Location is', async () => {
  for (const id of ['jy.merchant.forged', 'jy.merchant.failed-payment']) {
    const r = await judgedAtShop(id, { style: 'meta' });
    expect(r.outcome, r.why).toBe('passed');
  }
  const bad = await judgedAtShop('jy.merchant.failed-payment', { style: 'meta', bugs: ['ignore-res-code'] });
  expect(bad.ruleOutcomes['JY-MRD-06'], bad.why).toBe('failed');
  // a reload: the page it leads to, its shipment counted again each time
  const again = await judgedAtShop('jy.merchant.reload', { style: 'meta', bugs: ['double-fulfil'] });
  expect(again.ruleOutcomes['JY-MRD-04'], again.why).toBe('failed');
  // by a script alone: not followed, and the reason says so
  const s = await judgedAtShop('jy.merchant.forged', { style: 'script' });
  expect(s.ruleOutcomes['JY-MRD-01'], s.why).toBe('inconclusive');
  expect(s.ruleReasons?.['JY-MRD-01']).toMatch(/script/);
});
