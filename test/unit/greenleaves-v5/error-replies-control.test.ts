import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks, withEnv } from '../harness/judge-checks.ts';

// A probe's gateway refused every correct signature (it verified over the body's bytes unencoded): every
// other check was inconclusive ("the correctly signed control request was refused too"), but
// v5.fmt.error-replies warned "an unknown X-Action: … 1001, want 1104", blaming V5-ERR-01 for the code
// of a request that never got past the signature. The codes of correctly signed faulty requests show
// something only where a correctly signed request is taken.
let h: SandboxHandle;

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
});
afterAll(async () => {
  await h?.close();
});

test('v5.fmt.error-replies against a gateway refusing every correct token is inconclusive, blaming no code', async () => {
  const { results, verdicts, shown } = await withEnv(
    'PAYCERT_GREENLEAVES_V5_SECRET_KEY',
    'not-the-key-the-gateway-knows',
    () => judgeChecks('greenleaves-v5', ['v5.fmt.error-replies'], subjectOf(h, 'gateway')),
  );
  expect(verdicts.failed ?? [], shown).toEqual([]);
  expect(results[0]!.outcome, shown).toBe('inconclusive');
  expect(results[0]!.reason, shown).toMatch(/correctly signed control request .* was refused too/);
});
