// A probe's Perl shop read the calls as Windows-1251: a genuine call with Cyrillic in it was refused, the
// same call with plain ASCII values taken. GL-MCB-14 failed rightly (gl.merchant.result-ok), and every other
// check stopped at its precondition (a genuine call for a payable order answered ok): 17 rules inconclusive.
// The precondition now tries the same call with plain values; taken, the check's calls carry plain values,
// and it judges its own rules, failing none the shop does not break.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

test('a merchant that verifies only plain ASCII values has the other checks judged, none failed', async () => {
  const h = await startReference('greenleaves', 'merchant', ['signs-url-encoded-values']);
  started.push(h);
  const ids = [
    'gl.merchant.can-reject',
    'gl.merchant.forged',
    'gl.merchant.extra-fields',
    'gl.merchant.failed-payment',
  ];
  const { results, verdicts, shown } = await judgeChecks('greenleaves', ids, subjectOf(h, 'merchant'));
  expect(Object.keys(verdicts), shown).toEqual(['passed']);
  expect(results.flatMap((r) => r.notes ?? []).join('\n'), shown).toMatch(
    /the same call with plain ASCII values \(letters, digits, "-"\) ok: this check's calls carry plain values/,
  );
});
