import { expect, test } from 'vitest';
import { asRealShop } from './real-shop.ts';

// probe 26 finding 1: every redirect sent to the order's one status page, the redirect taking any
// amount; the page showed the order PAID after a redirect of 700.01 for 700, while a declined result's
// showed NOT PAID, and JY-MRD-12/13 passed on the server POST alone (the redirect "not judged")
test('jysan shop redirect-ignores-amount-status-page as a real shop: JY-MRD-12/13 warn on the redirect', async () => {
  const { cert, of, shown } = await asRealShop('jysan', ['redirect-ignores-amount-status-page'], [], []);
  for (const id of ['JY-MRD-12', 'JY-MRD-13']) {
    expect(of(id).verdict, shown).toBe('warning');
    expect(of(id).reason, shown).toMatch(/status page then shows what a paid order's does/);
  }
  const failed = cert.rules.filter((r) => r.verdict === 'warning' || r.verdict === 'failed').map((r) => r.id);
  expect(failed.filter((id) => id !== 'JY-MRD-09').sort(), shown).toEqual(['JY-MRD-12', 'JY-MRD-13']);
});

// the same page design with a correct shop: no rule failed
test.each(['order-status-page-one-place'])('jysan shop %s as a real shop: JY-MRD-12/13 not failed', async (variant) => {
  const { cert, shown } = await asRealShop('jysan', [], [variant], []);
  const failed = cert.rules.filter((r) => r.verdict === 'warning' || r.verdict === 'failed').map((r) => r.id);
  expect(
    failed.filter((id) => id !== 'JY-MRD-09'),
    shown,
  ).toEqual([]);
});
