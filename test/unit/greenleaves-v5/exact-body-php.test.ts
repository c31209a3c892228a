import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

// A probe's PHP gateway verified over json_encode(json_decode($raw)) ("/" as "\/", non-ASCII as \uXXXX):
// every body of v5.jws.exact-body-bytes holds a "/", so each was refused with 1001, the compact ASCII
// control signed over its exact bytes too, and the check passed V5-JWS-06 and V5-JWS-07 ("the content,
// not its bytes, is refused"). A correctly signed body refused for its signature, beside another create
// processed, is the signature checked over other bytes than those sent.
let h: SandboxHandle;

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway', ['verifies-php-escaped-body']);
});
afterAll(async () => {
  await h?.close();
});

test('a gateway verifying over PHP-escaped JSON fails V5-JWS-06 and V5-JWS-07 in v5.jws.exact-body-bytes', async () => {
  const checks = CHECKS['greenleaves-v5'].filter((c) => c.id === 'v5.jws.exact-body-bytes');
  const [r] = await runChecks(checks, subjectOf(h, 'gateway'), { seed: 3, plan: 'full', runs: 5 });
  const shown = JSON.stringify([r!.ruleOutcomes, r!.reason, r!.failures, r!.notes], null, 1);
  expect(r!.ruleOutcomes['V5-JWS-06'], shown).toBe('failed');
  expect(r!.ruleOutcomes['V5-JWS-07'], shown).toBe('failed');
  expect(shown).not.toMatch(/the content, not its bytes, is refused/);
});
