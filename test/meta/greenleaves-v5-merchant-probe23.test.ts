import { expect, test } from 'vitest';
import { certify } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';

// probe 23 (a v5 shop in Perl answering "OK" and "REJECTED"): V5-MCB-12 forbids only ok, and a status word of
// the shop's own declines (V5-MCB-05 reads "success" so); the word itself is V5-MCB-01's, said plainly.
test('v5 merchant status-upper-case: V5-MCB-01 says the word, V5-MCB-12 is not blamed', async () => {
  const { cert } = await certify('greenleaves-v5', 'merchant', checks, ['status-upper-case'], 1);
  const of = (id: string) => cert.rules.find((r) => r.id === id)!;
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  expect(of('V5-MCB-01').reason, shown).toMatch(/status must be exactly "ok" \(lower case\), got "OK"/);
  expect(of('V5-MCB-01').reason, shown).not.toMatch(/in its own words/);
  expect(of('V5-MCB-12').verdict, shown).toBe('passed');
}, 300_000);

// session 23 review: a shop acknowledging an order it does not have in upper case ("OK") passed V5-MCB-12
test('v5 merchant status-upper-case and result-accepts-unknown: V5-MCB-12 fails on "OK"', async () => {
  const { cert } = await certify(
    'greenleaves-v5',
    'merchant',
    checks,
    ['status-upper-case', 'result-accepts-unknown'],
    1,
  );
  const of = (id: string) => cert.rules.find((r) => r.id === id)!;
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  expect(of('V5-MCB-12').verdict, shown).toBe('failed');
  expect(of('V5-MCB-12').reason, shown).toMatch(/"OK"/);
});
