// GL-MCB-02 on a check_url answer signed with another script name than "check": the reason said "the
// check answer is signed with "check"", the opposite of what was found (the "not" was left out when
// pg_sig was there but wrong). The reference merchant signing every answer with "index.php".
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

let h: SandboxHandle;
beforeAll(async () => {
  h = await startReference('greenleaves', 'merchant', ['wrong-script-name']);
});
afterAll(async () => {
  await h?.close();
});

test('a check answer signed with another script name is said not to verify with "check"', async () => {
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.check-url'], subjectOf(h, 'merchant'));
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-MCB-02'], shown).toBe('failed');
  expect(r.reason, shown).toMatch(
    /pg_sig does not verify with the script name "check"; it does with the script name "index.php"/,
  );
  expect(r.reason, shown).not.toMatch(/is signed with "check"/);
});
