// Wrong verdicts a probe's Python Jysan shop (BACKREF, written from seed 002 and digest §A10) met,
// reproduced on a small shop of the same make (backref-shop.ts):
// - a failed payment's result answered as a paid one's (res_code ignored: the same page, or the order's
//   status page showing it paid) passed JY-MRD-06 and JY-MRD-11: only a later success was tried, which
//   a shop that took the order as paid accepts too;
// - the sign verified over ORDER read as a number (0004100 as 4100): JY-MRD-02/08 blamed res_desc's
//   encoding (an order with leading zeros compared with one without) and JY-MRD-11 the success after a
//   failure whose own POST had been refused;
// - a `+` in the redirect's query read as a `+`: every redirect wrote a space %20, JY-MRD-02 passed;
// - a failed payment's POST answered 402: JY-MRD-08 warned "not 2xx" where JY-MRD-11 forbids 5xx only;
// - a result for an order the shop does not have answered as paid, and the currency as its ISO 4217
//   number (398) refused: no genuine result tried either.
import { afterAll, expect, test } from 'vitest';
import { closeShops, failuresOf, judgedAtShop, ordersFor } from './backref-shop.ts';

afterAll(closeShops);
const judged = judgedAtShop;

const failures = failuresOf;

test.each(['page', 'status', 'redirect-302'] as const)(
  'a failed payment answered as a paid one (style %s) fails JY-MRD-06',
  async (style) => {
    const r = await judged('jy.merchant.failed-payment', { style, bugs: ['ignore-res-code'] });
    expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('failed');
    expect(failures(r, 'JY-MRD-06')).toMatch(/failed payment .* as the successful one/);
  },
);

test.each(['page', 'status', 'redirect-302'] as const)(
  'a shop telling a failed payment from a paid one (style %s) passes JY-MRD-06 and JY-MRD-01',
  async (style) => {
    const r = await judged('jy.merchant.failed-payment', { style });
    expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('passed');
    const f = await judged('jy.merchant.forged', { style });
    expect(f.outcome, f.why).toBe('passed');
  },
);

test('a shop answering every redirect with one page leaves JY-MRD-06 inconclusive, with the reason', async () => {
  // a failed payment answered as the paid one: the same page for a forged one too tells nothing
  const r = await judged('jy.merchant.failed-payment', { style: 'one-page' });
  expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('inconclusive');
  expect(r.ruleReasons?.['JY-MRD-06']).toMatch(/so was a forged one .*: the shop answers every result alike/);
});

test('a failed payment shown as paid on the status page leaves JY-MRD-01 judged on what the page shows', async () => {
  // the declined result that tells where a refusal lands is shown as paid too: the forged one's status
  // page ("awaiting payment") still differs from a paid order's. Was inconclusive ("every result, paid
  // or declined, … leads to the same page")
  const r = await judged('jy.merchant.forged', { style: 'status', bugs: ['ignore-res-code'] });
  expect(r.ruleOutcomes['JY-MRD-01'], r.why).toBe('passed');
  expect(r.ruleOutcomes['JY-MRD-03'], r.why).toBe('passed');
});

test('ORDER read as a number: JY-MRD-02 names the order, not res_desc', async () => {
  const r = await judged('jy.merchant.genuine', { bugs: ['order-int'] });
  expect(r.ruleOutcomes['JY-MRD-02'], r.why).toBe('failed');
  const why = failures(r, 'JY-MRD-02');
  expect(why).not.toMatch(/res_desc as sent/);
  expect(why).toMatch(/0004100.*leading zeros/);
  expect(why).toMatch(/5100201/);
});

test('ORDER read as a number: JY-MRD-08 names the order, not res_desc', async () => {
  const r = await judged('jy.merchant.post-genuine', { bugs: ['order-int'] });
  expect(r.ruleOutcomes['JY-MRD-08'], r.why).toBe('failed');
  const why = failures(r, 'JY-MRD-08');
  expect(why).not.toMatch(/res_desc as sent/);
  expect(why).toMatch(/0004100.*leading zeros/);
});

test('a failure whose own POST was refused does not blame the success after it (JY-MRD-11)', async () => {
  const r = await judged('jy.merchant.post-failed-payment', { bugs: ['order-int'] });
  expect(r.ruleOutcomes['JY-MRD-11'], r.why).toBe('inconclusive');
  expect(r.ruleReasons?.['JY-MRD-11']).toMatch(/0004100/);
  // the bank's own result refused as a forged one is JY-MRD-08's
  expect(r.ruleOutcomes['JY-MRD-08'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-08')).toMatch(/0004100.*leading zeros/);
});

test('a failure whose own redirect was refused does not blame the success after it (JY-MRD-06)', async () => {
  const r = await judged('jy.merchant.failed-payment', { bugs: ['order-int'] });
  expect(r.ruleOutcomes['JY-MRD-06'], r.why).toBe('inconclusive');
  expect(r.ruleReasons?.['JY-MRD-06']).toMatch(/0004100/);
});

test('a "+" in the redirect query read literally fails JY-MRD-02', async () => {
  const r = await judged('jy.merchant.genuine', { bugs: ['plus-literal'], orders: ordersFor(30, 1) });
  expect(r.ruleOutcomes['JY-MRD-02'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-02')).toMatch(/spaces written "\+" .* every space written %20 was accepted/);
  const clean = await judged('jy.merchant.genuine', {});
  expect(clean.ruleOutcomes['JY-MRD-02'], clean.why).toBe('passed');
});

test("a failed payment's POST answered 402 passes JY-MRD-08 and JY-MRD-11", async () => {
  const r = await judged('jy.merchant.post-failed-payment', { declinedPostStatus: 402 });
  expect(r.outcome, r.why).toBe('passed');
});

test('a result for an order the shop does not have, taken, fails JY-MRD-15', async () => {
  const r = await judged('jy.merchant.other-amount', { bugs: ['accept-unknown'] });
  expect(r.ruleOutcomes['JY-MRD-15'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-15')).toMatch(/8888888888/);
});

test('the currency as its ISO 4217 number refused fails JY-MRD-16; taken, passes', async () => {
  const r = await judged('jy.merchant.other-amount', { bugs: ['currency-letters-only'] });
  expect(r.ruleOutcomes['JY-MRD-16'], r.why).toBe('failed');
  expect(failures(r, 'JY-MRD-16')).toMatch(/398/);
  const clean = await judged('jy.merchant.other-amount', {});
  expect(clean.outcome, clean.why).toBe('passed');
  expect(clean.ruleOutcomes['JY-MRD-15'], clean.why).toBe('passed');
  expect(clean.ruleOutcomes['JY-MRD-16'], clean.why).toBe('passed');
});

test("a status page's CSRF token holding a value the result carried (398) is still a token", async () => {
  // the value was cut out of the page first: the token's halves, too short to be seen as one, made two
  // pages of one verdict differ (JY-MRD-16 warned on a shop taking 398: "answered 302 …, in KZT 303")
  const csrf = () => 'a1b2c3d4e5f6a7b8398c9d0e1f2a3b4c';
  const r = await judged('jy.merchant.other-amount', { style: 'status', csrf });
  expect(r.outcome, r.why).toBe('passed');
});

test.each(['status', 'redirect-302'] as const)(
  'a genuine redirect refused with a redirect (style %s) fails JY-MRD-02; taken, passes',
  async (style) => {
    // every 3xx counted as taken: the refused result sent to the failure page, or to the order's status
    // page showing it unpaid, passed JY-MRD-02
    const r = await judged('jy.merchant.genuine', { style, bugs: ['plus-literal'] });
    expect(r.ruleOutcomes['JY-MRD-02'], r.why).toBe('failed');
    expect(failures(r, 'JY-MRD-02')).toMatch(/every space written %20 was accepted/);
    const clean = await judged('jy.merchant.genuine', { style });
    expect(clean.outcome, clean.why).toBe('passed');
    expect(clean.partly, clean.why).toBeUndefined();
  },
);

test('ORDER read as a number: the server POST tries an order with leading zeros too (JY-MRD-08)', async () => {
  // the first order handed out has none: a POST-only shop casting ORDER to int passed
  const r = await judged('jy.merchant.post-genuine', { bugs: ['order-int'], orders: ordersFor(30, 1) });
  expect(r.ruleOutcomes['JY-MRD-08'], r.why).toBe('failed');
  // (an order with leading zeros past the check's block of orders: one from the declaration's end)
  expect(failures(r, 'JY-MRD-08')).toMatch(/0004[0-9]{3}.*leading zeros/);
  const clean = await judged('jy.merchant.post-genuine', { orders: ordersFor(30, 1) });
  expect(clean.ruleOutcomes['JY-MRD-08'], clean.why).toBe('passed');
});

test('an amount with two decimals of its own is not respelled with a third (JY-MRD-14)', async () => {
  // "12345.670" is no KZT amount the bank sends: JY-MRD-14 was passed on it
  const orders = ordersFor(30).map((o) => ({ ...o, amount: '12345.67' }));
  const r = await judged('jy.merchant.other-amount', { orders });
  expect(r.ruleOutcomes['JY-MRD-14'], r.why).not.toBe('passed');
  expect(r.why).toMatch(/12345\.67\) has no other spelling with at most two decimals/);
  expect(r.why).not.toMatch(/12345\.670/);
});

test('a refusal sent (303) to a failure page where a genuine result gets its page in place is a refusal', async () => {
  // was taken: a redirect counted as a refusal only beside a genuine redirect (JY-MRD-01, -12, -13, -15)
  const f = await judged('jy.merchant.forged', { style: 'refusal-303' });
  expect(f.ruleOutcomes['JY-MRD-01'], f.why).toBe('passed');
  const o = await judged('jy.merchant.other-amount', { style: 'refusal-303' });
  for (const rule of ['JY-MRD-12', 'JY-MRD-13', 'JY-MRD-15']) expect(o.ruleOutcomes[rule], o.why).toBe('passed');
  // and one sent to the page a genuine result shows is taken
  const u = await judged('jy.merchant.other-amount', { style: 'refusal-303', bugs: ['unknown-to-thanks'] });
  expect(u.ruleOutcomes['JY-MRD-15'], u.why).toBe('failed');
});
