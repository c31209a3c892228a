import type { Level } from '../spec/load.ts';
import type { TargetKind } from '../harness/subject.ts';
import type { Outcome } from '../harness/outcome.ts';

// The verdict policy, in one place. README "Verdicts" shows these tables; keep them in step.

export type Verdict = 'passed' | 'failed' | 'warning' | 'inconclusive' | 'skipped';

/** What a failed rule becomes, per target kind and rule level. Against a real target only a MUST
 *  (what the seed states) fails the run; SHOULD and INFERRED rules are warned about. A reference
 *  implements every rule strictly, so any failure there is a failure. */
export const FAILED_RULE: Record<TargetKind, Record<Level, 'failed' | 'warning'>> = {
  reference: { MUST: 'failed', SHOULD: 'failed', INFERRED: 'failed' },
  real: { MUST: 'failed', SHOULD: 'warning', INFERRED: 'warning' },
};

export function ruleVerdict(outcome: Outcome, level: Level, target: TargetKind): Verdict {
  return outcome === 'failed' ? FAILED_RULE[target][level] : outcome;
}

/** A check's verdict: the worst of its rules' verdicts, failed > inconclusive > warning > passed >
 *  skipped (certificate.html's order). A failed check whose failed rules are all warnings is a warning,
 *  unless a rule of it stayed inconclusive: a check that passed one rule and could not judge another
 *  (`ruleOutcomes`) counted as passed in checkSummary while junit.xml had an <error> for the rule. */
export function checkVerdict(
  outcome: Outcome,
  failedLevels: Level[],
  target: TargetKind,
  ruleOutcomes: readonly Outcome[] = [],
): Verdict {
  if (outcome === 'failed' && failedLevels.some((l) => FAILED_RULE[target][l] === 'failed')) return 'failed';
  if (outcome === 'inconclusive' || ruleOutcomes.includes('inconclusive')) return 'inconclusive';
  return outcome === 'failed' ? 'warning' : outcome;
}

/** `--fail-on`: `failed` (only failed rules fail the run), `warning` (a warned rule fails it too: a
 *  SHOULD or INFERRED rule broken by a real target, such as a merchant that never checks pg_sig) or
 *  `inconclusive` (a rule that could not be judged fails it too: the pipeline requires a judged run). */
export const FAIL_ON = ['failed', 'warning', 'inconclusive'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The default per target kind. An inconclusive rule against a reference is a defect of paycert
 *  itself (its own implementation could not be judged), so it always fails the run there. */
export const DEFAULT_FAIL_ON: Record<TargetKind, FailOn> = { reference: 'inconclusive', real: 'failed' };

export function inconclusiveFails(target: TargetKind, failOn?: FailOn): boolean {
  return failOn === 'inconclusive' || DEFAULT_FAIL_ON[target] === 'inconclusive';
}

/** Exit codes of `paycert run`, one meaning each. */
export const EXIT = {
  /** no rule failed (and none stayed inconclusive where that counts, see --fail-on) */
  ok: 0,
  /** a rule failed, or a rule stayed inconclusive where --fail-on (or the reference default) counts it */
  failed: 1,
  /** usage or configuration error */
  usage: 2,
  /** nothing could be judged: the target unreachable, or no rule of the run passed (every one
   *  inconclusive, skipped or warned), or an SDK sent no request that could be judged */
  unjudged: 3,
  /** internal error of paycert: an unhandled exception, a suite that did not load, a check that crashed the runner */
  internal: 4,
} as const;

export type OverallVerdict = 'passed' | 'failed' | 'inconclusive' | 'unjudged' | 'error' | 'partial';

export interface RuleCounts {
  passed: number;
  failed: number;
  warning: number;
  inconclusive: number;
  skipped: number;
}

export interface SubjectVerdicts {
  profile: string;
  subject: string;
  target: { kind: TargetKind };
  summary: RuleCounts;
  rules: Array<{ id: string; verdict: Verdict; reason: string; area?: string }>;
}

/** The areas of rules that judge how the subject is reached (its TLS certificate: JY-MRD-09), none of
 *  its answers: passed alone, with every other rule unjudged, they show nothing of the subject (probe
 *  23: a shop whose edge answered every call 502 certified "passed" on its certificate). */
const CONNECTION_AREAS = new Set(['merchant-transport']);
/** The area of an SDK's rules about the requests it sends (specs/<profile>/rules.json). */
const SDK_REQUESTS = 'sdk-requests';

export interface InconclusiveRule {
  profile: string;
  subject: string;
  id: string;
  reason: string;
  /** does it fail the run (reference, or --fail-on inconclusive)? */
  fails: boolean;
}

export interface Overall {
  verdict: OverallVerdict;
  /** one line: why this verdict; names every inconclusive rule with its reason (rules with the same
   *  reason together) */
  reason: string;
  exit: (typeof EXIT)[keyof typeof EXIT];
  inconclusive: InconclusiveRule[];
}

/** What a `--baseline` file changed (src/report/baseline.ts): failed rules it tolerates, and
 *  entries that fail the run themselves (a known failure that passed: delete its entry). */
export interface BaselineEffect {
  tolerated: number;
  /** warned rules the baseline covers (they count only with --fail-on warning) */
  toleratedWarnings?: number;
  problems: string[];
}

/** The run's verdict and exit code from the subjects' rule verdicts. */
export function overallVerdict(
  subjects: SubjectVerdicts[],
  o: { complete: boolean; errors?: string[]; failOn?: FailOn; baseline?: BaselineEffect },
): Overall {
  const inconclusive = subjects.flatMap((s) =>
    s.rules
      .filter((r) => r.verdict === 'inconclusive')
      .map((r) => ({
        profile: s.profile,
        subject: s.subject,
        id: r.id,
        reason: r.reason,
        fails: inconclusiveFails(s.target.kind, o.failOn),
      })),
  );
  const sum = (k: keyof RuleCounts) => subjects.reduce((n, s) => n + s.summary[k], 0);
  const incl = inconclusiveSuffix(inconclusive);
  const done = (verdict: OverallVerdict, exit: Overall['exit'], why: string): Overall => ({
    verdict,
    exit,
    reason: `${why}${incl}`,
    inconclusive,
  });
  const errors = o.errors ?? [];
  if (!o.complete)
    return done('partial', EXIT.internal, `the run did not finish${errors.length > 0 ? `: ${errors[0]}` : ''}`);
  if (errors.length > 0)
    return done(
      'error',
      EXIT.internal,
      `paycert error: ${errors[0]}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`,
    );
  const tolerated = o.baseline?.tolerated ?? 0;
  const known = tolerated ? ` (+${tolerated} known in the baseline)` : '';
  if (sum('failed') > tolerated)
    return done('failed', EXIT.failed, `${sum('failed') - tolerated} rule(s) failed${known}`);
  const problems = o.baseline?.problems ?? [];
  if (problems.length > 0) return done('failed', EXIT.failed, `baseline out of date: ${problems.join('; ')}`);
  const warned = sum('warning') - (o.baseline?.toleratedWarnings ?? 0);
  if (o.failOn === 'warning' && warned > 0)
    return done('failed', EXIT.failed, `${warned} rule(s) warned, and --fail-on warning counts warnings${known}`);
  // a run where no rule was shown to hold certifies nothing, whatever it warned (a stub that answers
  // every request alike: its warnings are broken SHOULD/INFERRED rules, the rest not judged); nor
  // does one where only the connection was (CONNECTION_AREAS), the rest unjudged or warned
  const connection = subjects.flatMap((s) =>
    s.rules.filter((r) => r.verdict === 'passed' && CONNECTION_AREAS.has(r.area ?? '')).map((r) => r.id),
  );
  if (
    connection.length > 0 &&
    sum('passed') - connection.length + tolerated === 0 &&
    sum('inconclusive') + sum('warning') > 0
  )
    return done(
      'unjudged',
      EXIT.unjudged,
      `nothing but the connection could be judged: only ${connection.join(', ')} passed (how the subject is reached, none of its answers)${sum('warning') > 0 ? `, ${sum('warning')} warned` : ''}`,
    );
  // an SDK none of whose requests could be judged (it refused every operation before sending: a
  // credential name misread) certifies nothing of what it sends, whatever its answers passed (probe 24: a
  // v5 adapter reading credentials.merchantId passed its leak rules and the run, with no request sent)
  const silent = subjects.filter(
    (s) =>
      s.subject === 'sdk' &&
      !s.rules.some((r) => r.area === SDK_REQUESTS && r.verdict === 'passed') &&
      s.rules.some((r) => r.area === SDK_REQUESTS && r.verdict === 'inconclusive'),
  );
  if (silent.length > 0)
    return done(
      'unjudged',
      EXIT.unjudged,
      `no request of the SDK could be judged (${silent.map((s) => `${s.profile}/${s.subject}`).join(', ')}): none of its request rules passed, so what it sends was never seen`,
    );
  if (sum('passed') + tolerated === 0)
    return done(
      'unjudged',
      EXIT.unjudged,
      sum('warning') > 0
        ? `no rule was shown to hold: none passed, ${sum('warning')} warned (SHOULD or INFERRED rules broken)`
        : 'nothing could be judged',
    );
  const failing = inconclusive.filter((r) => r.fails);
  if (failing.length > 0) {
    const why = failing.some(
      (r) => subjects.find((s) => s.profile === r.profile && s.subject === r.subject)?.target.kind === 'reference',
    )
      ? // a reference reached at --target may stand behind a proxy or rate limit of the user's own
        'rules inconclusive against a reference: a defect of paycert itself (or, for a reference reached at --target, of what stands in front of it: a proxy, a rate limit)'
      : 'rules inconclusive and --fail-on inconclusive requires a judged run';
    return done('inconclusive', EXIT.failed, why);
  }
  const warnings = sum('warning') ? `, ${sum('warning')} warning(s) (--fail-on warning fails the run on them)` : '';
  return done('passed', EXIT.ok, `no rule failed${known}${warnings}`);
}

/** The end of a verdict's reason naming every inconclusive rule with its reason. Rules left
 *  inconclusive for the same reason are named together (a wall in front of a gateway gives every rule
 *  of a check the same reason: one line per rule made the verdict line tens of KB). */
export function inconclusiveSuffix(inconclusive: readonly InconclusiveRule[]): string {
  const byReason = new Map<string, string[]>();
  for (const r of inconclusive) {
    const why = `${r.profile}/${r.subject}: ${r.reason}`;
    const ids = byReason.get(why);
    if (ids) ids.push(r.id);
    else byReason.set(why, [r.id]);
  }
  return inconclusive.length
    ? `; ${inconclusive.length} inconclusive: ${[...byReason].map(([why, ids]) => `${ids.join(', ')} (${why})`).join('; ')}`
    : '';
}

/** The terminal's verdict line is kept whole up to this many characters of inconclusive rules; past
 *  it, they are counted and the first SHORT_RULES named (a hostile gateway's 88 made it 9 KB). */
const SHORT_SUFFIX = 400;
const SHORT_RULES = 5;

/** A verdict's reason for the terminal: its inconclusive rules counted and the first few named when
 *  naming them all with their reasons runs long, `where` (the certificate) named for the rest. */
export function shortReason(reason: string, inconclusive: readonly InconclusiveRule[], where: string): string {
  const full = inconclusiveSuffix(inconclusive);
  if (full.length <= SHORT_SUFFIX || !reason.endsWith(full)) return reason;
  const ids = inconclusive.map((r) => r.id);
  const more = ids.length - SHORT_RULES;
  return `${reason.slice(0, -full.length)}; ${ids.length} inconclusive: ${ids.slice(0, SHORT_RULES).join(', ')}${more > 0 ? ` and ${more} more` : ''}, every reason in ${where}`;
}

/** The verdict as the summary line, junit.xml and certificate.html show it: a partial run's pass says
 *  it is partial ("passed (partial: …)"); any other verdict already says the run did not pass. */
export function shownVerdict(cert: { verdict: OverallVerdict; partial?: string }): string {
  return cert.partial && cert.verdict === 'passed' ? `${cert.verdict} (partial: ${cert.partial})` : cert.verdict;
}
