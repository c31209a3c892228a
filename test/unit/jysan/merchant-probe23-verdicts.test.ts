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
