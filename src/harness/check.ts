import fc from 'fast-check';
import type { ProfileId } from '../spec/paths.ts';
import type { SubjectKind } from '../spec/load.ts';
import { credentials, sdkCredentials, type Credentials } from '../spec/credentials.ts';
import { EvidenceLog, renderRequest, requestLine, type Exchange } from './evidence.ts';
import { HttpClient } from './http.ts';
import type { Dispatcher } from 'undici';
import { Listener } from './listener.ts';
import { Inconclusive, RuleFailure, SkipCheck } from './outcome.ts';
import { redact, redactText } from './redact.ts';
import { loginFor } from './target-login.ts';
import { has, type Capability, type Subject } from './subject.ts';
import { ruleIndex } from '../spec/load.ts';
import { FAILED_RULE } from '../report/verdict.ts';
import { ControlClient } from './control.ts';
import { SdkSession } from './sdk.ts';
import type { AdapterAnswer } from '../sdk-adapter/protocol.ts';

export type Plan = 'smoke' | 'full';

/** One small named unit of conformance. It cites the rules it judges; every assertion names one. */
export interface Check<P extends ProfileId = ProfileId> {
  id: string;
  title: string;
  profile: P;
  subject: SubjectKind;
  area: string;
  rules: string[];
  /** plans that include this check (default: full only) */
  plans?: Plan[];
  /** capabilities the subject must offer, otherwise the check is skipped */
  needs?: Capability[];
  /** needs hours of real time against a real target: skipped there unless the run asks for slow rules */
  slow?: boolean;
  /** judges the target's TLS certificate itself: it runs where paycert does not accept that certificate
   *  (Subject.untrusted), and every other check is not judged */
  judgesTls?: boolean;
  /** rules of `rules` cited only to judge what arrives beside the check's plan (every answer of an SDK:
   *  suites/sdk-support.ts sdkChecks): a check that judged none of them (skipped, or nothing arrived) has
   *  no result for them, so a rule judged by other checks is not "partly judged" for it */
  arrivalRules?: string[];
  run(t: CheckContext<P>): Promise<void>;
}

/** A check as a file declares it: its profile and subject (and usually its area) come from the file. */
export type CheckSpec<P extends ProfileId = ProfileId> = Omit<Check<P>, 'profile' | 'subject' | 'area'> & {
  area?: string;
};

/** The checks of one file: `defineChecks({ profile, subject, area }, [...])`, so that a check's metadata
 *  is said once per file, not repeated on every check. A check may still name its own area. */
export function defineChecks<P extends ProfileId>(
  meta: { profile: P; subject: SubjectKind; area?: string },
  specs: CheckSpec<P>[],
): Check<P>[] {
  return specs.map((s) => {
    const area = s.area ?? meta.area;
    if (!area) throw new Error(`check ${s.id} has no area (give it one, or one for the file)`);
    return { ...s, profile: meta.profile, subject: meta.subject, area };
  });
}

/** `checks`, each citing `rule` besides its own: a check that does not cite it judges it only on what
 *  arrives (Check.arrivalRules); `run` runs a check with whatever judges those arrivals set up (`own`:
 *  the check cites the rule itself). SDK answers (suites/sdk-support.ts) and a shop's answers
 *  (suites/shop-answers.ts) are judged so. */
export function citingOnArrival<P extends ProfileId>(
  checks: Check<P>[],
  rule: string,
  run: (c: Check<P>, t: CheckContext<P>, own: boolean) => Promise<void>,
): Check<P>[] {
  return checks.map((c) => {
    const own = c.rules.includes(rule);
    return {
      ...c,
      rules: own ? c.rules : [...c.rules, rule],
      ...(own ? {} : { arrivalRules: [...(c.arrivalRules ?? []), rule] }),
      run: (t) => run(c, t, own),
    };
  });
}

export interface Failure {
  rule: string;
  message: string;
}

export interface PropertyReport {
  rule: string;
  /** position of the property in its check (the k of `--replay k:path`) */
  index: number;
  runs: number;
  seed: number;
  path?: string;
  /** the generated value (redacted); what was actually sent is in `sent` */
  counterexample?: string;
  /** the requests of the replayed shrunk case, as sent (redacted, form bodies decoded) */
  sent?: string[];
  /** requests spent shrinking, and whether the budget stopped the shrinking early */
  shrinkRequests?: number;
  shrinkStopped?: boolean;
}

/** Shrinking against a real target is paced (1.5 s a request): it stops after this many requests
 *  or this much time, keeping the smallest failing case found so far. */
export const SHRINK_BUDGET = { real: { requests: 20, ms: 60_000 }, reference: { requests: 400, ms: 60_000 } } as const;

/** `--replay k:path`: replay the k-th property of a check from its fast-check path. */
export function parseReplay(s: string): { index: number; path: string } | undefined {
  const m = /^(\d+):([0-9:]+)$/.exec(s);
  return m ? { index: Number(m[1]), path: m[2]! } : undefined;
}

/** A `--replay` that names no case of the check (a property it does not have, a path its property
 *  has no case at): the check judged nothing it was asked to, and the run is a usage error (exit 2),
 *  not a pass of 0 cases (runner.ts). */
/** A muted rule's hard assertion in a property run again (judgeTheRest): the case is not judged further. */
class MutedFailure extends Error {
  constructor(readonly rule: string) {
    super(`${rule} (muted) did not hold`);
  }
}

export class ReplayMismatch extends Inconclusive {
  override name = 'ReplayMismatch';
}

/** `make`, run once per check: every later call in the same check gets the first call's promise (a
 *  control request, a probe of the subject, sent once however many assertions ask). */
export function oncePerCheck<C extends object, T>(make: (t: C) => Promise<T>): (t: C) => Promise<T> {
  const made = new WeakMap<C, Promise<T>>();
  return (t) => {
    let p = made.get(t);
    if (!p) made.set(t, (p = make(t)));
    return p;
  };
}

/** What a check sees: the subject, rule-tagged assertions, an HTTP client that records evidence,
 *  property runs with the check's seed, and a listener for callbacks. */
export class CheckContext<P extends ProfileId = ProfileId> {
  readonly evidence = new EvidenceLog();
  readonly http: HttpClient;
  readonly failures: Failure[] = [];
  readonly notes: string[] = [];
  readonly properties: PropertyReport[] = [];
  readonly control: ControlClient | undefined;
  cases = 0;
  private inProperty = false;
  private listeners: Listener[] = [];
  private sessions: SdkSession[] = [];
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly check: Check<P>,
    readonly subject: Subject,
    readonly seed: number,
    readonly runs: number,
    dispatcher: Dispatcher,
    /** `--replay k:path` of a single-check run */
    readonly replay?: string,
    readonly plan: Plan = 'full',
    private readonly enumerate?: boolean,
  ) {
    this.dispatcher = dispatcher;
    this.http = new HttpClient(dispatcher, subject.limits, this.evidence, {
      reuseConnections: subject.target === 'reference',
      login: loginFor(subject),
    });
    this.control = subject.controlUrl
      ? new ControlClient(subject.controlUrl, this.http, `${process.pid}-${check.id}-${seed}`)
      : undefined;
  }

  /** Whether enumerations (every violation kind of a schema) are walked in full before the random
   *  cases: always against a reference, and against a real target in the full plan. A sample of a
   *  few kinds cannot pass a rule about every constraint of a request; a smoke run only samples.
   *  A run may say otherwise (RunOptions.enumerate). */
  get exhaustive(): boolean {
    return this.enumerate ?? (this.subject.target === 'reference' || this.plan === 'full');
  }

  private creds: Credentials<P> | undefined;
  /** read from the environment once per check (suites ask for them on every case); an SDK is configured
   *  with the run's own where the environment gives none (sdkCredentials) */
  get credentials(): Credentials<P> {
    const read = this.subject.kind === 'sdk' ? sdkCredentials : credentials;
    return (this.creds ??= Object.freeze(read(this.check.profile)));
  }

  /** rules this run actually judged (an assertion was evaluated): a cited rule that was never
   *  asserted is not passed by this check */
  readonly asserted = new Set<string>();

  private declared(rule: string): void {
    if (!this.check.rules.includes(rule))
      throw new Error(`check ${this.check.id} asserts ${rule}, which it does not declare`);
  }

  /** rules asserted in a property that ran every case without a failure: judged in full, whatever
   *  the check did after */
  readonly judgedInFull = new Set<string>();
  /** rules judged on each reply as it arrives, each reply on its own (judgedOnArrival) */
  readonly onArrival = new Set<string>();
  /** rules asserted in a property that stopped at another rule's failure (fast-check ends a property
   *  at its first failing case), each with that rule: judged on the cases before it only (runner.ts) */
  readonly cutShort = new Map<string, string>();
  /** the rules whose failures ended a property of this check early, in order */
  readonly stoppers: string[] = [];
  /** the failed rules of the property running again (judgeTheRest): their assertions no longer stop a case */
  private muted: Set<string> | undefined;
  /** the rules asserted in the property running now */
  private inThisProperty: Set<string> | undefined;
  /** in the run again, a muted rule's soft failure that only warns was met in the case running now */
  private mutedMiss = false;

  /** Whether a failure of `rule` is only a warning against this subject (FAILED_RULE). */
  private onlyWarns(rule: string): boolean {
    const level = ruleIndex(this.check.profile).get(rule)?.level ?? 'MUST';
    return FAILED_RULE[this.subject.target][level] === 'warning';
  }

  private known(rule: string): void {
    this.declared(rule);
    this.asserted.add(rule);
    this.inThisProperty?.add(rule);
  }

  /** Soft assertion: records a failure of `rule` and goes on (inside a property it stops the case). */
  expect(rule: string, ok: boolean, message: string): boolean {
    this.known(rule);
    if (ok) return true;
    // a rule whose failure is recorded, while its property runs again for the others: the case ends here
    // (what follows may rest on it: a reply refused is no card page), judged up to this point; unless
    // that failure is only a warning (an INFERRED or SHOULD rule a real target departs from, which the
    // seed allows): then the case goes on, as the check does after a soft failure outside a property
    // (a gateway's own error form warned V5-ERR-01 and left V5-ERR-04, judged after it, undecided)
    if (this.muted?.has(rule)) {
      if (!this.onlyWarns(rule)) throw new MutedFailure(rule);
      this.mutedMiss = true;
      return false;
    }
    if (this.inProperty) throw new RuleFailure(rule, message);
    this.evidence.pinLast();
    this.failures.push({ rule, message: redactText(message) });
    return false;
  }

  /** `rule` judged and held: what the check saw establishes it (its control included), with nothing to
   *  say beyond the rule's name. */
  pass(rule: string): void {
    this.known(rule);
  }

  /** `rule`, which what the subject took would pass, held only beside its control (a wrongly signed
   *  twin refused, another amount refused, …): passed when `controlHeld`, else not judged with `why`
   *  (a subject taking everything shows nothing by taking this). */
  passBeside(rule: string, controlHeld: boolean, why: () => string): void {
    if (controlHeld) this.pass(rule);
    else this.cannotJudge(rule, why());
  }

  /** `rule` is judged on each reply as it arrives, each reply on its own (a reply's signature): what the
   *  check judged of it stands however the check ends (runner.ts). Cited by every check that reads such
   *  replies, it was undecided wherever one of them could not judge its own rules (a method not enabled). */
  judgedOnArrival(rule: string): void {
    this.declared(rule);
    this.onArrival.add(rule);
  }

  /** rules the check cites only to judge what arrives beside its own plan (Check.arrivalRules): never
   *  judged in part, and with nothing arrived the check has no result for them (runner.ts) */
  get arrivalsOnly(): ReadonlySet<string> {
    return new Set(this.check.arrivalRules);
  }

  /** Called with each answer of the SDK under test as it arrives, in every session of the check (sdk()):
   *  the rule judged on every answer (suites/sdk-support.ts sdkChecks). */
  onSdkAnswer: ((op: string, answer: AdapterAnswer, wellFormed: boolean, input: unknown) => void) | undefined;

  /** `rule` judged on what arrived (judgedOnArrival), beside what the check asks: a failure is recorded,
   *  each message once, and never ends the case, the property or the check, whose other rules do not
   *  rest on it (an error message showing the secret says nothing of the request it answers). */
  expectOnArrival(rule: string, ok: boolean, message: string): void {
    this.judgedOnArrival(rule);
    this.known(rule);
    if (ok) return;
    const said = redactText(message);
    if (this.failures.some((f) => f.rule === rule && f.message === said)) return;
    this.evidence.pinLast();
    this.failures.push({ rule, message: said });
  }

  /** expectOnArrival where the check cites `rule` only for what arrives (arrivalsOnly), else expect. */
  expectAsCited(rule: string, ok: boolean, message: string): void {
    if (this.arrivalsOnly.has(rule)) this.expectOnArrival(rule, ok, message);
    else this.expect(rule, ok, message);
  }

  /** Hard assertion: a failure of `rule` ends the check. */
  require(rule: string, ok: boolean, message: string): void {
    this.known(rule);
    if (!ok && this.muted?.has(rule)) throw new MutedFailure(rule);
    if (!ok) {
      if (!this.inProperty) this.evidence.pinLast();
      throw new RuleFailure(rule, message);
    }
  }

  fail(rule: string, message: string): never {
    this.known(rule);
    if (this.muted?.has(rule)) throw new MutedFailure(rule);
    if (!this.inProperty) this.evidence.pinLast();
    throw new RuleFailure(rule, message);
  }

  skip(reason: string): never {
    throw new SkipCheck(reason);
  }

  /** The check cannot judge its rules. `after`: because rule `after`, judged by another check, departs
   *  (no server POST at all, JY-RED-05, leaves jy.backref.error-post nothing to read): the rules are
   *  inconclusive here, and another check's pass of them stands, marked partly (runner.ts) */
  inconclusive(reason: string, opts: { after?: string } = {}): never {
    throw new Inconclusive(reason, opts.after);
  }

  /** why `rule` could not be judged, when the check ends without asserting it (the skipped rule's reason) */
  readonly unjudged = new Map<string, string>();
  notJudged(rule: string, why: string): void {
    if (!this.check.rules.includes(rule))
      throw new Error(`check ${this.check.id} names ${rule}, which it does not declare`);
    this.unjudged.set(rule, redactText(why));
  }

  /** why `rule` cannot be judged on what the subject showed (its precondition not established, e.g.
   *  every answer a server error): the rule is inconclusive with this reason, not skipped, unless the
   *  check asserts it after all. The check itself goes on to judge its other rules. */
  readonly undecided = new Set<string>();
  cannotJudge(rule: string, why: string): void {
    this.notJudged(rule, why);
    this.undecided.add(rule);
  }

  note(message: string): void {
    this.notes.push(redactText(message));
  }

  /** rules the check judged on part of what it set out to send (an operation the SDK does not have,
   *  inputs it refused before sending anything), each with why: passed on that part, the certificate
   *  marks them `partly` with the reason, as it marks a rule one of whose checks did not run; every
   *  distinct reason is kept */
  readonly inPart = new Map<string, string>();
  judgedInPart(rule: string, why: string): void {
    if (!this.check.rules.includes(rule))
      throw new Error(`check ${this.check.id} names ${rule}, which it does not declare`);
    if (this.arrivalsOnly.has(rule)) return; // judged on all that arrived, whatever part the check sent
    const said = redactText(why);
    const before = this.inPart.get(rule);
    if (before === undefined) this.inPart.set(rule, said);
    else if (!before.split('; also ').includes(said)) this.inPart.set(rule, `${before}; also ${said}`);
  }

  /** one part of what the check sets out to judge `rule` on could not be judged (its set-up refused, a
   *  reply that shows nothing): inconclusive with `why` if the check judges none of the rest, else passed
   *  on the rest, marked partly with `why` (cannotJudge alone would read as fully passed) */
  partNotJudged(rule: string, why: string): void {
    this.cannotJudge(rule, why);
    this.judgedInPart(rule, why);
  }

  needs(c: Capability, why: string): void {
    if (!has(this.subject, c)) this.skip(`needs the subject capability '${c}' (${why})`);
  }

  clock(): ControlClient {
    if (!this.control || !has(this.subject, 'clock')) this.skip("needs the subject capability 'clock'");
    return this.control;
  }

  async listener(): Promise<Listener> {
    if (!has(this.subject, 'callbacks')) {
      this.skip('the subject cannot reach the suite: give --callback-base (a public URL forwarded to --listen-port)');
    }
    if (this.subject.callbackUnreached !== undefined)
      this.inconclusive(`the subject's calls cannot be waited for: ${this.subject.callbackUnreached}`);
    const l = await Listener.open(this.evidence, {
      listenPort: this.subject.listenPort,
      publicBase: this.subject.callbackBase,
      relay: this.subject.listenRelay,
    });
    this.listeners.push(l);
    return l;
  }

  /** The SDK under test, with a fresh recording gateway (sdk subject only); `certificate` 'foreign' (--sdk-tls):
   *  the gateway's certificate is from another CA than the run's (src/harness/sdk-tls.ts). */
  async sdk(certificate: 'run' | 'foreign' = 'run'): Promise<SdkSession> {
    const s = await SdkSession.open(
      this.subject,
      this.credentials as Record<string, string>,
      this.dispatcher,
      this.evidence,
      (op, answer, wellFormed, input) => this.onSdkAnswer?.(op, answer, wellFormed, input),
      (note) => this.note(note),
      certificate,
    );
    this.sessions.push(s);
    return s;
  }

  /** Run a property with fast-check. `body` throws (t.expect/t.require/t.fail) to reject a case.
   *  A failure is shrunk (within SHRINK_BUDGET), replayed once so the evidence shows the failing
   *  exchange first, and recorded on the rule that rejected it with what was actually sent.
   *  The k-th property of a check uses seed (checkSeed + k × 7919) | 0 (see runner.ts checkSeed). */
  async property<T>(
    rule: string,
    arb: fc.Arbitrary<T>,
    body: (value: T) => Promise<void>,
    /** `examples`: values every run tries first, within its `runs` (fast-check's examples): the cases a
     *  defect hides in that the arbitrary gives only now and then, which a few runs can miss (5 runs:
     *  a real target's default, the meta-tests', `--runs 5`; a Jysan SDK DESC has line breaks one case in
     *  three, so 5 runs missed them once in eight) */
    opts: { runs?: number; examples?: readonly T[] } = {},
  ): Promise<void> {
    // declared, but not judged by running the property: only an assertion in a case judges it (a
    // property whose every case found nothing to judge, e.g. no answer that could be read, passes nothing)
    this.declared(rule);
    const index = this.properties.length;
    const numRuns = opts.runs ?? this.runs;
    const seed = (this.seed + index * 7919) | 0;
    const replay = this.replay ? parseReplay(this.replay) : undefined;
    const path = replay && replay.index === index ? replay.path : undefined;
    const budget = SHRINK_BUDGET[this.subject.target];
    let stop: Inconclusive | undefined;
    let shrink: { requests0: number; until: number } | undefined;
    let stopped = false;
    const wasIn = this.inProperty;
    this.inProperty = true;
    const outer = this.inThisProperty;
    const mine = new Set<string>();
    this.inThisProperty = mine;
    let details: fc.RunDetails<[T]>;
    try {
      details = await fc.check(
        fc.asyncProperty(arb, async (v) => {
          if (stop) throw stop; // the subject is down: do not shrink against it
          if (shrink && (this.evidence.total - shrink.requests0 >= budget.requests || Date.now() > shrink.until)) {
            stopped = true;
            fc.pre(false); // budget spent: skip the remaining shrink candidates, sending nothing
          }
          this.cases++;
          try {
            await body(v);
          } catch (e) {
            if (e instanceof Inconclusive) stop = e;
            // the first failure starts the shrinking: from here on requests count against the budget
            shrink ??= { requests0: this.evidence.total, until: Date.now() + budget.ms };
            throw e;
          }
        }),
        {
          numRuns,
          seed,
          endOnFailure: false,
          ...(path ? { path } : {}),
          ...(opts.examples ? { examples: opts.examples.map((e): [T] => [e]) } : {}),
        },
      );
    } finally {
      this.inProperty = wasIn;
      this.inThisProperty = outer;
      for (const r of mine) outer?.add(r);
    }
    const report: PropertyReport = { rule, index, runs: details.numRuns, seed };
    if (!details.failed) for (const r of mine) this.judgedInFull.add(r);
    else if (details.errorInstance instanceof RuleFailure) {
      const by = details.errorInstance.rule;
      this.stoppers.push(by);
      for (const r of mine) if (r !== by && !this.cutShort.has(r)) this.cutShort.set(r, by);
    }
    this.properties.push(report);
    // fast-check runs nothing for a path that leads to no case (`--replay 0:999999:999999`)
    if (path && details.numRuns === 0 && !details.failed)
      throw new ReplayMismatch(
        `--replay ${index}:${path}: property ${index} of ${this.check.id} has no case at path ${path} (give the path a failure printed, with its --seed)`,
      );
    if (!details.failed) return;
    if (stop) throw stop;
    const err = details.errorInstance;
    if (err instanceof SkipCheck) throw err;
    report.path = details.counterexamplePath ?? undefined;
    report.shrinkRequests = shrink ? this.evidence.total - shrink.requests0 : 0;
    report.shrinkStopped = stopped;
    const example = details.counterexample ? details.counterexample[0] : undefined;
    report.counterexample = redactText(JSON.stringify(redact(example)) ?? 'undefined').slice(0, 2000);
    // Replay the shrunk case: its exchanges are pinned first in the evidence, and recorded as the
    // counterexample (the generated value may carry placeholders, e.g. a pg_sig the client re-signs).
    // the replay's own failure, when it fails the same rule: its message and the request it quotes are
    // of one call (a check drawing a new ORDER per call quoted the shrink's last form beside the replay's)
    let replayed: RuleFailure | undefined;
    let firstSent: Exchange | undefined;
    if (details.counterexample) {
      const before = this.evidence.total;
      this.evidence.mark(`replay of the shrunk counterexample (property ${index}, seed ${seed}, path ${report.path})`);
      try {
        this.inProperty = true;
        await body(details.counterexample[0]);
      } catch (e) {
        // expected to fail again
        if (e instanceof RuleFailure) replayed = e;
      } finally {
        this.inProperty = wasIn;
      }
      // paycert's requests, not a call the subject made to paycert's listener meanwhile (a gateway's
      // BACKREF POST arrives before the reply it answers is recorded); an SDK's requests are its own
      const sentList = this.evidence
        .since(before + 1)
        .filter((x) => x.method !== '-' && (x.direction === 'sent' || this.check.subject === 'sdk'));
      report.sent = sentList.map(renderRequest);
      firstSent = sentList[0];
    }
    // an error no assertion raised (paycert's own, or input a check did not expect: a stack overflow
    // on a hostile reply) blames no rule: the runner makes the check inconclusive with it
    if (!(err instanceof RuleFailure)) throw err;
    const failedRule = err.rule;
    const why = (replayed?.rule === failedRule && report.sent?.[0] ? replayed : err).message;
    const sent = firstSent ? `sent: ${requestLine(firstSent, why)}` : `counterexample ${report.counterexample}`;
    this.failures.push({
      rule: failedRule,
      message: redactText(
        `${why} — ${sent} (property ${index}: seed ${seed}, path ${report.path}${stopped ? `; shrinking stopped after ${report.shrinkRequests} requests` : ''})`,
      ),
    });
    const ranThrough = await this.judgeTheRest(
      arb,
      body,
      { numRuns, seed, index, examples: opts.examples },
      failedRule,
    );
    if (ranThrough === undefined) return;
    // every case judged again: what the first run asserted (its shrinking too) is cut short no more, and
    // where some case got past the muted rule, a rule not reached is not its doing (a violation kind not
    // drawn): "never reached", as in a run without the failure
    for (const r of mine) if (this.cutShort.get(r) === failedRule) this.cutShort.delete(r);
    if (ranThrough) this.stoppers.splice(this.stoppers.lastIndexOf(failedRule), 1);
  }

  /** A property stopped at its first failing case: the other rules it asserts were judged on the cases
   *  before it only. It runs again, the same cases, with the failed rule muted: where it fails again the
   *  case ends there, judged up to that point and no further (what follows may rest on it), until the
   *  property runs through or fails another rule, which is recorded and muted in turn. Run through, the
   *  rules it asserted are judged on every case they could be reached in. When every case ended at a
   *  muted rule, nothing past it was reached: a rule of the check no case asserted stays undecided
   *  (runner.ts), as does every rule when the run again is cut short (the subject in trouble, an error).
   *  Returns whether some case got past the muted rules, or undefined when cut short. */
  private async judgeTheRest<T>(
    arb: fc.Arbitrary<T>,
    body: (value: T) => Promise<void>,
    p: { numRuns: number; seed: number; index: number; examples?: readonly T[] },
    failed: string,
  ): Promise<boolean | undefined> {
    const muted = new Set([failed]);
    const outer = { inProperty: this.inProperty, inThisProperty: this.inThisProperty, muted: this.muted };
    try {
      while (muted.size <= this.check.rules.length) {
        const seen = new Set<string>();
        let ended = 0;
        this.inProperty = true;
        this.inThisProperty = seen;
        this.muted = muted;
        this.evidence.mark(`property ${p.index} again, ${[...muted].join(', ')} muted: the other rules on every case`);
        const details = await fc.check(
          fc.asyncProperty(arb, async (v) => {
            this.cases++;
            this.mutedMiss = false;
            try {
              await body(v);
            } catch (e) {
              // a muted rule failed again: this case judges nothing more (no fc.pre: fast-check would draw
              // up to a hundred times as many cases to replace it). After a muted warning the case went on:
              // anything but another rule's failure that ends it (no reply to read) rested on it after all
              if (!(e instanceof MutedFailure) && !(this.mutedMiss && !(e instanceof RuleFailure))) throw e;
              ended++;
            }
          }),
          {
            numRuns: p.numRuns,
            seed: p.seed,
            endOnFailure: true,
            ...(p.examples ? { examples: p.examples.map((e): [T] => [e]) } : {}),
          },
        );
        for (const r of seen) outer.inThisProperty?.add(r);
        const e = details.errorInstance;
        if (!details.failed) {
          for (const r of seen) this.judgedInFull.add(r);
          return ended < details.numRuns;
        }
        if (!(e instanceof RuleFailure) || muted.has(e.rule)) return undefined;
        const example = details.counterexample ? details.counterexample[0] : undefined;
        this.failures.push({
          rule: e.rule,
          message: redactText(
            `${e.message} — counterexample ${JSON.stringify(redact(example)) ?? 'undefined'} (property ${p.index} run again with ${[...muted].join(', ')} muted: seed ${p.seed}, path ${details.counterexamplePath ?? ''})`,
          ),
        });
        muted.add(e.rule);
      }
      return undefined;
    } finally {
      this.inProperty = outer.inProperty;
      this.inThisProperty = outer.inThisProperty;
      this.muted = outer.muted;
    }
  }

  async dispose(): Promise<void> {
    await this.control?.release();
    for (const l of this.listeners) l.close();
    await Promise.all(this.sessions.map((s) => s.close()));
  }
}
