// A probe's g2g shop sorting the field names case-insensitively (Ruby's sort_by(&:downcase)) before
// verifying pg_sig passed: paycert's own fields (a_ref, promo, zz_note) are lowercase, as are the pg_
// ones, so both orders agree. The gateway signs them byte-wise (PHP's ksort, digest §2.2: uppercase before
// "_" before lowercase): gl.merchant.extra-fields now sends an own field with an uppercase letter
// (PaycertRef, beside a_ref), judged on GL-MCB-23 where the call with the lowercase ones (GL-MCB-10) was
// taken; a shop refusing that one for another reason (an empty own field dropped) is still judged.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

async function extraFields(defects: string[]) {
  const h = await startReference('greenleaves', 'merchant', defects);
  started.push(h);
  return judgeChecks('greenleaves', ['gl.merchant.extra-fields'], subjectOf(h, 'merchant'));
}

test('a merchant ordering the names case-insensitively fails GL-MCB-23, not GL-MCB-10', async () => {
  const { results, shown } = await extraFields(['sorts-names-case-insensitively']);
  const r = results[0]!;
  expect(r.ruleOutcomes, shown).toEqual({ 'GL-MCB-10': 'passed', 'GL-MCB-23': 'failed', 'GL-MCB-25': 'passed' });
  expect(r.failures.map((f) => f.message).join('\n'), shown).toMatch(
    /own fields \{"a_ref":"17","PaycertRef":"A-17"\} .* was answered pg_status=error .*, the call with \{"a_ref":"17","promo":"","zz_note":"тест 1"\} ok: the merchant does not order the names byte-wise/,
  );
});

test('a merchant dropping empty own fields fails GL-MCB-10 and is judged on GL-MCB-23 all the same', async () => {
  const { results, shown } = await extraFields(['skips-empty-fields']);
  expect(results[0]!.ruleOutcomes, shown).toEqual({
    'GL-MCB-10': 'failed',
    'GL-MCB-23': 'passed',
    'GL-MCB-25': 'passed',
  });
});

test('the reference, ordering them byte-wise, passes both', async () => {
  const { results, shown } = await extraFields([]);
  expect(results[0]!.ruleOutcomes, shown).toEqual({
    'GL-MCB-10': 'passed',
    'GL-MCB-23': 'passed',
    'GL-MCB-25': 'passed',
  });
});
