import { randomUUID } from 'node:crypto';
import type { Label, StepResult, TestResult } from 'allure-js-commons';

// A check is one vitest test, and Allure groups a test under each of its story labels (one per rule
// it cites). Its status is the check's: a check that failed GL-ERR-01 showed red under GL-SIG-04 too,
// which it had passed. So each rule becomes a result of its own, under its own story, with the
// status and message of that rule's step (src/harness/vitest.ts logs one per rule: "ID: verdict").

const RULE_STEP = /^([A-Z0-9]+(?:-[A-Z0-9]+)+): (passed|failed|warning|inconclusive|skipped)$/;

/** The results to write for `result`: one per rule step, or `result` itself when it has none. */
export function perRule(result: TestResult): TestResult[] {
  const steps = result.steps ?? [];
  const ruleSteps = steps.flatMap((s) => {
    const m = RULE_STEP.exec(s.name ?? '');
    return m ? [{ step: s, rule: m[1]!, verdict: m[2]! }] : [];
  });
  if (ruleSteps.length === 0) return [result];
  const rules = new Set(ruleSteps.map((r) => r.rule));
  const others: StepResult[] = steps.filter((s) => !RULE_STEP.test(s.name ?? ''));
  return ruleSteps.map(({ step, rule, verdict }) => {
    const labels: Label[] = (result.labels ?? []).filter(
      (l) => !((l.name === 'story' || l.name === 'rule') && rules.has(l.value) && l.value !== rule),
    );
    // the level labels follow their rules in order: keep the one after this rule's "rule" label
    const levels = levelOf(result.labels ?? [], rule);
    const kept = labels.filter((l) => l.name !== 'level').concat(levels ? [{ name: 'level', value: levels }] : []);
    if (verdict === 'warning') kept.push({ name: 'tag', value: 'warning' });
    return {
      ...result,
      uuid: randomUUID(),
      name: `${rule} · ${result.name}`,
      historyId: result.historyId && `${result.historyId}#${rule}`,
      testCaseId: result.testCaseId && `${result.testCaseId}#${rule}`,
      status: step.status,
      // the rule's own message (its failures, or why it was not judged), not the whole check's and its
      // stack trace through paycert's test wiring
      statusDetails: step.statusDetails?.message ? { message: step.statusDetails.message } : {},
      labels: kept,
      steps: [step, ...others],
    };
  });
}

/** The value of the "level" label that follows `rule`'s "rule" label (vitest.ts writes them in pairs). */
function levelOf(labels: Label[], rule: string): string | undefined {
  const i = labels.findIndex((l) => l.name === 'rule' && l.value === rule);
  const next = i >= 0 ? labels[i + 1] : undefined;
  return next?.name === 'level' ? next.value : undefined;
}
