import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

// A g2g merchant that verifies calls with its own program's name ("shop.pl") answers every genuine call
// "error", in every form the gateway sends: GL-MCB-14 fails. Whether it reads the declared form
// (GL-MCB-15) does not show: that rule applies to every merchant, so it is undecided (inconclusive) with
// the reason, not "not applicable" (it was skipped).
let h: SandboxHandle;
beforeAll(async () => {
  h = await startReference('greenleaves', 'merchant', ['verifies-with-program-name']);
});
afterAll(async () => {
  await h?.close();
});

test('a merchant answering error in every form leaves GL-MCB-15 inconclusive, fails GL-MCB-14', async () => {
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.result-ok'], subjectOf(h, 'merchant'));
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-MCB-14'], shown).toBe('failed');
  expect(r.ruleOutcomes['GL-MCB-15'], shown).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-MCB-15'], shown).toMatch(/answered error in every form the gateway sends/);
});
