// review (a verifier, probe 22's Java gateway BUG=leak_expected_sign): the code-21 <description> of a
// badly signed cancel or confirm showed the P_SIGN the request should have carried, and paycert judged
// only JY-ERR-01 there: JY-SIG-17 was never judged on those replies, and the right P_SIGN stood whole in
// the evidence, certificate.html and Allure. Those replies now go through leakIn (suites/no-leak.ts):
// JY-SIG-17 fails, and the value is registered with the redactor, shortened in every output.
import { afterAll, expect, test } from 'vitest';
import { redactText } from '../../../src/harness/redact.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { checks } from '../../../suites/jysan/index.ts';
import { checkOnReference, closeReferences } from '../harness/judge-checks.ts';

const handles: Array<{ close: () => unknown }> = [];
afterAll(async () => {
  for (const h of handles) await h.close();
  await closeReferences();
});

test.each(['jy.sig.cancel-forged', 'jy.sig.confirm-forged'])(
  '%s: the right P_SIGN in a code-21 <description> fails JY-SIG-17 and is shortened in the outputs',
  async (id) => {
    const h = await startReference('jysan', 'gateway', ['error-message-shows-expected-sign']);
    handles.push(h);
    const r = await runCheck(
      checks.find((c) => c.id === id)!,
      subjectOf(h, 'gateway'),
      { seed: 1, plan: 'full' },
    );
    expect(r.ruleOutcomes['JY-SIG-17'], JSON.stringify(r.ruleReasons)).toBe('failed');
    const bodies = r.evidence.map((e) => e.responseBody ?? '').filter((b) => b.includes('(expected '));
    expect(bodies.length).toBeGreaterThan(0);
    // the evidence as written (redacted as it is read), and the text again through the redactor
    for (const b of bodies) {
      expect(b).not.toMatch(/[0-9a-f]{64}/);
      expect(redactText(b)).not.toMatch(/[0-9a-f]{64}/);
    }
  },
);

test('a conformant gateway passes JY-SIG-17 on the forged cancel and confirm', async () => {
  for (const id of ['jy.sig.cancel-forged', 'jy.sig.confirm-forged']) {
    const r = await checkOnReference('jysan', [], id);
    expect(r.ruleOutcomes['JY-SIG-17'], r.why).toBe('passed');
  }
});
