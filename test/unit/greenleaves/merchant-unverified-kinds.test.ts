// A probe's Perl shop that trimmed the values, one that read them as Windows-1251 and one that did not
// unescape XML entities all got the same GL-MCB-14 reason: "values with Cyrillic, spaces, … or blanks at
// either end are not verified as received". gl.merchant.result-ok now sends each kind of awkward value alone
// in a failed payment (it pays nothing) beside one with plain values, and names the kinds refused.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

test.each([
  // the holder's name is removed where a check of the same process gave it as card data (the unit files share workers)
  ['trims-values', /values with blanks at either end \(pg_card_owner " (IVAN PETROV|\[removed\]) "\) are not verified/],
  ['adds-slashes', /values with quotes and a backslash \(pg_description .*\) are not verified/],
  ['decodes-values-twice', /values with "%2B" \(pg_description "SALE%2B10"\) are not verified/],
  [
    'signs-url-encoded-values',
    /values with Cyrillic letters \(pg_description "Оплата"\); a space and ":" .*; blanks at either end .*; "&" .* are not verified/,
  ],
])('%s: the GL-MCB-14 reason names the kind of value not verified', async (defect, reason) => {
  const h = await startReference('greenleaves', 'merchant', [defect]);
  started.push(h);
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.result-ok'], subjectOf(h, 'merchant'));
  expect(results[0]!.ruleOutcomes['GL-MCB-14'], shown).toBe('failed');
  expect(results[0]!.reason, shown).toMatch(reason);
});
