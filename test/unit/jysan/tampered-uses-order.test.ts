import { afterAll, expect, test } from 'vitest';
import { checkOnReference, closeReferences } from '../harness/judge-checks.ts';

// Probe 22: a gateway registering the ORDER before it verifies the P_SIGN answered a tampered copy 21
// but used its ORDER up, and the next tampered copy 18; JY-ERR-09 said only "CURRENCY changed after
// signing: code 18, want 21". The reason now names the cause: an earlier copy refused as badly signed
// used the ORDER up (an effect of a refused request, JY-ERR-09's; JY-SIG-07 asks for the refusal).
afterAll(closeReferences);

test('a badly signed request using its ORDER up: JY-ERR-09 failed, naming the earlier refused copy', async () => {
  const r = await checkOnReference('jysan', ['bad-signature-uses-order'], 'jy.sig.tampered');
  expect(r.ruleOutcomes['JY-ERR-09'], r.why).toBe('failed');
  expect(r.ruleOutcomes['JY-SIG-07'], r.why).toBe('passed');
  expect(r.failures.find((f) => f.rule === 'JY-ERR-09')?.message, r.why).toMatch(
    /code 18 .*an earlier copy of this request, refused as badly signed \(21\), used its ORDER [0-9]+ up/,
  );
});
