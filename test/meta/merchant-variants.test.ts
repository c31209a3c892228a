// The merchant rules are mostly INFERRED, and a real target only warns on those: the tolerance
// meta-tests alone would let a check that accuses a variant slip through. Here every variant is
// judged as the reference is (every level counts) and must pass every rule, none inconclusive.
import { expect, test } from 'vitest';
import type { Check } from '../../src/harness/check.ts';
import { startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { PROFILES, type ProfileId } from '../../src/spec/paths.ts';
import { MERCHANTS } from '../../src/merchant/registry.ts';
import { CHECKS } from '../../suites/registry.ts';
import { realOnlyRules } from '../../src/spec/load.ts';
import { SEED } from '../seed.ts';

const cases: Array<readonly [ProfileId, string, Check[]]> = PROFILES.flatMap((p) =>
  (MERCHANTS[p]?.variants ?? []).map((v) => [p, v.id, CHECKS[p] as Check[]] as const),
);

test.each(cases)('%s merchant variant %s passes every rule, judged as the reference', async (profile, id, all) => {
  const h = await startReference(profile, 'merchant', [], [id]);
  try {
    const subject = subjectOf(h, 'merchant');
    const results = await runChecks(
      all.filter((c) => c.subject === 'merchant'),
      subject,
      { seed: SEED, plan: 'full', runs: 5 },
    );
    const cert = profileCertificate(subject, results);
    // a rule judged only against real targets is skipped against a reference (rules.json realOnly)
    const realOnly = realOnlyRules(profile);
    const judged = cert.rules.filter((r) => !(r.verdict === 'skipped' && realOnly.has(r.id)));
    expect(judged.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
  } finally {
    await h.close();
  }
});
