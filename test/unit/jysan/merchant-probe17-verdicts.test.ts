// Wrong verdicts a probe's Ruby Jysan shop (BACKREF redirect + server POST, from seed 002 and digest
// §A10) met, reproduced on a small shop of the same make (backref-shop.ts):
// - every declined result paycert sent was res_code 2 "Declined": a shop failing (HTTP 500) on a
//   Cyrillic res_desc, as the bank's texts are, passed JY-MRD-06 and JY-MRD-11;
// - a rule judged on the server POST and not on the redirect was passed with a note only (JY-MRD-12
//   with every redirect sent to a status page on another host, "leads to the same page" unfetched);
// - a shop showing every genuine redirect one "awaiting the bank" page, paying on the POST alone, was
//   warned JY-MRD-12/13/15: answered as the paid one, which may not have been taken as paid either;
// - landing pages behind a login (both fetched the login page) read as a failed payment shown as paid;
// - a shop taking only "00" as success, or whose decline kills the order, was told "the failed payment
//   is shown to the payer as paid" when the successful one was shown the failure page;
// - a repeat with a growing shipment counter passed JY-MRD-04/-10 (one answered "DUPLICATE IGNORED",
//   the same status in other words, passes: merchant-probe19-verdicts.test.ts);
// - a forged POST locking the order was blamed on JY-MRD-07, whose refusal it met (JY-MRD-17 states
//   it); JY-MRD-08 guessed "ORDER read as a number" for an order with leading zeros unasked.
import { afterAll, expect, test } from 'vitest';
import { repeatedOtherwise } from '../../../suites/jysan/merchant/support.ts';
import { closeShops, failuresOf, judgedAtShop, ordersFor } from './backref-shop.ts';

afterAll(closeShops);
const judged = judgedAtShop;

const failures = failuresOf;

test('a shop failing on a Cyrillic res_desc of a declined result fails JY-MRD-06 and JY-MRD-11', async () => {
  const r = await judged('jy.merchant.failed-payment', { bugs: ['crash-cyrillic-declined'] });
  expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-06')).toMatch(/HTTP 500/);
  const p = await judged('jy.merchant.post-failed-payment', { bugs: ['crash-cyrillic-declined'] });
  expect(p.ruleOutcomes['JY-MRD-11'], p.why).toBe('failed');
  expect(failures(p, 'JY-MRD-11')).toMatch(/HTTP 500/);
  // and a shop reading them passes
  const clean = await judged('jy.merchant.failed-payment', {});
  expect(clean.outcome, clean.why).toBe('passed');
  const cleanPost = await judged('jy.merchant.post-failed-payment', {});
  expect(cleanPost.outcome, cleanPost.why).toBe('passed');
});

test('a rule judged on the server POST only is passed partly, with the redirect named', async () => {
  const r = await judged('jy.merchant.other-amount', { style: 'elsewhere', bugs: ['ignore-amount-redirect'] });
  expect(r.ruleOutcomes['JY-MRD-12'], r.why).toBe('passed');
  expect(r.partly?.['JY-MRD-12'], r.why).toMatch(/redirect/);
  // no page was fetched on another host: none is said to be "the same page"
  expect(r.why).not.toMatch(/leads to the same page/);
  expect(r.partly?.['JY-MRD-12']).toMatch(/www\.shop\.invalid/);
});

test('a redirect showing every genuine result one "awaiting the bank" page is not blamed (JY-MRD-12/13/15)', async () => {
  const r = await judged('jy.merchant.other-amount', { style: 'awaits-post' });
  expect(r.failures, r.why).toEqual([]);
  for (const rule of ['JY-MRD-12', 'JY-MRD-13', 'JY-MRD-15']) {
    expect(r.ruleOutcomes[rule], r.why).toBe('passed');
    expect(r.partly?.[rule], r.why).toMatch(/none .* was refused/);
  }
});

test('a redirect taking any amount still fails JY-MRD-12 beside refusals of the other wrong results', async () => {
  const r = await judged('jy.merchant.other-amount', { bugs: ['ignore-amount-redirect'] });
  expect(r.ruleOutcomes['JY-MRD-12'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-12')).toMatch(/redirect of /);
  expect(r.ruleOutcomes['JY-MRD-13'], r.why).toBe('passed');
  expect(r.ruleOutcomes['JY-MRD-15'], r.why).toBe('passed');
});

test('landing pages behind a login tell nothing of a failed payment (JY-MRD-06 inconclusive)', async () => {
  const r = await judged('jy.merchant.failed-payment', { style: 'account' });
  expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('inconclusive');
  expect(r.ruleReasons?.['JY-MRD-06']).toMatch(/login/);
});

test.each([
  ['success-00', /every genuine result.* alike/],
  ['declined-kills-order', /not as a fresh order's is: the failure left the order unpayable/],
] as const)('alike answers (%s) do not say the failed payment is shown as paid', async (bug, why) => {
  const r = await judged('jy.merchant.failed-payment', { bugs: [bug] });
  expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-06')).not.toMatch(/shown to the payer as paid/);
  expect(failures(r, 'JY-MRD-06')).toMatch(why);
});

test.each([['double-fulfil', /grows by one/, /grows by one/]] as const)(
  'a repeat answered otherwise (%s) fails JY-MRD-10 and JY-MRD-04',
  async (bug, post, page) => {
    const p = await judged('jy.merchant.post-repeat', { bugs: [bug] });
    expect(p.ruleOutcomes['JY-MRD-10'], p.why).toBe('failed');
    expect(failures(p, 'JY-MRD-10')).toMatch(post);
    const r = await judged('jy.merchant.reload', { bugs: [bug] });
    expect(r.ruleOutcomes['JY-MRD-04'], r.why).toBe('failed');
    expect(failures(r, 'JY-MRD-04')).toMatch(page);
  },
);

test('a repeat differing only in a request token and the time passes JY-MRD-04 and JY-MRD-10', async () => {
  for (const style of ['page', 'status'] as const) {
    // JY-MRD-19 beside it is the check's own matter (inconclusive where the pages show no order's state)
    const r = await judged('jy.merchant.reload', { stamp: true, style });
    expect(r.ruleOutcomes['JY-MRD-04'], r.why).toBe('passed');
  }
  const p = await judged('jy.merchant.post-repeat', { stamp: true });
  expect(p.ruleOutcomes['JY-MRD-10'], p.why).toBe('passed');
});

test('a forged POST locking the order fails JY-MRD-17, not JY-MRD-07; a forged redirect JY-MRD-03', async () => {
  // no order with leading zeros: the refusal after the forged one is not its form's (answeredAsFresh)
  const orders = ordersFor(30).map((o, i) => ({ ...o, orderId: String(5100200 + i) }));
  const p = await judged('jy.merchant.post-forged', { bugs: ['lock-on-forged'], orders });
  expect(p.ruleOutcomes['JY-MRD-07'], p.why).toBe('passed');
  expect(p.ruleOutcomes['JY-MRD-17'], p.why).toBe('failed');
  expect(failures(p, 'JY-MRD-17')).toMatch(/changed the order/);
  const r = await judged('jy.merchant.forged', { bugs: ['lock-on-forged'], orders });
  expect(r.ruleOutcomes['JY-MRD-03'], r.why).toBe('failed');
});

test('a declined POST refused as forged guesses ORDER read as a number only on the evidence (JY-MRD-08)', async () => {
  // 0004100 (leading zeros) first: one for an order without them is refused alike, so no guess
  const r = await judged('jy.merchant.post-failed-payment', { bugs: ['post-declined-as-forged'] });
  expect(r.ruleOutcomes['JY-MRD-08'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-08')).toMatch(/0004100/);
  expect(failures(r, 'JY-MRD-08')).not.toMatch(/reading ORDER as a number/);
  expect(failures(r, 'JY-MRD-08')).toMatch(/without leading zeros/);
});

test('repeatedOtherwise: per-request values are masked, a counter growing with each repeat is not', () => {
  const page = (body: string) => ({
    r: { status: 200, text: `<html><body><h1>Оплачено</h1><p>${body}</p></body></html>` },
  });
  const same = (a: string, ...b: string[]) => repeatedOtherwise([page(a), ...b.map(page)]);
  // a token, the time, a date, epoch milliseconds, a request id that does not count
  expect(
    same(
      'Заказ 0004100. csrf a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 06.12.2025 17:25:31.123 1733505931123 req 48213',
      'Заказ 0004100. csrf 9f8e7d6c5b4a39281706f5e4d3c2b1a0 06.12.2025 17:25:32.456 1733505932456 req 90017',
    ),
  ).toBeUndefined();
  expect(same('Отправление №1', 'Отправление №2', 'Отправление №3')?.why).toMatch(/grows by one .*1, 2, 3/);
  // other words with the same status: the shop's own (probe19: "OK (duplicate, already recorded)")
  expect(same('OK', 'DUPLICATE IGNORED')).toBeUndefined();
  expect(repeatedOtherwise([{ r: { status: 200, text: 'OK' } }, { r: { status: 409, text: 'OK' } }])?.i).toBe(1);
});
