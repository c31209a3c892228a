import { expect, test } from 'vitest';
import { buildCertificate } from '../../../src/report/write.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';

// README "Partial runs": a partial run prefixes verdictReason with "partial run (…)". Only a passed
// one did: a failed smoke run's reason read like a full run's.

const subject = {
  profile: 'jysan',
  kind: 'gateway',
  target: 'reference',
  baseUrl: 'http://127.0.0.1:1',
  capabilities: [],
  limits: { timeoutMs: 1000, minIntervalMs: 0 },
  slow: true,
} as unknown as RunConfig['subjects'][number];

const result = (outcome: 'passed' | 'failed') => ({
  id: 'a',
  title: 'a',
  profile: 'jysan',
  subject: 'gateway',
  area: 'signature',
  rules: ['JY-SIG-01'],
  outcome,
  ruleOutcomes: { 'JY-SIG-01': outcome },
  failures: outcome === 'failed' ? [{ rule: 'JY-SIG-01', message: 'bad' }] : [],
  notes: [],
  properties: [],
  cases: 1,
  seed: 1,
  durationMs: 1,
});

test.each([
  ['passed', 'passed', 'no rule failed'],
  ['failed', 'failed', '1 rule(s) failed'],
] as const)('a partial run that %s says it was partial', (outcome, verdict, reason) => {
  const cert = buildCertificate({ seed: 1, plan: 'smoke', subjects: [subject] }, [result(outcome)] as never, '', true);
  expect(cert.verdict).toBe(verdict);
  expect(cert.verdictReason).toBe(`partial run (only the checks selected by --plan smoke): ${reason}`);
});
