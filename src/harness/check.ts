import fc from 'fast-check';
import type { ProfileId } from '../spec/paths.ts';
import type { SubjectKind } from '../spec/load.ts';
import { credentials, type Credentials } from '../spec/credentials.ts';
import { EvidenceLog } from './evidence.ts';
import { HttpClient } from './http.ts';
import type { Dispatcher } from 'undici';
import { Listener } from './listener.ts';
import { Inconclusive, RuleFailure, SkipCheck } from './outcome.ts';
import { redact, redactText } from './redact.ts';
import { has, type Capability, type Subject } from './subject.ts';
import { ControlClient } from './control.ts';
import { SdkSession } from './sdk.ts';

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
  run(t: CheckContext<P>): Promise<void>;
}

export interface Failure {
  rule: string;
  message: string;
}

export interface PropertyReport {
  rule: string;
  runs: number;
  seed: number;
  path?: string;
  counterexample?: string;
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
  ) {
    this.dispatcher = dispatcher;
    this.http = new HttpClient(dispatcher, subject.limits, this.evidence, { reuseConnections: subject.target === 'reference' });
    this.control = subject.controlUrl ? new ControlClient(subject.controlUrl, this.http) : undefined;
  }

  get credentials(): Credentials<P> {
    return credentials(this.check.profile);
  }

  /** rules this run actually judged (an assertion was evaluated): a cited rule that was never
   *  asserted is not passed by this check */
  readonly asserted = new Set<string>();

  private known(rule: string): void {
    if (!this.check.rules.includes(rule)) throw new Error(`check ${this.check.id} asserts ${rule}, which it does not declare`);
    this.asserted.add(rule);
  }

  /** Soft assertion: records a failure of `rule` and goes on (inside a property it stops the case). */
  expect(rule: string, ok: boolean, message: string): boolean {
    this.known(rule);
    if (ok) return true;
    if (this.inProperty) throw new RuleFailure(rule, message);
    this.failures.push({ rule, message: redactText(message) });
    return false;
  }

  /** Hard assertion: a failure of `rule` ends the check. */
  require(rule: string, ok: boolean, message: string): void {
    this.known(rule);
    if (!ok) throw new RuleFailure(rule, message);
  }

  fail(rule: string, message: string): never {
    this.known(rule);
    throw new RuleFailure(rule, message);
  }

  skip(reason: string): never {
    throw new SkipCheck(reason);
  }

  inconclusive(reason: string): never {
    throw new Inconclusive(reason);
  }

  note(message: string): void {
    this.notes.push(redactText(message));
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
    const l = await Listener.open(this.evidence, { listenPort: this.subject.listenPort, publicBase: this.subject.callbackBase });
    this.listeners.push(l);
    return l;
  }

  /** The SDK under test, with a fresh recording gateway (sdk subject only). */
  async sdk(): Promise<SdkSession> {
    const s = await SdkSession.open(this.subject, this.credentials as Record<string, string>, this.dispatcher, this.evidence);
    this.sessions.push(s);
    return s;
  }

  /** Run a property with fast-check. `body` throws (t.expect/t.require/t.fail) to reject a case.
   *  A failure is shrunk, replayed once so the evidence shows the failing exchange, and recorded
   *  on the rule that rejected it, with the seed and path to replay it. */
  async property<T>(rule: string, arb: fc.Arbitrary<T>, body: (value: T) => Promise<void>, opts: { runs?: number } = {}): Promise<void> {
    this.known(rule);
    const numRuns = opts.runs ?? this.runs;
    const seed = (this.seed + this.properties.length * 7919) | 0;
    let stop: Inconclusive | undefined;
    const wasIn = this.inProperty;
    this.inProperty = true;
    let details: fc.RunDetails<[T]>;
    try {
      details = await fc.check(
        fc.asyncProperty(arb, async (v) => {
          if (stop) throw stop;          // the subject is down: do not shrink against it
          this.cases++;
          try {
            await body(v);
          } catch (e) {
            if (e instanceof Inconclusive) stop = e;
            throw e;
          }
        }),
        { numRuns, seed, endOnFailure: false },
      );
    } finally {
      this.inProperty = wasIn;
    }
    const report: PropertyReport = { rule, runs: details.numRuns, seed };
    this.properties.push(report);
    if (!details.failed) return;
    if (stop) throw stop;
    const err = details.errorInstance;
    if (err instanceof SkipCheck) throw err;
    report.path = details.counterexamplePath ?? undefined;
    const example = details.counterexample ? details.counterexample[0] : undefined;
    report.counterexample = redactText(JSON.stringify(redact(example)) ?? 'undefined').slice(0, 2000);
    // Replay the shrunk case so that its exchange is the last evidence.
    if (details.counterexample) {
      this.evidence.mark(`replay of the shrunk counterexample (seed ${seed}, path ${report.path})`);
      try {
        this.inProperty = true;
        await body(details.counterexample[0]);
      } catch {
        /* expected to fail again */
      } finally {
        this.inProperty = wasIn;
      }
    }
    const why = err instanceof Error ? err.message : String(err);
    const failedRule = err instanceof RuleFailure ? err.rule : rule;
    this.failures.push({
      rule: failedRule,
      message: redactText(`${why} — counterexample ${report.counterexample} (replay: seed ${seed}, path "${report.path}")`),
    });
    if (!(err instanceof RuleFailure)) throw err;
  }

  async dispose(): Promise<void> {
    for (const l of this.listeners) l.close();
    await Promise.all(this.sessions.map((s) => s.close()));
  }
}
