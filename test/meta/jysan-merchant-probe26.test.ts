import { expect, test } from 'vitest';
import { checks } from '../../suites/jysan/index.ts';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { SEED } from '../seed.ts';

/** The reference Jysan shop with `defects` and `variants`, judged as a real shop is (no control API:
 *  no order's state but what its pages show), by the checks citing `rules`. */
async function asRealShop(defects: string[], variants: string[], rules: string[]) {
  const h = await startReference('jysan', 'merchant', defects, variants);
  try {
    const subject = realSubjectOf(h, 'merchant');
    const run = checks.filter(
      (c) => c.subject === 'merchant' && (rules.length === 0 || c.rules.some((r) => rules.includes(r))),
    );
    const results = await runChecks(run, subject, { seed: SEED, plan: 'full' });
    const cert = profileCertificate(subject, results);
    const of = (id: string) => cert.rules.find((r) => r.id === id)!;
    const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
    return { of, shown, cert };
  } finally {
    await h.close();
  }
}

// probe 26 finding 1: every redirect sent to the order's one status page, the redirect taking any
// amount; the page showed the order PAID after a redirect of 700.01 for 700, while a declined result's
// showed NOT PAID, and JY-MRD-12/13 passed on the server POST alone (the redirect "not judged")
test('jysan shop redirect-ignores-amount-status-page as a real shop: JY-MRD-12/13 warn on the redirect', async () => {
  const { cert, of, shown } = await asRealShop(['redirect-ignores-amount-status-page'], [], []);
  for (const id of ['JY-MRD-12', 'JY-MRD-13']) {
    expect(of(id).verdict, shown).toBe('warning');
    expect(of(id).reason, shown).toMatch(/status page then shows what a paid order's does/);
  }
  const failed = cert.rules.filter((r) => r.verdict === 'warning' || r.verdict === 'failed').map((r) => r.id);
  expect(failed.filter((id) => id !== 'JY-MRD-09').sort(), shown).toEqual(['JY-MRD-12', 'JY-MRD-13']);
});

// the same page design with a correct shop: no rule failed
test.each(['order-status-page-one-place'])('jysan shop %s as a real shop: JY-MRD-12/13 not failed', async (variant) => {
  const { cert, shown } = await asRealShop([], [variant], []);
  const failed = cert.rules.filter((r) => r.verdict === 'warning' || r.verdict === 'failed').map((r) => r.id);
  expect(
    failed.filter((id) => id !== 'JY-MRD-09'),
    shown,
  ).toEqual([]);
});
