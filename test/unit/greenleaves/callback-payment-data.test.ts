// Found by the PHP g2g probe (/tmp/probe-g2ggw-php, bugs cb_amount_wrong and cyr_lost_cb): a result_url
// call with pg_amount=482.5 for a payment of 500, or with pg_description mangled to ISO-8859-1 "?" and
// signed so, passed every callback rule: nothing compared the call with the payment, and every callback
// check paid with an ASCII description. GL-CB-18 (INFERRED): the call carries the payment's own data.
import { afterAll, expect, test } from 'vitest';
import { checkOnReference, closeReferences } from '../harness/judge-checks.ts';

afterAll(closeReferences);

const run = (defects: string[]) => checkOnReference('greenleaves', defects, 'gl.cb.result-call');

test.each([
  [
    'callback-amount-less-fee',
    /^pg_amount="482.98" in the result_url call, the payment sent "500.50"$/,
    [] as string[],
  ],
  // probe23 (BUG=cb_amount_int): the tiyn dropped; the check pays 500.50 so that it shows
  ['callback-amount-whole', /^pg_amount="500" in the result_url call, the payment sent "500.50"$/, []],
  // "?" is outside the charset the documents advise for a description, which is advice to the merchant's
  // request, not a format of the call (x-ours in result-callback): GL-CB-02 (MUST) passes
  ['callback-description-latin1', /^pg_description="\?+ \? \?+ \?+ Site.kz" in the result_url call/, []],
])('%s fails GL-CB-18 (and what else it names)', async (defect, why, also) => {
  const r = await run([defect]);
  expect(r.ruleOutcomes['GL-CB-18'], r.why).toBe('failed');
  expect(r.failures.find((f) => f.rule === 'GL-CB-18')?.message, r.why).toMatch(why);
  for (const [rule, o] of Object.entries(r.ruleOutcomes))
    if (rule !== 'GL-CB-18') expect(o, `${rule} ${r.why}`).toBe(also.includes(rule) ? 'failed' : 'passed');
});

test('the clean reference passes GL-CB-18', async () => {
  const r = await run([]);
  expect(r.ruleOutcomes['GL-CB-18'], r.why).toBe('passed');
});
