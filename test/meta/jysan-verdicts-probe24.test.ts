// Probe 24 (a Jysan gateway in Perl, BUG=no-server-post): a gateway that sends the result without
// redirect=true only through the payer's browser warned JY-RED-05, and jy.backref.error-post, which
// cannot judge a refusal's POST where no result is ever POSTed, left JY-PAY-23 and JY-ENC-02 (passed by
// a dozen other checks) inconclusive. Its stop names JY-RED-05 now (t.inconclusive's `after`): those
// rules are passed partly, the rules no other check judged stay inconclusive, and JY-RED-08 is judged
// on the redirect that did reach BACKREF.
import { describe, expect, test } from 'vitest';
import { checks } from '../../suites/jysan/index.ts';
import { startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { SEED } from '../seed.ts';

const IDS = ['jy.backref.server-post', 'jy.backref.error-post', 'jy.flow.card-data'];

async function judge(target: 'reference' | 'real') {
  const h = await startReference('jysan', 'gateway', ['backref-redirect-only']);
  try {
    // as a real target that offers the bank's public key (the reference's, through its control API)
    const subject = { ...subjectOf(h, 'gateway'), target };
    const results = await runChecks(
      checks.filter((c) => IDS.includes(c.id)),
      subject,
      { seed: SEED, plan: 'full', runs: 3 },
    );
    const cert = profileCertificate(subject, results);
    const rule = (id: string) => cert.rules.find((r) => r.id === id)!;
    return { rule, results };
  } finally {
    await h.close();
  }
}

describe.each(['reference', 'real'] as const)('backref-redirect-only judged as a %s target', (target) => {
  test('rules error-post could not judge past JY-RED-05 are passed partly where another check passed them', async () => {
    const { rule, results } = await judge(target);
    expect(rule('JY-RED-05').verdict).toBe(target === 'real' ? 'warning' : 'failed');
    const errorPost = results.find((r) => r.id === 'jy.backref.error-post')!;
    expect(errorPost.outcome, errorPost.reason).toBe('inconclusive');
    for (const id of ['JY-PAY-23', 'JY-ENC-02']) {
      expect([id, rule(id).verdict], rule(id).reason).toEqual([id, 'passed']);
      expect(rule(id).partly).toContain('jy.backref.error-post');
      expect(rule(id).reason).toMatch(/no result of a paid order reaches BACKREF by server POST either \(JY-RED-05\)/);
    }
    // no other check judges JY-RED-04 or JY-RED-07: undecided
    expect(rule('JY-RED-04').verdict).toBe('inconclusive');
    expect(rule('JY-RED-07').verdict).toBe('inconclusive');
    // JY-RED-08 on the redirect that reached BACKREF; JY-RED-06 (the server POST's fields) not there
    expect(rule('JY-RED-08').verdict, rule('JY-RED-08').reason).toBe('passed');
    const serverPost = results.find((r) => r.id === 'jy.backref.server-post')!;
    expect(serverPost.ruleOutcomes['JY-RED-06']).toBe('skipped');
    expect(serverPost.ruleReasons?.['JY-RED-06']).toMatch(/no server POST reached BACKREF \(JY-RED-05\)/);
  });
});
