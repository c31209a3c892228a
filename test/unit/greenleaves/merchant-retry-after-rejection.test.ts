// A probe's g2g shop stored "rejected" for an expired order called with pg_can_reject=1 and replayed it
// to the gateway's retry of that payment with pg_can_reject=0 (the gateway never got the first answer).
// Seed 001 conflicts there: "Ответы на повторные вызовы должны совпадать с первоначальным ответом"
// (replay it) against "Статус rejected может быть возвращен мерчантом только в случае, когда … pg_can_reject
// равный 1, в противном случае, вне зависимости от ответа мерчанта, платеж будет считаться совершенным".
// gl.merchant.can-reject sends the retries after its rejection: "rejected" there fails GL-MCB-24 (INFERRED:
// the payment completed wins), never GL-MCB-05 or GL-MCB-06 (MUST), which a shop replaying follows to the
// letter (it failed GL-MCB-05 for a while); ok (the reference's) or error fails nothing.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { oneLine } from '../../../src/harness/clip.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

async function canReject(defects: string[]) {
  const h = await startReference('greenleaves', 'merchant', defects);
  started.push(h);
  return judgeChecks('greenleaves', ['gl.merchant.can-reject'], subjectOf(h, 'merchant'));
}

test("a merchant replaying its rejection to the gateway's retry with pg_can_reject=0 fails GL-MCB-24, not GL-MCB-05", async () => {
  const { results, shown } = await canReject(['replays-rejection-on-retry']);
  const r = results[0]!;
  expect(r.ruleOutcomes, shown).toEqual({
    'GL-MCB-01': 'passed', // its rejections answered HTTP 200, which alone the gateway takes
    'GL-MCB-05': 'passed',
    'GL-MCB-13': 'passed',
    'GL-MCB-16': 'passed',
    'GL-MCB-18': 'passed',
    'GL-MCB-24': 'failed',
    'GL-MCB-25': 'passed', // its answers show no secret_key (shopChecks)
  });
  expect(r.failures.map((f) => f.message).join('\n'), shown).toMatch(
    /retry 1 \(pg_can_reject=0\) of a payment rejected at pg_can_reject=1 was answered rejected again.*first answer pg_status=rejected .*, the retry's pg_status=rejected/,
  );
  // the reason says why the MUST rule is not the one failed (probe 22 read it as a false pass), and says it
  // within what the certificate keeps of a reason (oneLine's 400 characters, the check's id before it)
  for (const f of r.failures)
    expect(oneLine(`gl.merchant.can-reject: ${f.message}`), shown).toMatch(
      /not failed on GL-MCB-05 \(MUST\), whose repeats match the first answer, as a replayed rejection does/,
    );
});

test('the reference, taking that retry (ok), passes every rule of the check', async () => {
  const { verdicts, shown } = await canReject([]);
  expect(Object.keys(verdicts), shown).toEqual(['passed']);
});
