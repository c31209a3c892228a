// A gateway whose refusal of a badly signed request shows the merchant's secret_key, or the signature the
// request should have carried, passed every rule: whoever reads that reply can sign any request
// (V5-JWS-15, INFERRED, as JY-SIG-17). Judged over the replies the jws checks already get.
import { afterAll, expect, test } from 'vitest';
import { checks } from '../../../suites/greenleaves-v5/index.ts';
import { checkOnReference, closeReferences } from '../harness/judge-checks.ts';

afterAll(closeReferences);

const run = (defects: string[], id: string) => checkOnReference('greenleaves-v5', defects, id, 5);

const CHECKS = ['v5.jws.accepted', 'v5.jws.body-tamper', 'v5.jws.signature-first'];

test.each(['error-shows-secret', 'error-shows-expected-signature'])(
  'a gateway whose 1001 refusal shows what signs any request fails V5-JWS-15, and nothing else (%s)',
  async (defect) => {
    for (const id of CHECKS) {
      const r = await run([defect], id);
      expect(r.ruleOutcomes['V5-JWS-15'], r.why).toBe('failed');
      expect(
        r.failures.filter((f) => f.rule !== 'V5-JWS-15'),
        r.why,
      ).toEqual([]);
      // the reason does not name the secret
      expect(r.why).not.toMatch(/v5-sandbox-secret-key/i);
    }
  },
);

test('the clean reference passes V5-JWS-15 in each check citing it', async () => {
  const citing = checks.filter((c) => c.rules.includes('V5-JWS-15')).map((c) => c.id);
  expect(citing).toEqual(expect.arrayContaining(CHECKS));
  for (const id of citing) {
    const r = await run([], id);
    expect(r.ruleOutcomes['V5-JWS-15'], r.why).toBe('passed');
  }
});
