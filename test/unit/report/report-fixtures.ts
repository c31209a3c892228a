import type { RunConfig } from '../../../src/harness/run-config.ts';

/** The Jysan gateway reference as a run's configuration names it (nothing listens at its URL). */
export const jysanSubject = {
  profile: 'jysan',
  kind: 'gateway',
  target: 'reference',
  baseUrl: 'http://127.0.0.1:1',
  capabilities: [],
  limits: { timeoutMs: 1000, minIntervalMs: 0 },
  slow: true,
} as unknown as RunConfig['subjects'][number];

/** A Jysan gateway check's result, every rule of it with `outcome` (a failed one with a failure each). */
export const checkResult = (id: string, rules: string[] = ['JY-SIG-01'], outcome: 'passed' | 'failed' = 'passed') => ({
  id,
  title: id,
  profile: 'jysan',
  subject: 'gateway',
  area: 'signature',
  rules,
  outcome,
  ruleOutcomes: Object.fromEntries(rules.map((r) => [r, outcome])),
  failures: outcome === 'failed' ? rules.map((rule) => ({ rule, message: 'bad' })) : [],
  notes: [],
  properties: [],
  cases: 1,
  seed: 1,
  durationMs: 1,
});

/** What every check result carries besides its id, rules and verdicts: one case, no notes or evidence. */
export const resultBase = (profile: string, subject: string, area: string) => ({
  title: 't',
  profile,
  subject,
  area,
  failures: [] as Array<{ rule: string; message: string }>,
  notes: [],
  properties: [],
  cases: 1,
  seed: 1,
  durationMs: 1,
  evidence: [],
});
