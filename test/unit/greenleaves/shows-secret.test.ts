// A gateway whose error reply to a badly signed request shows the merchant's secret_key, or the pg_sig
// the request should have carried, passed every rule: whoever reads that reply can sign any request
// (GL-SIG-17, INFERRED, as JY-SIG-17). Judged over the replies the signature checks already get.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { checks } from '../../../suites/greenleaves/index.ts';
import { sign } from '../../../src/protocols/greenleaves/index.ts';
import { checkOnReference, closeReferences, judgeChecks, withEnv } from '../harness/judge-checks.ts';

afterAll(closeReferences);

const run = (defects: string[], id: string) => checkOnReference('greenleaves', defects, id, 5);

const CHECKS = ['gl.sig.tamper-any-field', 'gl.sig.exact-lowercase', 'gl.sig.replies-signed'];

test.each(['error-reply-shows-secret', 'error-reply-shows-expected-sig'])(
  'a gateway whose 1100 reply shows what signs any request fails GL-SIG-17, and nothing else (%s)',
  async (defect) => {
    for (const id of CHECKS) {
      const r = await run([defect], id);
      expect(r.ruleOutcomes['GL-SIG-17'], r.why).toBe('failed');
      expect(
        r.failures.filter((f) => f.rule !== 'GL-SIG-17'),
        r.why,
      ).toEqual([]);
      // the reason does not name the secret (the harness quotes the request sent, its own pg_sig)
      expect(r.why).not.toMatch(/s3cr3tKey/i);
    }
  },
);

test('the clean reference passes GL-SIG-17 in each check citing it', async () => {
  const citing = checks.filter((c) => c.rules.includes('GL-SIG-17')).map((c) => c.id);
  expect(citing).toEqual(expect.arrayContaining(CHECKS));
  for (const id of citing) {
    const r = await run([], id);
    expect(r.ruleOutcomes['GL-SIG-17'], r.why).toBe('passed');
  }
});

test("the right pg_sig is the profile's one signer over the fields as sent, with the called script name", () => {
  // a guard of the helper's premise: sign() leaves pg_sig out, so a message signs the same with or without it
  const m = { pg_merchant_id: '1', pg_amount: '5', pg_salt: 'x' };
  expect(sign('payment_page', { ...m, pg_sig: 'f'.repeat(32) }, 'k')).toBe(sign('payment_page', m, 'k'));
});

test("a gateway knowing the merchant by another key than paycert's is not passed on GL-SIG-17: it could not show paycert's", async () => {
  const h = await startReference('greenleaves', 'gateway');
  const { verdicts, shown } = await withEnv('PAYCERT_GREENLEAVES_SECRET_KEY', 'not-the-key-it-knows', () =>
    judgeChecks('greenleaves', ['gl.sig.replies-signed'], subjectOf(h, 'gateway')),
  ).finally(() => h.close());
  expect(verdicts.passed ?? [], shown).not.toContain('gl.sig.replies-signed GL-SIG-17');
  expect(verdicts.inconclusive ?? [], shown).toContain('gl.sig.replies-signed GL-SIG-17');
});
