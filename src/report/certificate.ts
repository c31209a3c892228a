import type { ProfileId } from '../spec/paths.ts';
import type { Level, Rule } from '../spec/load.ts';
import { loadRules } from '../spec/load.ts';
import type { CheckResult } from '../harness/runner.ts';
import type { Subject, TargetKind } from '../harness/subject.ts';
import { worst, type Outcome } from '../harness/outcome.ts';

export type Verdict = 'passed' | 'failed' | 'warning' | 'inconclusive' | 'skipped';

export interface RuleVerdict {
  id: string;
  level: Level;
  area: string;
  statement: string;
  verdict: Verdict;
  tests: string[];
  reason: string;
}

export interface ProfileCertificate {
  profile: ProfileId;
  subject: string;
  target: { kind: TargetKind; origin: string; implementation?: string; defects?: string[] };
  summary: Record<Verdict, number> & { rules: number; checks: number; cases: number };
  rules: RuleVerdict[];
}

export interface Certificate {
  tool: { name: 'paycert'; version: string };
  complete: boolean;
  seed: number;
  plan: string;
  startedAt: string;
  finishedAt?: string;
  verdict: 'passed' | 'failed' | 'inconclusive' | 'partial';
  profiles: ProfileCertificate[];
}

/** A failed INFERRED rule is a warning against a real test domain, a failure against a reference. */
export function verdictFor(outcome: Outcome, level: Level, target: TargetKind): Verdict {
  if (outcome === 'failed' && level !== 'MUST' && target === 'real') return 'warning';
  return outcome;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export function profileCertificate(subject: Subject, results: CheckResult[]): ProfileCertificate {
  const rules = loadRules(subject.profile).rules.filter((r: Rule) => r.subject === subject.kind);
  const mine = results.filter((r) => r.profile === subject.profile && r.subject === subject.kind);
  const verdicts: RuleVerdict[] = rules.map((rule) => {
    const behind = mine.filter((c) => c.rules.includes(rule.id));
    const outcome = worst(behind.map((c) => c.ruleOutcomes[rule.id] ?? 'skipped')) ?? 'skipped';
    const verdict = verdictFor(outcome, rule.level, subject.target);
    return { id: rule.id, level: rule.level, area: rule.area, statement: rule.statement, verdict, tests: behind.map((c) => c.id), reason: reasonFor(rule.id, outcome, behind) };
  });
  const summary = { passed: 0, failed: 0, warning: 0, inconclusive: 0, skipped: 0, rules: verdicts.length, checks: mine.length, cases: mine.reduce((n, c) => n + c.cases, 0) };
  for (const v of verdicts) summary[v.verdict]++;
  return {
    profile: subject.profile,
    subject: subject.kind,
    target: { kind: subject.target, origin: origin(subject.baseUrl), implementation: subject.info?.implementation, defects: subject.info?.defects },
    summary,
    rules: verdicts,
  };
}

function reasonFor(rule: string, outcome: Outcome, behind: CheckResult[]): string {
  if (behind.length === 0) return 'no check ran for this rule in this run';
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 400);
  if (outcome === 'failed') {
    const f = behind.flatMap((c) => c.failures.filter((x) => x.rule === rule).map((x) => `${c.id}: ${x.message}`))[0];
    return oneLine(f ?? 'failed');
  }
  const pick = behind.find((c) => c.ruleOutcomes[rule] === outcome);
  if (outcome === 'passed') return `${behind.filter((c) => c.ruleOutcomes[rule] === 'passed').length} check(s) passed`;
  return oneLine(`${pick?.id ?? ''}: ${pick?.reason ?? outcome}`);
}

export function overall(profiles: ProfileCertificate[], complete: boolean): Certificate['verdict'] {
  if (!complete) return 'partial';
  if (profiles.some((p) => p.summary.failed > 0)) return 'failed';
  if (profiles.some((p) => p.summary.passed === 0 && p.summary.inconclusive > 0)) return 'inconclusive';
  return 'passed';
}
