/** What a check, or one rule within it, came to. */
export type Outcome = 'passed' | 'failed' | 'inconclusive' | 'skipped';

/** The subject could not be judged: transport trouble, 5xx, rate limit. Never a failure. */
export class Inconclusive extends Error {
  override name = 'Inconclusive';
  /** `after`: the rule, judged in another check, whose departure left nothing to judge here (CheckContext.inconclusive) */
  constructor(
    message: string,
    readonly after?: string,
  ) {
    super(message);
  }
}

/** The check does not apply to this subject (missing capability, not in plan, slow). */
export class SkipCheck extends Error {
  override name = 'SkipCheck';
}

/** A rule-tagged assertion that did not hold. */
export class RuleFailure extends Error {
  override name = 'RuleFailure';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Worst first: a rule's verdict is the worst outcome any check gave it. */
const ORDER: Outcome[] = ['failed', 'inconclusive', 'passed', 'skipped'];

export function worst(outcomes: Iterable<Outcome>): Outcome | undefined {
  let best: Outcome | undefined;
  for (const o of outcomes) if (best === undefined || ORDER.indexOf(o) < ORDER.indexOf(best)) best = o;
  return best;
}
