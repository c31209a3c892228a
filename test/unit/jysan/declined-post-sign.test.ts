import { afterAll, expect, test } from 'vitest';
import { checkOnReference, closeReferences } from '../harness/judge-checks.ts';

// Probe 21: a server POST whose sign leaves an empty rrn out with its ';' passed JY-RED-07, which
// jy.backref.server-post judged on a paid order only (always with an rrn). A declined one shows it.
afterAll(closeReferences);

test("jy.backref.server-post fails JY-RED-07 on a declined payment's notification signed without its empty rrn", async () => {
  const r = await checkOnReference('jysan', ['backref-post-sign-skips-empty-rrn'], 'jy.backref.server-post');
  expect(r.ruleOutcomes['JY-RED-07'], r.why).toBe('failed');
  expect(r.failures.find((f) => f.rule === 'JY-RED-07')?.message, r.why).toMatch(
    /declined payment .*sign does not verify/,
  );
});
