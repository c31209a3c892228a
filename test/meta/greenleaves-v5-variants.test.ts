import { describe, expect, test } from 'vitest';
import { toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';
import { GREENLEAVES_V5_VARIANTS } from '../../src/sandbox/greenleaves-v5/defects.ts';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { signedUriPreflight } from '../../src/cli/preflight.ts';
import { realOnlyRules } from '../../src/spec/load.ts';
import { SEED } from '../seed.ts';

/** Served under a path prefix: judged as `paycert run` judges them, after the pre-flight that finds
 *  which JWS uri the gateway takes (the API path, or the full path called: seed 000 allows both). */
const PREFIXED: Record<string, string> = { 'behind-prefix': '', 'behind-prefix-full-path': '/sandbox/api' };

toleranceMetaTests(
  'greenleaves-v5',
  'gateway',
  checks,
  GREENLEAVES_V5_VARIANTS.filter((v) => !(v.id in PREFIXED)),
);

describe('greenleaves-v5 gateway behind a path prefix: the run signs the uri the pre-flight found', () => {
  const realOnly = realOnlyRules('greenleaves-v5');
  test.concurrent.each(Object.entries(PREFIXED))('%s', async (id, prefix) => {
    const h = await startReference('greenleaves-v5', 'gateway', [], [id]);
    try {
      const subject = realSubjectOf(h, 'gateway');
      expect(new URL(subject.baseUrl).pathname).toBe('/sandbox/api');
      await signedUriPreflight(subject);
      expect(subject.jwsUri?.prefix).toBe(prefix);
      const results = await runChecks(
        checks.filter((c) => c.subject === 'gateway'),
        subject,
        { seed: SEED, plan: 'full' },
      );
      const cert = profileCertificate(subject, results);
      expect(cert.target.jwsUri).toMatch(prefix ? /the full path called/ : /the API path/);
      const notPassed = cert.rules
        .filter((r) => r.verdict === 'failed' || r.verdict === 'inconclusive')
        .concat(cert.rules.filter((r) => r.verdict === 'warning' && !realOnly.has(r.id)))
        .map((r) => `${r.id} ${r.verdict}: ${r.reason}`);
      expect(notPassed).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
