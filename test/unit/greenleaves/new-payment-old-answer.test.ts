// A probe's PHP shop looked its stored answers up by pg_order_id: after failed payments (pg_result=0) of an
// order, the successful one (a new pg_payment_id) got "ok" with the failed payment's text, word for word,
// and the order stayed unpaid. GL-MCB-20 judged only pg_status and passed. That answer replayed to a new
// payment takes it for a repeat of the failed one (repeats are of the same payment, seed 001), so it fails
// GL-MCB-20; a shop answering every ok with one fixed text shows nothing by it and fails nothing.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

async function failedPayment(defects: string[], variants: string[] = []) {
  const h = await startReference('greenleaves', 'merchant', defects, variants);
  started.push(h);
  return judgeChecks('greenleaves', ['gl.merchant.failed-payment'], subjectOf(h, 'merchant'));
}

test("a new payment answered with a failed payment's stored answer fails GL-MCB-20", async () => {
  const { results, shown } = await failedPayment(['answers-by-order']);
  expect(results[0]!.ruleOutcomes['GL-MCB-20'], shown).toBe('failed');
  expect(results[0]!.reason, shown).toMatch(
    /a successful one \(a new pg_payment_id\) was answered pg_status=ok "Неуспешный платеж принят к сведению", word for word the answer to a failed one, while the successful payment of \S+ was answered pg_status=ok "Заказ оплачен"/,
  );
});

test('one fixed text for every ok answer fails nothing', async () => {
  const { verdicts, shown } = await failedPayment([], ['fixed-descriptions']);
  expect(Object.keys(verdicts), shown).toEqual(['passed']);
});
