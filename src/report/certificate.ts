import { proxyNamed } from '../harness/proxy-env.ts';
import { LOGIN_VAR, loginFor } from '../harness/target-login.ts';
import type { ProfileId } from '../spec/paths.ts';
import type { Level, Rule } from '../spec/load.ts';
import { loadRules } from '../spec/load.ts';
import type { CheckResult } from '../harness/runner.ts';
import type { Subject, TargetKind } from '../harness/subject.ts';
import { worst, type Outcome } from '../harness/outcome.ts';
import { credentials, CREDENTIAL_VARS, sdkCredentials, secretValues } from '../spec/credentials.ts';
import type { BaselineRecord, RuleBaseline } from './baseline.ts';
import {
  checkVerdict,
  overallVerdict,
  ruleVerdict,
  type FailOn,
  type InconclusiveRule,
  type OverallVerdict,
  type Verdict,
} from './verdict.ts';
import { clipLongWords, oneLine } from '../harness/clip.ts';
import { redactText } from '../harness/redact.ts';

export type { Verdict } from './verdict.ts';

export interface RuleVerdict {
  id: string;
  level: Level;
  area: string;
  statement: string;
  verdict: Verdict;
  tests: string[];
  reason: string;
  /** the --baseline entry covering this rule (a known failure), src/report/baseline.ts */
  baseline?: RuleBaseline;
  /** failed/inconclusive: the commands that replay the checks behind the verdict */
  replay?: string[];
  /** the rule has no defect proving its check, and this is why (rules.json noDefect) */
  noDefect?: string;
  /** passed, but these checks of the rule did not run (a capability the target lacks, a slow check
   *  not asked for), ran in part (an SDK operation the SDK does not have: CheckResult.partly), or
   *  stopped at a warning before judging it (CheckResult.pastWarning): the verdict stands on the rest
   *  of the evidence only. (A check that ran without reaching one of its
   *  rules does not count: its rule list covers every case it may meet.) */
  partly?: string[];
}

export interface ProfileCertificate {
  profile: ProfileId;
  subject: string;
  target: {
    kind: TargetKind;
    origin: string;
    /** the proxy the environment named that every request went through ("host:port (HTTPS_PROXY)") */
    via?: string;
    /** a real gateway reached with the HTTP login PAYCERT_TARGET_LOGIN gives (never the login itself) */
    login?: string;
    /** a Jysan gateway's further origins (--page-origin): its page hosts, which the scripted payer was
     *  followed to and posted the card form to (never sent the login) */
    pageOrigins?: string[];
    /** the public URL the subject's calls came through to paycert's listener (--callback-base), and
     *  whether the request sent to it before the checks arrived */
    callbacks?: string;
    /** a v5 gateway behind a path prefix: which JWS uri the run signed, and why (src/cli/preflight.ts) */
    jwsUri?: string;
    /** what the secret pre-flight found beside the checks (Subject.preflight) */
    preflight?: string;
    implementation?: string;
    defects?: string[];
    variants?: string[];
  };
  /** the merchant/terminal/auth ids used (never a secret), limits and capabilities of the subject */
  account?: Record<string, string>;
  limits?: Subject['limits'];
  capabilities?: string[];
  summary: Record<Verdict, number> & { rules: number; checks: number; cases: number };
  /** per check: its verdict, the worst of its rules' (verdictOfCheck; junit.xml and certificate.html
   *  count rules, as `summary` does) */
  checkSummary: Record<Verdict, number>;
  rules: RuleVerdict[];
}

export interface Certificate {
  tool: { name: 'paycert'; version: string; commit?: string | null };
  /** Node and OS of the run */
  environment?: { node: string; os: string };
  /** sha256 over specs/ (rule catalogues, error tables, schemas) the run judged against */
  specs?: string;
  complete: boolean;
  seed: number;
  plan: string;
  /** property cases per check when --runs was given */
  runs?: number;
  filters?: { grep?: string; rules?: string[] };
  /** why the run covered only part of the rules (--plan smoke, --check, --grep, --rule, an unmerged
   *  --shard); absent for a full run */
  partial?: string;
  baseline?: BaselineRecord;
  /** sha256 of each file beside the certificate it vouches for (results, junit, evidence); set when the
   *  run finished (src/report/sign.ts seal) and checked by `paycert verify` */
  digests?: Record<string, string>;
  startedAt: string;
  finishedAt?: string;
  verdict: OverallVerdict;
  /** one line: why; names every inconclusive rule with its reason */
  verdictReason: string;
  /** --fail-on as given (absent: the default per target kind, see src/report/verdict.ts) */
  failOn?: FailOn;
  inconclusive: InconclusiveRule[];
  profiles: ProfileCertificate[];
}

/** The verdict of one check result against this target: the worst of its rules' (checkSummary, the
 *  vitest test's status the Allure report shows, the evidence filed). */
export function verdictOfCheck(
  c: Pick<CheckResult, 'outcome' | 'failures' | 'profile'> & Partial<Pick<CheckResult, 'ruleOutcomes'>>,
  target: TargetKind,
): Verdict {
  const levels = ruleLevels(c.profile as ProfileId);
  return checkVerdict(
    c.outcome,
    c.failures.map((f) => levels.get(f.rule) ?? 'MUST'),
    target,
    Object.values(c.ruleOutcomes ?? {}),
  );
}

/** Each rule's verdict in one check result against this target (results.ndjson's `ruleVerdicts`: an
 *  INFERRED rule a real target broke is `failed` in `ruleOutcomes`, a warning in every report). */
export function ruleVerdictsOf(
  c: Pick<CheckResult, 'profile' | 'ruleOutcomes'>,
  target: TargetKind,
): Record<string, Verdict> {
  const levels = ruleLevels(c.profile as ProfileId);
  return Object.fromEntries(
    Object.entries(c.ruleOutcomes).map(([r, o]) => [r, ruleVerdict(o, levels.get(r) ?? 'MUST', target)]),
  );
}

/** Per catalogue object (loadRules keeps one per profile): verdictOfCheck is called for every result
 *  on every rewrite of the certificate, junit.xml and certificate.html, and built this map each time. */
const levelsOf = new WeakMap<object, Map<string, Level>>();
function ruleLevels(profile: ProfileId): Map<string, Level> {
  const catalogue = loadRules(profile);
  let levels = levelsOf.get(catalogue);
  if (!levels) levelsOf.set(catalogue, (levels = new Map(catalogue.rules.map((r) => [r.id, r.level]))));
  return levels;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** A check's result as the certificate reads it (its evidence is not). */
type Judged = Omit<CheckResult, 'evidence'>;

/** A check the run selected that has not given its result (yet): a run that did not finish. */
export type PendingCheck = Pick<CheckResult, 'id' | 'profile' | 'subject' | 'rules'>;

/** `pending`: the selected checks without a result in a run that did not finish (interrupted): a rule
 *  passed on the checks that ran is only partly judged, and one none of whose checks ran says so. */
export function profileCertificate(
  subject: Subject,
  results: readonly Judged[],
  pending: readonly PendingCheck[] = [],
): ProfileCertificate {
  const rules = loadRules(subject.profile).rules.filter((r: Rule) => r.subject === subject.kind);
  const mine = results.filter((r) => r.profile === subject.profile && r.subject === subject.kind);
  const waiting = pending.filter((c) => c.profile === subject.profile && c.subject === subject.kind);
  const verdicts: RuleVerdict[] = rules.map((rule) => {
    const behind = mine.filter((c) => c.rules.includes(rule.id));
    const outcomeIn = (checks: Judged[]) => worst(checks.map((c) => c.ruleOutcomes[rule.id] ?? 'skipped'));
    // checks that stopped at a warning before judging it (CheckResult.pastWarning): beside a check that
    // passed it, as if they had not run; alone, the rule stays inconclusive
    // (and those that never reached it after failing another rule and going on: CheckResult.notReached)
    // (a check that could not judge it past another check's rule, `after`, only when that rule did depart:
    // failed or warned in the run; else the stop has no departure behind it and stays inconclusive)
    const departed = (c: Judged) => c.after === undefined || mine.some((x) => x.ruleOutcomes[c.after!] === 'failed');
    const pastWarning = behind.filter(
      (c) => (c.pastWarning?.includes(rule.id) || c.notReached?.includes(rule.id)) && departed(c),
    );
    const judgedElsewhere = outcomeIn(behind.filter((c) => !pastWarning.includes(c)));
    const outcome = pastWarning.length && judgedElsewhere === 'passed' ? 'passed' : (outcomeIn(behind) ?? 'skipped');
    const verdict = ruleVerdict(outcome, rule.level, subject.target);
    // checks of the rule that did not run at all: a pass stands on the others' evidence only
    const notRun = behind.filter((c) => c.outcome === 'skipped');
    // checks that judged it on part of what they set out to (an operation the subject does not have)
    const inPart = behind.filter((c) => c.ruleOutcomes[rule.id] === 'passed' && c.partly?.[rule.id] !== undefined);
    // and those the run did not reach before it stopped
    const unreached = waiting.filter((c) => c.rules.includes(rule.id)).map((c) => c.id);
    const replay =
      outcome === 'failed' || outcome === 'inconclusive'
        ? behind.filter((c) => c.ruleOutcomes[rule.id] === outcome && c.replay).map((c) => c.replay!)
        : [];
    return {
      id: rule.id,
      level: rule.level,
      area: rule.area,
      statement: rule.statement,
      verdict,
      tests: behind.map((c) => c.id),
      reason: reasonFor(rule.id, outcome, behind, notRun, unreached, inPart, pastWarning),
      ...(replay.length ? { replay } : {}),
      ...(rule.noDefect ? { noDefect: rule.noDefect } : {}),
      ...(outcome === 'passed' && notRun.length + unreached.length + inPart.length + pastWarning.length
        ? {
            partly: [
              ...notRun.map((c) => c.id),
              ...inPart.map((c) => c.id),
              ...pastWarning.map((c) => c.id),
              ...unreached,
            ],
          }
        : {}),
    };
  });
  const summary = {
    passed: 0,
    failed: 0,
    warning: 0,
    inconclusive: 0,
    skipped: 0,
    rules: verdicts.length,
    checks: mine.length,
    cases: mine.reduce((n, c) => n + c.cases, 0),
  };
  for (const v of verdicts) summary[v.verdict]++;
  const checkSummary = { passed: 0, failed: 0, warning: 0, inconclusive: 0, skipped: 0 };
  for (const c of mine) checkSummary[verdictOfCheck(c, subject.target)]++;
  return {
    profile: subject.profile,
    subject: subject.kind,
    target: {
      kind: subject.target,
      origin: origin(subject.baseUrl),
      via: proxyNamed(subject.baseUrl),
      login: loginFor(subject) && `HTTP Basic (${LOGIN_VAR})`,
      pageOrigins: subject.pageOrigins,
      callbacks:
        subject.callbackBase === undefined || subject.kind !== 'gateway'
          ? undefined
          : `${subject.callbackBase} (${subject.callbackUnreached === undefined ? 'reached before the checks' : 'not reached before the checks: the checks waiting for calls were not judged'})`,
      jwsUri: subject.jwsUri?.why === undefined ? undefined : gatewayLine(subject.jwsUri.why),
      preflight: subject.preflight === undefined ? undefined : gatewayLine(subject.preflight),
      implementation: subject.info?.implementation,
      defects: subject.info?.defects,
      variants: subject.info?.variants,
    },
    account: account(subject.profile, subject.kind),
    limits: subject.limits,
    capabilities: subject.capabilities,
    summary,
    checkSummary,
    rules: verdicts,
  };
}

/** The non-secret credentials (merchant id, auth id, terminal) as the run used them. */
/** The ids a merchant subject's checks put in their calls: a g2g result_url call and a Jysan BACKREF
 *  carry no merchant id or terminal (a shop's certificate named the sandbox's default 123456, which
 *  no call had carried); a v5 callback's JWS header carries the auth_id. */
const MERCHANT_ACCOUNT: Partial<Record<ProfileId, readonly string[]>> = {
  greenleaves: [],
  'greenleaves-v5': ['authId'],
  jysan: [],
};

function account(profile: ProfileId, kind: string): Record<string, string> {
  // an SDK is configured with the run's own where the environment gives none (sdkCredentials)
  const values = (kind === 'sdk' ? sdkCredentials : credentials)(profile) as Record<string, string>;
  const used = kind === 'merchant' ? MERCHANT_ACCOUNT[profile] : undefined;
  const out: Record<string, string> = {};
  for (const [k, [name]] of Object.entries(CREDENTIAL_VARS[profile] as Record<string, readonly [string, string]>)) {
    if (!/SECRET|KEY/.test(name) && values[k] && (used === undefined || used.includes(k))) out[k] = values[k];
  }
  return out;
}

/** Why a run covers only part of the rules, or undefined for a full run: the plan, the filters, the
 *  checks named by --check and a shard not merged with the others (merge drops `shard`). */
export function partialReason(config: {
  plan: string;
  filters?: { grep?: string; rules?: string[] };
  check?: string[];
  shard?: { index: number; count: number };
}): string | undefined {
  const why: string[] = [];
  if (config.plan !== 'full') why.push(`--plan ${config.plan}`);
  if (config.check?.length) why.push(`--check ${config.check.join(',')}`);
  if (config.filters?.grep !== undefined) why.push(`--grep ${JSON.stringify(config.filters.grep)}`);
  if (config.filters?.rules?.length) why.push(`--rule ${config.filters.rules.join(',')}`);
  if (config.shard) why.push(`--shard ${config.shard.index}/${config.shard.count}`);
  return why.length ? `only the checks selected by ${why.join(' ')}` : undefined;
}

/** A reason on one line: its blanks collapsed, redacted again (a card number spread over many blanks
 *  or lines becomes one that a reader sees), and only then cut. */
const reasonLine = (s: string): string => cutReason(redactText(s.replace(/\s+/g, ' ')).replace(/\s+/g, ' '));

/** A certificate's reason (and the terminal's line, junit.xml's and the HTML's, which show it) is kept to
 *  this many characters, and CUT; the whole one is in results.ndjson (the check's reason and ruleReasons). */
const REASON_MAX = 400;
const CUT = ' … (full reason in results.ndjson)';

/** `s` (one line), or where longer than REASON_MAX: every word over 160 characters (a URL, a signature)
 *  clipped in its middle first (as clip.ts's oneLine does), then cut at the last sentence or clause
 *  (". ", "; ", ": ") in the room left, else at a word, and marked (CUT). Was: cut at 400 mid-word
 *  ("…is not show…"), what would judge the rule lost without a word of it (probe 26). */
export function cutReason(s: string, max = REASON_MAX): string {
  if (s.length <= max) return s;
  const flat = clipLongWords(s, 160);
  if (flat.length <= max) return flat;
  // max characters of the reason's own, the mark after them
  const head = flat.slice(0, max + 1);
  const clause = Math.max(head.lastIndexOf('. '), head.lastIndexOf('; '), head.lastIndexOf(': '));
  const word = head.lastIndexOf(' ');
  const at = clause >= head.length * 0.8 ? clause : word > 0 ? word : max;
  return `${head.slice(0, at).replace(/[\s,;:(—-]+$/, '')}${CUT}`;
}

/** A run of 16 hex digits or more, or a token of 20 Base64 characters or more with upper and lower case
 *  letters and a digit: a digest or a MAC (a gateway's "expected <pg_sig>"), which redactText leaves
 *  as it is (it cannot tell one from an id) */
const DIGEST_LIKE =
  /[0-9A-Fa-f]{16,}|(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[0-9])[A-Za-z0-9+/_-]{20,}={0,2}/g;

/** Gateway words in a message: any digest-like value removed (the right signature a gateway's refusal
 *  may name), `secrets` and the registered ones removed (redactText), on one line, at most `max`. */
export function gatewayWords(s: string, max = 400, secrets: readonly string[] = secretValues()): string {
  let t = s;
  for (const v of secrets)
    if (v.length >= 6) t = t.replace(new RegExp(v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[secret]');
  return oneLine(redactText(t.replace(/\s+/g, ' ')).replace(DIGEST_LIKE, '[a signature-like value]'), max);
}

/** A target line of the certificate made with gateway words (the pre-flight's: Subject.preflight, the
 *  JWS uri's reason): made safe again, as a reason is. */
const gatewayLine = (s: string): string => gatewayWords(s, 1200);

function reasonFor(
  rule: string,
  outcome: Outcome,
  behind: Judged[],
  notRun: Judged[],
  unreached: string[],
  inPart: Judged[] = [],
  pastWarning: Judged[] = [],
): string {
  const stopped = unreached.length
    ? `the run did not finish: ${unreached.length} of its checks never ran (${unreached.slice(0, 10).join(', ')}${unreached.length > 10 ? ', …' : ''})`
    : '';
  if (behind.length === 0) return stopped ? `not judged: ${stopped}` : 'no check ran for this rule in this run';
  if (outcome === 'failed') {
    const f = behind.flatMap((c) => c.failures.filter((x) => x.rule === rule).map((x) => `${c.id}: ${x.message}`))[0];
    return reasonLine(f ?? 'failed');
  }
  const pick = behind.find((c) => c.ruleOutcomes[rule] === outcome);
  if (outcome === 'passed') {
    const passed = passedBy(rule, behind);
    if (!notRun.length && !stopped && !inPart.length && !pastWarning.length) return reasonLine(passed);
    const why = [...notRun.map((c) => `${c.id}: ${c.reason ?? 'skipped'}`), ...(stopped ? [stopped] : [])].join('; ');
    const part = inPart.map((c) => `${c.id}: ${c.partly![rule]}`).join('; ');
    const pastOf = (cs: Judged[]) => cs.map((c) => c.ruleReasons?.[rule] ?? c.id).join('; ');
    const past = pastOf(pastWarning.filter((c) => !c.notReached?.includes(rule)));
    const unreachedPast = pastOf(pastWarning.filter((c) => c.notReached?.includes(rule)));
    return reasonLine(
      `${passed}; only partly judged, ${[...(why ? [`not run: ${why}`] : []), ...(part ? [`judged in part: ${part}`] : []), ...(past ? [`not judged past a warning: ${past}`] : []), ...(unreachedPast ? [`not reached past a failure: ${unreachedPast}`] : [])].join('; ')}`,
    );
  }
  return reasonLine(pick?.ruleReasons?.[rule] ?? `${pick?.id ?? ''}: ${pick?.reason ?? outcome}`);
}

/** Which checks passed `rule`, by name (up to three), and how many others that ran citing it never
 *  reached it: "1 check(s) passed" read as if the rule stood on one check while 15 more had cited it
 *  (JY-SIG-01, probe 24). */
function passedBy(rule: string, behind: Judged[]): string {
  const ids = behind.filter((c) => c.ruleOutcomes[rule] === 'passed').map((c) => c.id);
  const named = ids.length <= 3 ? ids.join(', ') : `${ids.length} checks (${ids.slice(0, 3).join(', ')}, …)`;
  const unreached = behind.filter((c) => c.outcome !== 'skipped' && c.ruleOutcomes[rule] === 'skipped').length;
  const others = unreached
    ? `; ${unreached} other check${unreached > 1 ? 's' : ''} citing it ran without reaching it`
    : '';
  return `passed by ${named}${others}`;
}

export function overall(
  profiles: ProfileCertificate[],
  complete: boolean,
  errors: string[] = [],
  failOn?: FailOn,
  baseline?: BaselineRecord,
): ReturnType<typeof overallVerdict> {
  return overallVerdict(profiles, { complete, errors, failOn, baseline });
}
