// Which order nested values sign in is open (digest open question 2; GL-SIG-06 is INFERRED). A gateway
// that signs them in natural order once left the MUST field rules inconclusive: their generated requests
// (an 11-element mark_list) were signed in the vendor order only and refused as badly signed. Judged as a
// real target, such a gateway warns on GL-SIG-06 and nothing else.
import { expect, test } from 'vitest';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { CHECKS } from '../../suites/registry.ts';
import { ordersDiffer } from '../../suites/greenleaves/fields.checks.ts';

test('a gateway verifying nested data in natural order gets its field rules judged', async () => {
  const h = await startReference('greenleaves', 'gateway', ['natural-flatten-order']);
  try {
    const ids = ['gl.fields.payment.valid', 'gl.fields.payment-page.valid', 'gl.fields.payment.violations'];
    const checks = CHECKS.greenleaves.filter((c) => ids.includes(c.id));
    const results = await runChecks(checks, realSubjectOf(h, 'gateway', 8), { seed: 20261130, plan: 'full' });
    const rules = profileCertificate(realSubjectOf(h, 'gateway'), results).rules;
    const out = rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
    for (const id of ['GL-PAY-01', 'GL-PAY-02', 'GL-PAGE-01'])
      expect(rules.find((r) => r.id === id)?.verdict, out).toBe('passed');
    // the sample did meet the ambiguity, else this test proves nothing (a result's exchanges are read
    // through its getter: they are not enumerable, so JSON of the result leaves them out)
    const evidence = JSON.stringify(results.map((r) => r.evidence));
    expect(evidence, 'no request needed the natural order').toMatch(/again signed in natural nested order/);
  } finally {
    await h.close();
  }
});

// The code of a bad signature is open too (digest open question 3: 1100, 9998, 101): a gateway that
// verifies the natural order and answers a bad signature with 9998 had its requests sent in the vendor
// order only (the other orders were tried after a 1100 alone), and GL-PAY-01, GL-PAGE-01 (MUST) failed
// "a schema-valid request was refused".
test('a gateway verifying the natural order and refusing a bad signature with 9998 gets its field rules judged', async () => {
  const h = await startReference('greenleaves', 'gateway', ['natural-flatten-order'], ['bad-signature-9998']);
  try {
    const ids = ['gl.fields.payment.valid', 'gl.fields.payment-page.valid'];
    const checks = CHECKS.greenleaves.filter((c) => ids.includes(c.id));
    const results = await runChecks(checks, realSubjectOf(h, 'gateway', 8), { seed: 20261130, plan: 'full' });
    const rules = profileCertificate(realSubjectOf(h, 'gateway'), results).rules;
    const out = rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
    for (const id of ['GL-PAY-01', 'GL-PAGE-01']) expect(rules.find((r) => r.id === id)?.verdict, out).toBe('passed');
    const evidence = JSON.stringify(results.map((r) => r.evidence));
    expect(evidence, 'no request needed the natural order').toMatch(/again signed in natural nested order/);
  } finally {
    await h.close();
  }
});

test('ordersDiffer tells the ambiguous shapes', () => {
  const list = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), `v${i}`]));
  expect(ordersDiffer({ a: '1', pg_receipt_positions: list(11) })).toBe(true);
  expect(ordersDiffer({ a: '1', pg_receipt_positions: list(10) })).toBe(false);
  expect(ordersDiffer({ item1: 'A', item10: 'B' })).toBe(true);
});
