import { expect, test } from 'vitest';
import { buildCertificate } from '../../../src/report/write.ts';
import { checkResult, jysanSubject } from './report-fixtures.ts';

// README "Partial runs": a partial run prefixes verdictReason with "partial run (…)". Only a passed
// one did: a failed smoke run's reason read like a full run's.

const subject = jysanSubject;

const result = (outcome: 'passed' | 'failed') => checkResult('a', ['JY-SIG-01'], outcome);

test.each([
  ['passed', 'passed', 'no rule failed'],
  ['failed', 'failed', '1 rule(s) failed'],
] as const)('a partial run that %s says it was partial', (outcome, verdict, reason) => {
  const cert = buildCertificate({ seed: 1, plan: 'smoke', subjects: [subject] }, [result(outcome)] as never, '', true);
  expect(cert.verdict).toBe(verdict);
  expect(cert.verdictReason).toBe(`partial run (only the checks selected by --plan smoke): ${reason}`);
});
