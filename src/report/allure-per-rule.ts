import { randomUUID } from 'node:crypto';
import type { Label, StepResult, TestResult } from 'allure-js-commons';

// A check is one vitest test, and Allure groups a test under each of its story labels (one per rule
// it cites). Its status is the check's: a check that failed GL-ERR-01 showed red under GL-SIG-04 too,
// which it had passed, and green under a rule it never reached. So a check whose rules got different
// verdicts is written as one result per verdict, each under the stories of its rules only, with the
// status and messages of their steps (src/harness/vitest.ts logs one per rule: "ID: verdict"). One
// result per rule instead tripled the results of `npm start` and cost its report a third of a second.

const RULE_STEP = /^([A-Z0-9]+(?:-[A-Z0-9]+)+): (passed|failed|warning|inconclusive|skipped)$/;
const PER_RULE_LABELS = new Set(['story', 'rule', 'level']);

/** The results to write for `result`: one per verdict its rules got, or `result` when they got one. */
export function perRule(result: TestResult): TestResult[] {
  const steps = result.steps ?? [];
  const byVerdict = new Map<string, Array<{ step: StepResult; rule: string }>>();
  for (const step of steps) {
    const m = RULE_STEP.exec(step.name ?? '');
    if (m) byVerdict.set(m[2]!, [...(byVerdict.get(m[2]!) ?? []), { step, rule: m[1]! }]);
  }
  if (byVerdict.size <= 1) return [result];
  const labels = result.labels ?? [];
  const others = steps.filter((s) => !RULE_STEP.test(s.name ?? ''));
  return [...byVerdict].map(([verdict, group]) => {
    const rules = new Set(group.map((g) => g.rule));
    const messages = group.flatMap((g) =>
      g.step.statusDetails?.message ? [`${g.rule}: ${g.step.statusDetails.message}`] : [],
    );
    return {
      ...result,
      uuid: randomUUID(),
      name: `${result.name} [${[...rules].join(', ')}]`,
      historyId: result.historyId && `${result.historyId}#${verdict}`,
      testCaseId: result.testCaseId && `${result.testCaseId}#${verdict}`,
      status: group[0]!.step.status,
      // the rules' own messages (their failures, or why they were not judged), not the whole check's
      // and its stack trace through paycert's test wiring
      statusDetails: messages.length > 0 ? { message: messages.join('\n') } : {},
      labels: [
        ...labels.filter((l) => !PER_RULE_LABELS.has(l.name)),
        ...labels.filter((l, i) => PER_RULE_LABELS.has(l.name) && rules.has(ruleOf(labels, i))),
        ...(verdict === 'warning' ? [{ name: 'tag', value: 'warning' }] : []),
      ],
      steps: [...group.map((g) => g.step), ...others],
    };
  });
}

/** The rule a story, rule or level label belongs to: its own value, or for a level the rule label
 *  before it (vitest.ts writes "rule" and "level" in pairs). */
function ruleOf(labels: Label[], i: number): string {
  const l = labels[i]!;
  return l.name === 'level' ? (labels[i - 1]?.name === 'rule' ? labels[i - 1]!.value : '') : l.value;
}
