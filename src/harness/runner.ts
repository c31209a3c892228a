import './stack-guard.ts';
import './orphan-guard.ts';
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import {
  CheckContext,
  ReplayMismatch,
  parseReplay,
  type Check,
  type Failure,
  type Plan,
  type PropertyReport,
} from './check.ts';
import type { Exchange } from './evidence.ts';
import { HttpClient } from './http.ts';
import { Inconclusive, RuleFailure, SkipCheck, type Outcome } from './outcome.ts';
import { redactText } from './redact.ts';
import { visibleText } from './visible.ts';
import { ruleIndex } from '../spec/load.ts';
import { FAILED_RULE } from '../report/verdict.ts';
import { has, type Subject } from './subject.ts';
import { FormError } from '../protocols/common/form.ts';

export interface RunOptions {
  seed: number;
  plan: Plan;
  /** property runs per check; default: the subject's limit for its target kind */
  runs?: number;
  dispatcher?: Dispatcher;
  /** `--replay k:path` (a single-check run) */
  replay?: string;
  /** the command line that selects this subject (see replayCommand); default `npx paycert run --profile P --subject S` */
  replayBase?: string;
  /** stop waiting for the check after this long: it ends inconclusive with the reason, never skipped */
  budgetMs?: number;
  /** walk enumerations in full before the random cases (default: CheckContext.exhaustive); false
   *  only samples them. The meta-tests' exactness runs (does a defect fail a rule it does not name?)
   *  sample in the checks that do not cite the defect's rules: walking every violation kind of every
   *  request for every defect was most of their time. */
  enumerate?: boolean;
}

/** How long a check may take: a slow check against a real target waits for schedules of hours
 *  (the 30-minute retries over 2 hours), and so, with --slow, does a check waiting for the subject's
 *  calls (one not come within the usual wait is waited for through the retry schedule before it is
 *  called absent: GL-CB-01); any other check against a real target 20 minutes (a field
 *  check sends every violation kind once, 1.5 s apart: about 70 requests for a g2g payment, each
 *  allowed 30 s); against a reference a few minutes. */
export function checkBudgetMs(check: Check, subject: Subject): number {
  if (subject.target === 'reference') return 170_000;
  const hours = check.slow || (subject.slow && (check.needs ?? []).includes('callbacks'));
  return hours ? 2.5 * 3600_000 : 20 * 60_000;
}

export interface CheckResult {
  id: string;
  title: string;
  profile: string;
  subject: string;
  area: string;
  rules: string[];
  outcome: Outcome;
  ruleOutcomes: Record<string, Outcome>;
  /** why a rule's outcome differs from the check's (e.g. the check never reached its assertion) */
  ruleReasons?: Record<string, string>;
  /** rules passed on part of what the check set out to judge them on, with why (CheckContext.judgedInPart) */
  partly?: Record<string, string>;
  /** rules left inconclusive because the check stopped at a warning's hard assertion (an INFERRED or
   *  SHOULD rule a real target broke, which the seed allows), or could not judge them because such a rule
   *  of another check warned (t.inconclusive's `after`): another check's pass of them stands, marked
   *  partly (certificate.ts) */
  pastWarning?: string[];
  /** rules the check never reached after it had failed another rule (and gone on, or stopped at it), or
   *  could not judge because a rule of another check failed (t.inconclusive's `after`): inconclusive, and
   *  beside another check's pass of them, that pass stands marked partly (certificate.ts) */
  notReached?: string[];
  /** the rule of another check whose departure the check could not judge past (t.inconclusive's `after`):
   *  its pastWarning/notReached stand only where that rule failed or warned in the run (certificate.ts) */
  after?: string;
  failures: Failure[];
  reason?: string;
  notes: string[];
  properties: PropertyReport[];
  cases: number;
  seed: number;
  durationMs: number;
  evidence: Exchange[];
  /** for a check that did not pass: the one command that runs it again with the same seed */
  replay?: string;
  /** a --replay that named no case of the check (its reason too): the run ends with this usage error */
  usage?: string;
}

/** A stable per-check seed: the first four bytes of sha256("<run seed>:<check id>") as a signed
 *  32-bit integer, so `--seed <run seed> --check <id>` replays one check alone with the same values.
 *  The k-th property of a check (from 0) uses (checkSeed + k × 7919) | 0. */
export function checkSeed(runSeed: number, id: string): number {
  return createHash('sha256').update(`${runSeed}:${id}`).digest().readInt32BE(0);
}

/** Why a check does not run against this subject in this plan, if it does not. */
export function skipReason(check: Check, subject: Subject, plan: Plan): string | undefined {
  if (!(check.plans ?? ['full']).includes(plan)) return `not in the ${plan} plan`;
  if (check.subject !== subject.kind) return `for the ${check.subject} subject`;
  for (const c of check.needs ?? []) if (!has(subject, c)) return `needs the subject capability '${c}'`;
  if (check.slow && subject.target === 'real' && !subject.slow) return 'slow (hours of real time): run with --slow';
  return undefined;
}

let sharedAgent: Dispatcher | undefined;

export async function runCheck(check: Check, subject: Subject, opts: RunOptions): Promise<CheckResult> {
  const seed = checkSeed(opts.seed, check.id);
  const started = Date.now();
  const base = {
    id: check.id,
    title: check.title,
    profile: check.profile,
    subject: check.subject,
    area: check.area,
    // a rule cited only for what arrives is the check's once something of it was judged (below)
    rules: check.rules.filter((r) => !check.arrivalRules?.includes(r)),
    seed,
  };
  const pre = skipReason(check, subject, opts.plan);
  if (pre) {
    return {
      ...base,
      outcome: 'skipped',
      ruleOutcomes: fill(base.rules, 'skipped'),
      failures: [],
      reason: pre,
      notes: [],
      properties: [],
      cases: 0,
      durationMs: 0,
      evidence: [],
    };
  }
  // the target's certificate not accepted: nothing but that certificate can be judged (JY-MRD-09)
  if (subject.untrusted !== undefined && !check.judgesTls) {
    return {
      ...base,
      outcome: 'inconclusive',
      ruleOutcomes: fill(base.rules, 'inconclusive'),
      failures: [],
      reason: `not judged: the target cannot be reached over a trusted connection, its TLS certificate not accepted (${subject.untrusted}; JY-MRD-09 judges it)`,
      notes: [],
      properties: [],
      cases: 0,
      durationMs: 0,
      evidence: [],
    };
  }
  const dispatcher = opts.dispatcher ?? (sharedAgent ??= HttpClient.agent());
  const t = new CheckContext(
    check,
    subject,
    seed,
    opts.runs ?? subject.limits.numRuns,
    dispatcher,
    opts.replay,
    opts.plan,
    opts.enumerate,
  );
  let outcome: Outcome = 'passed';
  let reason: string | undefined;
  /** the rule whose failure ended the check (a hard assertion) */
  let aborted: string | undefined;
  /** the rule, judged in another check, whose departure left this check nothing to judge (t.inconclusive's `after`) */
  let after: string | undefined;
  let usage: string | undefined;
  try {
    await withBudget(check.run(t), opts.budgetMs, check.id);
    usage = replayUnused(opts.replay, t.properties.length, check.id);
    if (usage) throw new ReplayMismatch(usage);
  } catch (e) {
    if (e instanceof ReplayMismatch) usage = e.message;
    if (e instanceof RuleFailure) {
      t.failures.push({ rule: e.rule, message: redactText(e.message) });
      aborted = e.rule;
    } else if (e instanceof Inconclusive) {
      outcome = 'inconclusive';
      reason = redactText(e.message);
      after = e.after;
    } else if (e instanceof SkipCheck) {
      outcome = 'skipped';
      // redacted as every other reason: a skip may quote the subject's own words (probe 25: V5-SDK-03's
      // "the SDK resent no request…" quoted an SDK error holding its key as bytes, into results.ndjson)
      reason = redactText(e.message);
    } else if (e instanceof FormError) {
      // the form parsers read what a subject sent (paycert's own forms never go past them): a form
      // they refuse (a field name with a reserved segment, past the field limits) is the subject's
      // message, not paycert's error; what it carries is not judged
      outcome = 'inconclusive';
      reason = redactText(`the subject sent a form paycert does not read: ${e.message}`);
    } else {
      // An error no assertion raised is paycert's own (a bug, or input a check did not expect): it
      // blames no rule. The check is inconclusive with the reason; against a reference that fails
      // the run as paycert's own fault, and against a real target nothing is claimed.
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      outcome = 'inconclusive';
      reason = redactText(`internal error of paycert in ${check.id}: ${msg}`);
    }
  } finally {
    await t.dispose();
  }
  const failed = new Set(t.failures.map((f) => f.rule));
  // A failure that ended the check (a hard assertion outside a property) leaves the rules it cut short
  // undecided, a warning's too (an INFERRED or SHOULD rule broken by a real target, which the seed
  // allows: check_url behind a login left GL-MCB-12 "skipped", never judged). Another check's pass of
  // such a rule stands, marked partly (pastWarning past a warning, notReached past a failure).
  // (the catalogue read only where a rule departed, not for every check)
  const failsRun = (rule: string) =>
    FAILED_RULE[subject.target][ruleIndex(check.profile).get(rule)?.level ?? 'MUST'] === 'failed';
  const abortedFailsRun = aborted !== undefined && failsRun(aborted);
  // a property that stopped at a failure ran again with that rule muted (CheckContext.judgeTheRest): what
  // is left cut short is what that run could not judge either
  const stoppedHere = (r: string): string | undefined =>
    t.cutShort.get(r) ?? (t.asserted.has(r) || t.unjudged.has(r) ? undefined : t.stoppers[0]);
  const ruleOutcomes: Record<string, Outcome> = {};
  const ruleReasons: Record<string, string> = {};
  const pastWarning: string[] = [];
  const notReached: string[] = [];
  /** r left undecided past the departure of `rule` (a failure or a warning, per its level): beside another
   *  check's pass of r, that pass stands marked partly (certificate.ts); alone, r stays inconclusive */
  const pastDeparture = (r: string, rule: string) => (failsRun(rule) ? notReached : pastWarning).push(r);
  // the first rule whose failure the check recorded and went on past: a rule it then never reached was not
  // shown not to apply, only not judged (a reply refused is never read for its script name). Not a warning's:
  // past a departure the seed allows, the check may be on the seed-allowed path where the rule does not
  // apply (v5 bare-refusals: no error body whose form V5-ERR-02 judges)
  const firstFailed = t.failures.find(
    (f) => FAILED_RULE[subject.target][ruleIndex(check.profile).get(f.rule)?.level ?? 'MUST'] === 'failed',
  )?.rule;
  for (const r of check.rules) {
    if (failed.has(r)) ruleOutcomes[r] = 'failed';
    // judged on each reply as it arrived (CheckContext.judgedOnArrival): the replies judged stand
    else if (t.onArrival.has(r) && t.asserted.has(r)) {
      ruleOutcomes[r] = 'passed';
      // a check of its own that ended before the rest of its plan (an SDK adapter that exited on the
      // error paths secret-in-answers drives it into) judged it on part of what it set out to: partly
      // (was: V5-SDK-20 passed in full where every check of it had ended at the adapter's exit)
      const ended = outcome !== 'passed' ? reason : aborted !== undefined ? `it stopped at ${aborted}` : undefined;
      if (ended !== undefined && !t.arrivalsOnly.has(r))
        t.judgedInPart(r, `judged only on what arrived before the check ended (${ended})`);
    } else if (t.arrivalsOnly.has(r) && !t.asserted.has(r)) {
      // cited for what arrives beside the check's plan (Check.arrivalRules), and nothing did: the check
      // ending before any answer (an adapter that broke the protocol) has no result for it
      continue;
    } else if (outcome !== 'passed') {
      // a check that found itself not applicable (skipped) may still have said of a rule that the
      // subject did not let it learn it (cannotJudge): that rule is undecided, not "not applicable"
      ruleOutcomes[r] = outcome === 'skipped' && t.undecided.has(r) && !t.asserted.has(r) ? 'inconclusive' : outcome;
      // kept per rule: below, a check that also failed a rule reports that failure as its reason; a
      // rule the check said why it did not judge (notJudged) keeps that why, not the check's last words
      const why = t.asserted.has(r) ? undefined : t.unjudged.get(r);
      if (why !== undefined) ruleReasons[r] = `${check.id}: ${why}`;
      else if (reason !== undefined) ruleReasons[r] = `${check.id}: ${reason}`;
      // not judged because another check's rule departs (t.inconclusive's `after`): as past a failure or warning
      if (after !== undefined && ruleOutcomes[r] === 'inconclusive') pastDeparture(r, after);
    } else if (aborted !== undefined && !(t.judgedInFull.has(r) && !t.cutShort.has(r))) {
      // the check ended at another rule's failure or warning: what it judged of r before stands on part
      // of its cases or steps only, and a rule it never reached is not "not applicable" (a MUST read as
      // skipped): both undecided until that rule holds
      ruleOutcomes[r] = 'inconclusive';
      ruleReasons[r] = stoppedAt(check.id, aborted, r, !abortedFailsRun);
      // README "Verdicts": another check's pass of r stands, marked partly, past a failure as past a
      // warning (JY-ERR-01, passed by 29 checks, was inconclusive where one stopped at JY-ERR-09: probe 24)
      pastDeparture(r, aborted);
    } else if (stoppedHere(r) !== undefined) {
      // a property stopped at its first failing case (another rule's): r was judged on the cases
      // before it only, or not reached
      ruleOutcomes[r] = 'inconclusive';
      ruleReasons[r] = stoppedAt(check.id, stoppedHere(r)!, r);
      pastDeparture(r, stoppedHere(r)!);
    } else if (!t.asserted.has(r) && firstFailed !== undefined && !t.unjudged.has(r)) {
      ruleOutcomes[r] = 'inconclusive';
      ruleReasons[r] =
        `${check.id} never reached an assertion of ${r} after the failure of ${firstFailed}: not judged; fix ${firstFailed} and run again`;
      notReached.push(r);
    } else if (!t.asserted.has(r)) {
      // never passed by a check that did not judge it (a rule about X is not passed when X is absent);
      // inconclusive where the check said the subject did not let it judge the rule (cannotJudge)
      ruleOutcomes[r] = t.undecided.has(r) ? 'inconclusive' : 'skipped';
      const why = t.unjudged.get(r);
      ruleReasons[r] = why ? `${check.id}: ${why}` : `${check.id} ran but never reached an assertion of ${r}`;
    } else ruleOutcomes[r] = 'passed';
  }
  if (failed.size > 0) {
    outcome = 'failed';
    reason = t.failures.map((f) => `${f.rule}: ${f.message}`).join(' | ');
  } else if (outcome === 'passed') {
    // a check that passed some rules and could not judge another is no pass: its outcome is its rules'
    // worst (results.ndjson, the progress line, the replay command and the evidence kept go by it)
    const undecided = check.rules.filter((r) => ruleOutcomes[r] === 'inconclusive');
    if (undecided.length > 0) {
      outcome = 'inconclusive';
      reason = undecided.map((r) => `${r}: ${ruleReasons[r]}`).join(' | ');
    }
  }
  const partly = Object.fromEntries([...t.inPart].filter(([r]) => ruleOutcomes[r] === 'passed'));
  const failedProp = t.properties.find((p) => p.path !== undefined);
  const replay =
    outcome === 'passed' || outcome === 'skipped'
      ? undefined
      : `${opts.replayBase ?? `npx paycert run --profile ${check.profile} --subject ${check.subject}`} --seed ${opts.seed} --check ${check.id}${failedProp ? ` --replay ${failedProp.index}:${failedProp.path}` : ''}`;
  // what the reports show of the subject's words: written as escapes where they would act on a reader
  // (src/harness/visible.ts)
  const shown = <T extends string | undefined>(s: T): T => (s === undefined ? s : (visibleText(s) as T));
  const shownAll = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shown(v)]));
  const result = {
    ...base,
    rules: check.rules.filter((r) => r in ruleOutcomes),
    replay,
    ...(usage ? { usage } : {}),
    outcome,
    ruleOutcomes,
    ruleReasons: shownAll(ruleReasons),
    ...(Object.keys(partly).length > 0 && { partly: shownAll(partly) }),
    ...(pastWarning.length > 0 && { pastWarning }),
    ...(notReached.length > 0 && { notReached }),
    ...(after !== undefined && { after }),
    failures: t.failures.map((f) => ({ ...f, message: shown(f.message) })),
    reason: shown(reason),
    notes: t.notes.map(shown),
    properties: t.properties,
    cases: t.cases,
    durationMs: Date.now() - started,
  };
  // redacted when a report reads it (EvidenceLog.list redacts each kept exchange once): a passed
  // check's exchanges are only read when Allure attaches them. Not enumerable: a copy of the result
  // ({ ...result }, JSON) does not redact them either.
  let evidence: Exchange[] | undefined;
  return Object.defineProperty(result as CheckResult, 'evidence', {
    get: () => (evidence ??= t.evidence.list(outcome !== 'passed')),
    enumerable: false,
  });
}

/** A `--replay K:…` whose property K the check, run to its end, never reached (`--replay 7:1:2` on a
 *  check of one property ran all of its cases as if not asked). */
function replayUnused(replay: string | undefined, properties: number, id: string): string | undefined {
  const k = replay === undefined ? undefined : parseReplay(replay)?.index;
  if (k === undefined || k < properties) return undefined;
  const has =
    properties === 0
      ? 'no property'
      : properties === 1
        ? 'one property (0)'
        : `${properties} properties (0 to ${properties - 1})`;
  return `--replay ${replay}: ${id} has ${has}, so no property ${k}`;
}

/** Race a check against its time budget; the check's own promise is left to settle (its rejections
 *  are handled) while the result says why it was cut short. */
function withBudget(p: Promise<void>, budgetMs: number | undefined, id: string): Promise<void> {
  if (budgetMs === undefined) return p;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Inconclusive(
            `${id} did not finish within its time budget of ${Math.round(budgetMs / 1000)} s: not judged`,
          ),
        ),
      budgetMs,
    );
  });
  p.catch(() => {});
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Why a rule stays undecided in a check that stopped at another rule's failure, or at its warning
 *  (a departure the seed allows, which the subject may keep). */
function stoppedAt(id: string, failed: string, rule: string, warning = false): string {
  return warning
    ? `${id} stopped at the warning of ${failed} before judging ${rule} on all of its cases: not judged while ${failed} does not hold`
    : `${id} stopped at the failure of ${failed} before judging ${rule} on all of its cases: not judged; fix ${failed} and run again`;
}

function fill(rules: string[], o: Outcome): Record<string, Outcome> {
  return Object.fromEntries(rules.map((r) => [r, o]));
}

/** Run checks in order (the meta-tests and `paycert` in-process mode). */
export async function runChecks(checks: Check[], subject: Subject, opts: RunOptions): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks) out.push(await runCheck(c, subject, opts));
  return out;
}
