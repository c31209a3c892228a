// Wrong verdicts a probe's Perl Jysan shop (probe 23) met, reproduced on the small shop of the same
// make (backref-shop.ts): a shop sending every result to the order's status page and refusing a
// redirect it cannot send there (a forged one whose order names none of its orders, another amount)
// with an HTTP 200 refusal page was warned JY-MRD-01 ("answered HTTP 200"), though a page other than a
// paid order's is a refusal where every result goes to one place, and JY-MRD-12/13/15 were judged on
// the server POST alone.
import { afterAll, expect, test } from 'vitest';
import { closeShops, failuresOf, judgedAtShop } from './backref-shop.ts';

afterAll(closeShops);

test("where every result goes to the order's status page, a 200 refusal page in place is a refusal", async () => {
  const f = await judgedAtShop('jy.merchant.forged', { style: 'status', refusals200: true });
  expect(f.ruleOutcomes['JY-MRD-01'], f.why).toBe('passed');
  expect(f.failures, f.why).toEqual([]);
  // a page in place shows no order's state: whether the order was taken as paid is not shown
  expect(f.partly?.['JY-MRD-01'], f.why).toMatch(/taken as paid/);
  const a = await judgedAtShop('jy.merchant.other-amount', { style: 'status', refusals200: true });
  expect(a.failures, a.why).toEqual([]);
  for (const rule of ['JY-MRD-12', 'JY-MRD-13', 'JY-MRD-15']) {
    expect(a.ruleOutcomes[rule], `${rule} ${a.why}`).toBe('passed');
    // the redirects were read as refused; neither channel's refusals show the order's state (in part)
    expect(a.partly?.[rule] ?? '', `${rule} ${a.why}`).not.toMatch(/none|not refused|answered HTTP 200/);
  }
});

test("a refusal page in place shows no order's state: a forged redirect refused so is judged in part", async () => {
  const bad = await judgedAtShop('jy.merchant.forged', {
    style: 'status',
    refusals200: true,
    bugs: ['paid-before-verify'],
  });
  expect(bad.ruleOutcomes['JY-MRD-01'], bad.why).toBe('passed');
  expect(bad.partly?.['JY-MRD-01'], bad.why).toMatch(/taken as paid/);
});

test("where every result goes to the order's status page, a paid order turned back by a failed result fails JY-MRD-19", async () => {
  const r = await judgedAtShop('jy.merchant.reload', { style: 'status', bugs: ['failed-unpays'] });
  expect(r.ruleOutcomes['JY-MRD-19'], r.why).toBe('failed');
  expect(failuresOf(r, 'JY-MRD-19')).toMatch(/turned back/);
  const clean = await judgedAtShop('jy.merchant.reload', { style: 'status' });
  expect(clean.outcome, clean.why).toBe('passed');
  expect(clean.partly?.['JY-MRD-19'], clean.why).toBeUndefined();
});

// session 23 review: a terse shop that verifies signs, answering a declined payment's redirect and a
// forged one alike (HTTP 400 "Оплата не прошла"), failed JY-MRD-02 ("refused as one whose sign does not
// verify"): the same answer is no evidence. The same failed redirect with an rrn present but empty, the
// same sign, taken where the one without rrn is refused as forged, is.
test('a failed payment refused as a forged one is a failure only where an empty rrn is taken', async () => {
  const terse = await judgedAtShop('jy.merchant.genuine', { terse400: true });
  expect(terse.ruleOutcomes['JY-MRD-02'], terse.why).not.toBe('failed');
  expect(failuresOf(terse, 'JY-MRD-02')).toBe('');
  expect(terse.partly?.['JY-MRD-02'], terse.why).toMatch(/not told/);
  const bad = await judgedAtShop('jy.merchant.genuine', { bugs: ['redirect-rrn-required'] });
  expect(bad.ruleOutcomes['JY-MRD-02'], bad.why).toBe('failed');
  expect(failuresOf(bad, 'JY-MRD-02')).toMatch(/rrn present but empty/);
  // the same shop answering a declined payment as tersely as a bad sign: nothing tells them apart
  const both = await judgedAtShop('jy.merchant.genuine', { terse400: true, bugs: ['redirect-rrn-required'] });
  expect(both.ruleOutcomes['JY-MRD-02'], both.why).not.toBe('failed');
});
