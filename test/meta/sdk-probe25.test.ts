import { afterAll, expect, test } from 'vitest';
import { certify } from './support.ts';
import { CHECKS } from '../../suites/registry.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';
import { PROFILES, type ProfileId } from '../../src/spec/paths.ts';
import { ANSWER_RULES } from '../../suites/sdk-support.ts';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { SEED } from '../seed.ts';

afterAll(() => closeAdapters());

const notPassed = async (profile: ProfileId, defects: string[]) => {
  const { cert } = await certify(profile, 'sdk', CHECKS[profile], defects, 5);
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  const not = cert.rules.filter((r) => r.verdict !== 'passed' && r.verdict !== 'skipped');
  return { cert, shown, not: not.map((r) => `${r.id} ${r.verdict}`) };
};

// Probe 25's Go SDK (leak_secret_err): it resent a create answered 502 (as V5-SDK-03 recommends) and got
// paycert's own reply, the 502 being one-shot, so the error its 5xx path ends in (`auth <id>:<secret>`) was
// never reached and V5-SDK-20, -05 and -22 passed in full. The 5xx is now given to the resends too.
test('greenleaves-v5 resends-5xx-secret-in-error: V5-SDK-20 alone fails', async () => {
  const { not, shown, cert } = await notPassed('greenleaves-v5', ['resends-5xx-secret-in-error']);
  expect(not, shown).toEqual(['V5-SDK-20 failed']);
  expect(cert.rules.find((r) => r.id === 'V5-SDK-20')!.reason, shown).toMatch(/secret key \(error\.message\)/);
}, 300_000);

// the variant that resends without leaking (sdk-variants.test.ts judges it passes): its 5xx error paths are
// reached now, so V5-SDK-05 and -20 are judged in full, not partly
test('greenleaves-v5 resends-after-5xx (allowed): V5-SDK-05 and -20 pass in full', async () => {
  const h = await startReference('greenleaves-v5', 'sdk', [], ['resends-after-5xx']);
  try {
    const subject = realSubjectOf(h, 'sdk');
    const results = await runChecks(
      CHECKS['greenleaves-v5'].filter((c) => ['v5.sdk.refusals', 'v5.sdk.secret-in-answers'].includes(c.id)),
      subject,
      { seed: SEED, plan: 'full' },
    );
    const shown = results
      .map((r) => `${r.id} ${r.outcome} ${JSON.stringify(r.partly ?? {})} ${r.reason ?? ''}`)
      .join('\n');
    for (const r of results) {
      expect(r.outcome, shown).toBe('passed');
      expect(r.partly ?? {}, shown).toEqual({});
    }
  } finally {
    await h.close();
  }
}, 300_000);

// Probe 25's Go SDK (leak_secret_bytes): `fmt.Errorf("client %+v: %w", c, err)` shows a []byte key as its
// decimal bytes; the answer rule passed, and the list reached results.ndjson whole.
test.each(PROFILES.map((p) => [p]))(
  '%s secret-bytes-in-errors: the answer rule alone fails, the reason shows no byte of the key',
  async (profile) => {
    const { not, shown, cert } = await notPassed(profile, ['secret-bytes-in-errors']);
    const rule = ANSWER_RULES[profile as keyof typeof ANSWER_RULES].rule;
    expect(not, shown).toEqual([`${rule} failed`]);
    expect(cert.rules.find((r) => r.id === rule)!.reason, shown).toMatch(/as a list of its bytes/);
    expect(JSON.stringify(cert), shown).not.toMatch(/secretKey:\[[0-9]+ [0-9]+/);
  },
  300_000,
);
