import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { egressAgent } from './egress.ts';
import { Inconclusive } from './outcome.ts';
import type { EvidenceLog } from './evidence.ts';
import { encodeForm } from '../protocols/common/form.ts';
import { readReplyBody } from '../protocols/common/reply.ts';
import { charsetNote, decodeBody } from '../protocols/common/charset.ts';
import type { Barrier } from './barrier.ts';
import { flatHeaders } from '../protocols/common/headers.ts';
import {
  edgeAnswer,
  mayRefuseByContent,
  flaggedFields,
  frontWall,
  noAnswer,
  noAnswerWhy,
  notServedPage,
  proxyRefusal,
  rateLimitPage,
  type RefusedContent,
} from './edge-page.ts';
import { proxyNamed, viaProxy } from './proxy-env.ts';
import { quote, shownUrl } from './clip.ts';
import { loginHeaders, type TargetLogin } from './target-login.ts';
import { placeOf } from './per-request.ts';

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** form fields, sent as application/x-www-form-urlencoded in the given order */
  form?: Array<[string, string]>;
  timeoutMs?: number;
  /** 'gateway' (default): 5xx (but 501 Not Implemented) and 429 mean the subject is in trouble, so the check is inconclusive.
   *  'any': every status is data for the check to judge (a merchant answering 500 breaks a rule). */
  statuses?: 'gateway' | 'any';
  note?: string;
  /** the signature base string of this request (evidence only; the secret is redacted there); a
   *  function is called only if the exchange is kept and read (see EvidenceLog) */
  signatureBase?: string | (() => string);
  /** part of a deliberate burst (concurrent repeats): not paced */
  burst?: boolean;
  /** a call paycert makes as the gateway or the bank (statuses 'any', not a burst): a reply HTTP 502, 503
   *  or 504 (a gateway or proxy in front of the shop that got no answer from it, RFC 9110 15.6.3-15.6.5),
   *  or the edge's own page for those sent with a 2xx (edge-page.ts), is no answer of the shop's, and the
   *  call is sent again after a pause, as the gateway does with a result_url call that was not answered 200
   *  (seed 001 "будет предпринимать повторные попытки"), up to NO_ANSWER_RESENDS times (untilAnswered); the
   *  first reply that is an answer is the answer (`resentAfter` says what the first was), and a call never
   *  answered is Inconclusive with why (a rate limit, the edge's timeout); every attempt is evidence. A shop whose edge had one bad moment was blamed for a repeat
   *  answered otherwise (GL-MCB-06), a forged call not refused with a 4xx (JY-MRD-01/07), an amount
   *  spelled otherwise not taken (JY-MRD-14, V5-MCB-05). So is a call answered 429 (a rate limit, RFC 6585
   *  4: the call not taken), after its Retry-After or the pause. A 500 is the shop's own answer (its
   *  application ran on this very call): the rules say what it means (JY-MRD-06/11 forbid it). */
  resendNoAnswer?: boolean;
  /** with resendNoAnswer: a redirect (3xx to the same origin) to a place where an edge answers (nginx
   *  `error_page 502 https://…/50x.html`) is no answer either (edgeBehindRedirect: each place fetched
   *  once per client, a check's) */
  lookPastRedirect?: boolean;
  /** requests meant to arrive at the same time: each sends all of its body but the last byte, then
   *  waits at this barrier, so all complete together however the run is scheduled (a body-less
   *  request cannot be held and goes as it is) */
  together?: Barrier;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  text: string;
  ms: number;
  /** the reason phrase of the status line, as sent (HTTP/1.1; empty when there is none) */
  statusText?: string;
  /** the reply to a call sent again (HttpRequest.resendNoAnswer): the first reply's status (0: it got
   *  none, NoReply), and how it was no answer (noAnswer) */
  resentAfter?: { status: number; why: string };
  /** a shop's call a web application firewall's page or an edge's bare 403 answered (mayRefuseByContent): what in it a firewall
   *  flags, and how many calls to the shop got through before (besideStatus says so) */
  refusedContent?: RefusedContent;
  trailingSlash?: boolean; // a 3xx to the URL called with a "/" added (greenleaves merchant slashRedirect)
}

/** Where a shop's redirect answer led: an edge's answer (edgeAnswer), its path as known (digits masked)
 *  and the HTTP status it was served with. */
export interface RedirectPlace {
  status: number;
  page?: string;
  path: string;
  httpStatus: number;
}

/** Called with each reply as it arrives (HttpClient.onAnswer): the request's method, URL and note, and the
 *  reply, before a caller reads it (every attempt of a call sent again, a reply that makes the call
 *  inconclusive as trouble included; a proxy's own refusal not). */
export type AnswerHook = (sent: { method: string; url: string; note?: string }, reply: HttpResponse) => void;

export interface HttpLimits {
  timeoutMs: number;
  /** minimum spacing between requests to this origin (real test domains ask for 1.5–2 s) */
  minIntervalMs: number;
  /** the most Retry-After waits hold back one origin in a run (RETRY_AFTER_BUDGET_MS unless given: a test's) */
  retryAfterBudgetMs?: number;
  /** the longest one Retry-After is waited for (RETRY_AFTER_CAP_MS unless given: a test's) */
  retryAfterCapMs?: number;
}

/** Calls sent together (a burst: resendNoAnswer does not apply) that an edge answered for the shop
 *  (noAnswer: 502, 503, 504, or its page for those sent with a 2xx): each sent again, one after
 *  another, as the gateway resends a call not answered 200 (seed 001), and its second reply put in its
 *  place. Returns the statuses as a reason quotes them: those the burst got, then, when some were sent
 *  again, those it ends with. */
export async function resendUnanswered<A extends { http: { status: number; text?: string } }>(
  answers: A[],
  again: () => Promise<A>,
  /** how else an answer is no answer (HttpClient.pastRedirect) */
  also: (a: A) => Promise<string | undefined> = async () => undefined,
): Promise<string> {
  const statuses = async () => {
    const whys = await Promise.all(answers.map(async (a) => noAnswer(a.http) ?? (await also(a))));
    return { whys, said: answers.map((a, i) => whys[i]?.replace(/^HTTP /, '') ?? a.http.status).join(', ') };
  };
  const first = await statuses();
  let resent = false;
  for (let i = 0; i < answers.length; i++)
    if (first.whys[i] !== undefined) {
      answers[i] = await again();
      resent = true;
    }
  return resent ? `${first.said}; those not answered, sent again: ${(await statuses()).said}` : first.said;
}

/** A gateway's request answered by a web server's own page for a path nothing behind it serves
 *  (notServedPage): inconclusive, the reply kept for a caller that can judge it (an endpoint whose URL
 *  paycert inferred: suites/greenleaves/support.ts). */
export class NotServed extends Inconclusive {
  constructor(
    message: string,
    readonly response: HttpResponse,
  ) {
    super(message);
  }
}

/** A gateway's request answered with a status that means trouble (a 5xx but 501, a 429 still refused
 *  after its resends): inconclusive, the reply kept, so that a check that may send the request again
 *  (one the seed says must be refused: no side effect possible) can tell a gateway's answer to that
 *  input (the same 500 again, while other requests are answered) from a moment of trouble. */
export class Trouble extends Inconclusive {
  constructor(
    message: string,
    readonly response: HttpResponse,
  ) {
    super(message);
  }
}

/** A request that got no reply: the connection closed before any (an edge dropping it, "other side
 *  closed"), or a reply cut short before the length it declared. `why` says so in plain words. A shop's
 *  call (resendNoAnswer) is sent again, as one answered 502 is: the gateway calls again a result_url that
 *  did not answer 200 (seed 001), and nothing reached it (probe 23: undici's codes were the reason, and
 *  the call was never sent again). */
export class NoReply extends Inconclusive {
  constructor(
    message: string,
    readonly why: string,
  ) {
    super(message);
  }
}

/** undici's and Node's codes for a connection closed under a request */
const CLOSED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

/** How an error means no reply (NoReply's why), or undefined. `head`: the reply's status line had
 *  arrived, with its declared length. */
function noReplyWhy(e: unknown, head: { length?: number } | undefined): string | undefined {
  const err = e as { code?: string; received?: number };
  const cut = err.code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || (head !== undefined && CLOSED.has(err.code ?? ''));
  if (cut) {
    const got = err.received;
    const of =
      got === undefined
        ? ''
        : head?.length === undefined
          ? ` (after ${got} bytes)`
          : ` (${got} of ${head.length} bytes)`;
    return `the reply was cut short${of}`;
  }
  return CLOSED.has(err.code ?? '') ? 'the connection was closed without a reply' : undefined;
}

/** For a promise's catch: a NoReply returned (when `resends`: the call is sent again), else thrown. */
const noReplyIf =
  (resends: boolean) =>
  (e: unknown): NoReply => {
    if (resends && e instanceof NoReply) return e;
    throw e;
  };

/** Why a request answered so is sent again: it was not taken. 429 (RFC 6585 4: a rate limit); a
 *  gateway's 503 (RFC 9110 15.6.4: unable to handle it now; nginx's limit_req refuses with 503 unless
 *  told otherwise). A 503 without Retry-After is sent again once only (mayResend): some fronts answer
 *  so after the request reached the gateway. A shop's 503 is resent as no answer (resendNoAnswer).
 *  Their Retry-After is honoured. */
const NOT_TAKEN: Record<number, string> = {
  429: 'HTTP 429 asks for it later (Too Many Requests: a rate limit, not taken)',
  503: 'HTTP 503 asks for it later (Service Unavailable: an overload or a rate limit, not taken)',
};

/** How many times at most a shop's call not answered (429, 502/503/504, an edge's page or a redirect
 *  to one) is sent again before it is not judged, and the first pause before that (doubling after; a
 *  real target's pacing when longer: 1.5, 3, 6 s): nginx `limit_req` sends no Retry-After, and a call
 *  sent again at once met the same limit (GL-MCB-06 failed "repeat 1: HTTP 429, the first was ok"). */
export const NO_ANSWER_RESENDS = 3;
/** How many times at most a gateway's request refused as not taken (429, 503 with Retry-After) is sent
 *  again (untilTaken); a 503 without Retry-After, once (mayResend) */
export const NOT_TAKEN_RESENDS = 2;

/** Whether a gateway's reply `r` to the request sent again `k` times so far is sent again (untilTaken): a
 *  429, or a 503 with Retry-After, up to NOT_TAKEN_RESENDS times; a 503 without Retry-After only as the
 *  first resend, as before probe 24. Envoy ("upstream connect error or disconnect/reset before
 *  headers"), HAProxy and an ALB answer 503 also when the upstream reset after the request reached it:
 *  a payment may have been created, and a second resend of a POST may create it twice. */
function mayResend(r: HttpResponse, k: number): boolean {
  if (k >= NOT_TAKEN_RESENDS || !Object.hasOwn(NOT_TAKEN, r.status)) return false;
  return r.status === 429 || retryAfterMs(r.headers['retry-after']) > 0 || k === 0;
}
export const NO_ANSWER_PAUSE_MS = 200;
/** The most the pauses before such resends hold back one origin's calls in all (per process): a shop
 *  down would otherwise cost every call of the run the whole series; after it, one resend at once. */
export const NO_ANSWER_BUDGET_MS = 120_000;
const pausedByOrigin = new Map<string, number>();
/** Per run (its subject's limits: one object per subject of a run) and per URL (origin and path), the shop's
 *  calls (statuses 'any') answered with a 2xx of its own, for RefusedContent. Per URL: a 2xx of the payer's
 *  page says nothing of the callback URL a firewall guards; per run: a later run's calls are no earlier calls. */
const answeredByUrl = new WeakMap<object, Map<string, number>>();

/** The pause before the (k+1)-th resend of a shop's call not answered, counted against the origin's
 *  budget; -1 when that is spent. */
function noAnswerPause(origin: string, minIntervalMs: number, k: number): number {
  const ms = Math.max(NO_ANSWER_PAUSE_MS, minIntervalMs) * 2 ** k;
  const paused = pausedByOrigin.get(origin) ?? 0;
  if (paused + ms > NO_ANSWER_BUDGET_MS) return -1;
  pausedByOrigin.set(origin, paused + ms);
  return ms;
}

/** Last request time per origin, shared by every client of the process: the pacing a real test
 *  domain asks for holds across checks, not just within one. */
const lastByOrigin = new Map<string, number>();
/** Per origin, the time a 429 or 503 with Retry-After asked the next request to wait for (pace). */
const notBeforeByOrigin = new Map<string, number>();

/** The longest one Retry-After is waited for: a test domain asking for an hour would stall the run. A
 *  longer window is waited for this long, and the next request sent then, while the origin's budget
 *  lasts (waitBeforeNext). */
export const RETRY_AFTER_CAP_MS = 30_000;
/** The most all Retry-After waits of a run hold back one origin (per process): a target in maintenance
 *  answering every request 503 with Retry-After would otherwise wait the cap before each of its
 *  hundreds of requests. */
export const RETRY_AFTER_BUDGET_MS = 120_000;

/** Per origin, how much wall time Retry-After waits have added to the wait already scheduled, in all
 *  (RETRY_AFTER_BUDGET_MS): waits that overlap are charged once (a burst of 7 requests each answered
 *  Retry-After: 20 holds the origin back 20 s, not 140). */
const waitedByOrigin = new Map<string, number>();

/** How far paycert slows its pace to one origin by itself (raisePace): at most this long between
 *  requests (or the pace given, when longer). */
export const RAISED_PACE_CAP_MS = 5_000;

/** Per origin, the pace raised after its rate limit answered (raisePace), and when it was raised. */
const raisedByOrigin = new Map<string, { ms: number; at: number }>();

/** Per origin, how many times it asked paycert to wait (a 429 or 503 with Retry-After), for a reason. */
const askedByOrigin = new Map<string, number>();

/** How many Retry-Afters in a row, with no reply between that was not a rate limit's refusal, end the
 *  credit of the raised pace (waitBeforeNext): a target answering 429 with Retry-After: 1..5 to every
 *  request never spent the budget once the pace was 5 s, and each of its requests was sent three times,
 *  15 s a request for the whole run. */
export const REFUSED_IN_A_ROW_MAX = 10;

/** Per origin, the Retry-Afters since its last reply that was not a rate limit's refusal (tookRequest). */
const refusedInARowByOrigin = new Map<string, number>();

/** `url`'s origin answered a request with something other than a rate limit's refusal (not a 429, not a
 *  503 with Retry-After, no rate limit page): it takes requests, and the raised pace's waits are free
 *  again (waitBeforeNext). */
export function tookRequest(url: string): void {
  refusedInARowByOrigin.delete(URL.canParse(url) ? new URL(url).origin : url);
}

/** The pace to `url`'s origin: the one given (`minIntervalMs`), or the one raisePace raised it to. A
 *  pace of 0 (a burst's, a reference's) stays 0. */
export function paceFor(url: string, minIntervalMs: number): number {
  if (minIntervalMs <= 0) return minIntervalMs;
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  return Math.max(minIntervalMs, raisedByOrigin.get(origin)?.ms ?? 0);
}

/** A request to `url` sent at `sentAt` was refused by the target's rate limit (a 429, or a 503 with
 *  Retry-After): the pace there doubles for the rest of the run (from the pace given, `minIntervalMs`;
 *  at most RAISED_PACE_CAP_MS, or the pace given when longer), so that the limit is met less and its
 *  Retry-After waits do not spend the origin's budget (RETRY_AFTER_BUDGET_MS) in the first minutes: a
 *  target answering 429 with Retry-After: 3 had it spent after 41 waits, and every request inside a
 *  later window went unsent, 61 rules inconclusive where the same limit without Retry-After left 27
 *  (probe 26). Once per refusal of a request sent after the last raise: a burst answered 429 together
 *  raises it once. Says what was done, for a note, or '' (a pace of 0, or at the cap). */
export function raisePace(url: string, minIntervalMs: number, sentAt: number, now = Date.now()): string {
  if (minIntervalMs <= 0) return '';
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  const was = raisedByOrigin.get(origin);
  if (was !== undefined && sentAt <= was.at) return '';
  const current = paceFor(url, minIntervalMs);
  const ms = Math.min(Math.max(RAISED_PACE_CAP_MS, minIntervalMs), 2 * current);
  if (ms <= current) return '';
  raisedByOrigin.set(origin, { ms, at: now });
  return `the target's rate limit answered: paycert's pace to ${origin.slice(0, 200)} raised from ${current} to ${ms} ms between requests for the rest of the run`;
}

/** Per origin, the end of the latest window a Retry-After announced (uncapped). */
const askedUntilByOrigin = new Map<string, number>();

/** The origins whose Retry-After budget is spent (a wait did not fit in what was left of it), with that
 *  budget: from then on no request is sent there inside a window a Retry-After announced, each is
 *  inconclusive at once (a 429 storm answered every request with Retry-After: 20, and paycert, its budget
 *  spent, kept sending one every 1.5 s: 89 requests inside the windows, probe 24). While the budget
 *  lasts, every window is waited out, whole when it is no longer than the cap. */
const spentByOrigin = new Map<string, number>();

/** The next requests to `url`'s origin wait `ms` from `now` (a Retry-After, capped at `capMs`;
 *  `announcedMs` as announced before the cap), while the origin's budget lasts: a window no longer
 *  than the cap is waited out whole, a longer one for the cap, and the request is sent then, as before
 *  probe 24. Only the wall time added beyond the wait already scheduled is charged. A wait that does
 *  not fit in what is left of the budget spends it: no request goes there inside an announced window
 *  from then on (insideAskedWindow). Says what was done, for a note. */
export function waitBeforeNext(
  url: string,
  ms: number,
  announcedMs = ms,
  budgetMs = RETRY_AFTER_BUDGET_MS,
  now = Date.now(),
  capMs = RETRY_AFTER_CAP_MS,
): string {
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  const where = `the next requests to ${origin.slice(0, 200)}`;
  askedUntilByOrigin.set(origin, Math.max(askedUntilByOrigin.get(origin) ?? 0, now + announcedMs));
  askedByOrigin.set(origin, (askedByOrigin.get(origin) ?? 0) + 1);
  const inARow = (refusedInARowByOrigin.get(origin) ?? 0) + 1;
  refusedInARowByOrigin.set(origin, inARow);
  const waited = waitedByOrigin.get(origin) ?? 0;
  // the wait the raised pace (raisePace) schedules anyway is no wait the Retry-After adds, while the
  // target takes requests too: one refusing REFUSED_IN_A_ROW_MAX in a row is charged again, so that the
  // budget ends the waits for a target that refuses everything
  const credit = inARow <= REFUSED_IN_A_ROW_MAX ? (raisedByOrigin.get(origin)?.ms ?? 0) : 0;
  const paced = credit > 0 ? (lastByOrigin.get(origin) ?? 0) + credit : 0;
  const scheduled = Math.max(notBeforeByOrigin.get(origin) ?? 0, paced, now);
  const added = Math.max(0, now + ms - scheduled);
  if (!spentByOrigin.has(origin) && waited + added <= budgetMs) {
    waitedByOrigin.set(origin, waited + added);
    notBeforeByOrigin.set(origin, Math.max(scheduled, now + ms));
    return announcedMs > ms
      ? `Retry-After: it asked for ${Math.ceil(announcedMs / 1000)} s; ${where} wait ${Math.ceil(ms / 1000)} s, the most paycert waits for one reply`
      : `Retry-After: ${where} wait ${Math.ceil(ms / 1000)} s`;
  }
  if (!spentByOrigin.has(origin)) spentByOrigin.set(origin, budgetMs);
  return `Retry-After not waited for: ${spentWhy(origin)}; no request is sent there for ${Math.ceil(announcedMs / 1000)} s`;
}

/** Why an origin's Retry-After windows are not waited out: its budget is spent. What the summary reads
 *  (src/cli/summary.ts STOPPED_WAITING, the count) comes first, before the origin: a certificate's reason
 *  is cut at 400 characters (cutReason), and a long origin pushed the count past the cut. */
function spentWhy(origin: string): string {
  const asked = askedByOrigin.get(origin) ?? 0;
  return `paycert stopped waiting after the target asked to wait ${asked} time${asked === 1 ? '' : 's'}: the next requests to ${origin.slice(0, 200)} have waited ${(spentByOrigin.get(origin) ?? 0) / 1000} s already, all paycert waits for one target in a run (a target refusing every request would stall the run)`;
}

/** Why no request may go to `url`'s origin now: its Retry-After budget is spent (waitBeforeNext) and
 *  `now` is inside the window a Retry-After announced; undefined when one may (after pace's wait, if
 *  any: a window pace waits out blocks nothing). */
export function insideAskedWindow(url: string, now = Date.now()): string | undefined {
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  const until = askedUntilByOrigin.get(origin);
  if (
    until === undefined ||
    !spentByOrigin.has(origin) ||
    until <= now ||
    (notBeforeByOrigin.get(origin) ?? 0) >= until
  )
    return undefined;
  return `${spentWhy(origin)}; the target asked (Retry-After) for no requests to ${origin.slice(0, 200)} for ${Math.ceil((until - now) / 1000)} s more`;
}

/** How long a reply's Retry-After (RFC 9110 10.2.3: delay-seconds or an HTTP-date) asks to wait, capped
 *  at `cap` (RETRY_AFTER_CAP_MS); 0 for none, a past date or a value that is neither. */
export function retryAfterMs(value: string | undefined, now = Date.now(), cap = RETRY_AFTER_CAP_MS): number {
  const v = value?.trim();
  if (!v) return 0;
  const ms = /^[0-9]{1,10}$/.test(v) ? Number(v) * 1000 : v.length <= 64 ? Date.parse(v) - now : NaN;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, cap) : 0;
}

/** The longest window a Retry-After is kept for (a day): a larger one is kept as a day. */
const ANNOUNCED_CAP_MS = 86_400_000;

/** undici with an explicit dispatcher (never the global one), evidence, pacing and no retries:
 *  a request that could charge is never sent twice by the transport. The exceptions charge nothing: a
 *  request refused by a rate limit (429, a gateway's 503: not taken), and, asked for per request, a callback to a shop
 *  answered 502/503/504 (resendNoAnswer). */
export class HttpClient {
  /** `reuseConnections`: keep connections alive between requests. Only for a paycert reference
   *  (its servers keep an idle connection open for a minute, SERVER_TIMEOUTS in
   *  src/reference/server.ts). Against a real target whose idle timeout is unknown, every request
   *  goes on a fresh connection (`Connection: close`): a pooled socket the server has already
   *  closed would fail the request ("other side closed") after it may have been written, and the
   *  transport never re-sends a request that may have reached the target. Real targets are paced
   *  at 1.5 s, so a handshake per request costs nothing that matters. */
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly limits: HttpLimits,
    private readonly evidence: EvidenceLog,
    /** `login`: the HTTP login a real gateway's origin gets (src/harness/target-login.ts) */
    private readonly opts: { reuseConnections?: boolean; login?: TargetLogin } = {},
  ) {}

  /** Idle pooled connections are dropped after 1 s; keepAliveMaxTimeout stops a server's
   *  `Keep-Alive: timeout=` hint from stretching that (undici would otherwise trust the hint). */
  static agent(): Dispatcher {
    return egressAgent({
      connectTimeoutMs: 5_000,
      keepAliveTimeout: 1_000,
      keepAliveMaxTimeout: 1_000,
      connections: 16,
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const gateway = (req.statuses ?? 'gateway') === 'gateway';
    const single = !req.burst && !req.together;
    // a 429 is a request refused by a rate limit, not taken (RFC 6585 4): a test domain asking for
    // requests 1.5 s apart has one, so a gateway's is sent again too (untilTaken: twice at most, a third
    // refusal is trouble); so is a gateway's 503 (nginx limit_req's default answer), once only without
    // Retry-After (mayResend)
    const resends = single && !gateway && req.resendNoAnswer === true;
    const out = await this.sendOnce(req, gateway && single ? (r) => mayResend(r, 0) : undefined).catch(
      noReplyIf(resends),
    );
    if (out instanceof NoReply) return this.untilAnswered(req, out);
    if (!single || (!gateway && !req.resendNoAnswer)) return out;
    if (!gateway) return this.untilAnswered(req, out);
    return this.untilTaken(req, out);
  }

  /** A gateway's request refused as not taken (NOT_TAKEN: 429, 503) is sent again, up to
   *  NOT_TAKEN_RESENDS times (a 503 without Retry-After once: mayResend): after the wait its Retry-After
   *  asked for (pace; none inside a window once the origin's budget is spent), else the first time after
   *  the pacing and then after twice the pacing
   *  (a limit tighter than the pace refused the resend sent one pace later too, probe 24's rl-tight),
   *  counted against the origin's NO_ANSWER_BUDGET_MS. A random 503 (Retry-After: 5)
   *  whose resend met a random 429 ended a field check of 150 requests (probe 24: GL-INV-02, GL-PAGE-03
   *  unjudged). Still refused at the last: trouble, inconclusive (sendOnce). */
  private async untilTaken(req: HttpRequest, out: HttpResponse): Promise<HttpResponse> {
    const origin = URL.canParse(req.url) ? new URL(req.url).origin : req.url;
    let r = out;
    for (let k = 0; mayResend(r, k); k++) {
      const asked = retryAfterMs(r.headers['retry-after']) > 0;
      const pause = asked || k === 0 ? 0 : noAnswerPause(origin, paceFor(req.url, this.limits.minIntervalMs), k);
      if (pause < 0) {
        const method = req.method ?? (req.body === undefined && req.form === undefined ? 'GET' : 'POST');
        throw new Inconclusive(
          `${method} ${shownUrl(req.url)} answered HTTP ${r.status} each of the ${k + 1} times it was sent: the subject is in trouble, not judged (the pauses before sending again to ${origin.slice(0, 200)} are spent: ${NO_ANSWER_BUDGET_MS / 1000} s in a run)`,
        );
      }
      if (pause > 0) await new Promise((w) => setTimeout(w, pause));
      // the last resend's refusal is trouble (sendOnce throws it)
      r = await this.sendOnce(
        {
          ...req,
          note: `${req.note ?? 'the request'}, sent again${k > 0 ? ` (${k + 1})` : ''}${pause > 0 ? ` after ${pause} ms` : ''}: ${NOT_TAKEN[r.status]!}`,
        },
        (x) => mayResend(x, k + 1),
      );
    }
    return r === out ? out : { ...r, resentAfter: { status: out.status, why: `HTTP ${out.status}` } };
  }

  /** How a shop's answer is no answer (noAnswer, a 429, or with lookPastRedirect a redirect to an
   *  edge's page), or undefined. */
  private async unanswered(req: HttpRequest, r: HttpResponse | NoReply): Promise<string | undefined> {
    if (r instanceof NoReply) return r.why;
    if (r.status === 429) return 'HTTP 429';
    return noAnswer(r) ?? (req.lookPastRedirect ? await this.pastRedirect(req.url, r) : undefined);
  }

  /** A shop's call (resendNoAnswer) answered `out`: when that is no answer of the shop's, the call is
   *  sent again after a pause, as the gateway calls again a result_url not answered 200 (seed 001 "будет
   *  предпринимать повторные попытки"): up to NO_ANSWER_RESENDS times, the pause doubling from
   *  max(NO_ANSWER_PAUSE_MS, the subject's pacing), or what a Retry-After asks for (pace), while the
   *  origin's NO_ANSWER_BUDGET_MS lasts (then once, at once). An edge's page sent with a 2xx is sent
   *  again once: the gateway takes a 2xx as answered, so that call is lost (suites/shop-answers.ts LOST_CALL_RULES), and the second
   *  reply is there to judge the rest on. A call still not answered is not judged: Inconclusive, with
   *  what it was answered (noAnswerWhy: a rate limit, the edge's timeout), never the basis of a failure
   *  or of a comparison ("the first was ok, the repeat 429"). */
  private async untilAnswered(req: HttpRequest, out: HttpResponse | NoReply): Promise<HttpResponse> {
    const first = await this.unanswered(req, out);
    if (first === undefined && !(out instanceof NoReply)) return out;
    const as2xx = !(out instanceof NoReply) && out.status >= 200 && out.status < 300;
    const origin = URL.canParse(req.url) ? new URL(req.url).origin : req.url;
    const started = Date.now();
    let r = out;
    let why: string | undefined = first;
    let sent = 1;
    for (let k = 0; why !== undefined && k < (as2xx ? 1 : NO_ANSWER_RESENDS); k++) {
      // a Retry-After (429, 503) is waited for by pace; without one the pause is the gateway's
      const asked =
        !(r instanceof NoReply) &&
        ((Object.hasOwn(NOT_TAKEN, r.status) && /^\s*[0-9]{1,10}\s*$/.test(r.headers['retry-after'] ?? '')) ||
          retryAfterMs(r.headers['retry-after']) > 0);
      const pause = as2xx || asked ? 0 : noAnswerPause(origin, paceFor(req.url, this.limits.minIntervalMs), k);
      if (pause < 0) k = NO_ANSWER_RESENDS - 1; // the origin's budget is spent: this resend is the last
      if (pause > 0) await new Promise((w) => setTimeout(w, pause));
      const shown =
        r instanceof NoReply
          ? `${why}, no answer of the shop's`
          : r.status === 429
            ? NOT_TAKEN[429]!
            : `${why} is no answer of the shop's (an edge in front of it got none)`;
      r = await this.sendOnce({
        ...req,
        note: `${req.note ?? 'the call'}, sent again${k > 0 ? ` (${k + 1})` : ''}${pause > 0 ? ` after ${pause} ms` : ''}: ${shown}`,
      }).catch(noReplyIf(true));
      sent++;
      why = await this.unanswered(req, r);
    }
    if (r instanceof NoReply || (why !== undefined && !(r.status >= 200 && r.status < 300))) {
      const what = r instanceof NoReply ? r.why : (noAnswerWhy(r) ?? why);
      // the path is enough to say which call: a redirect's query is a page long
      const where = URL.canParse(req.url) ? `${origin}${new URL(req.url).pathname}` : req.url;
      throw new Inconclusive(
        `${req.method ?? (req.body === undefined && req.form === undefined ? 'GET' : 'POST')} ${shownUrl(where)} ${r instanceof NoReply ? 'got no answer:' : 'was answered'} ${what} each of the ${sent} times it was sent over ${Math.round((Date.now() - started) / 100) / 10} s (sent again after pauses, as the gateway, the bank or a payer reloading calls again one it got no answer to): the shop never took the call, so nothing it would have shown is judged`,
      );
    }
    return { ...r, resentAfter: { status: out instanceof NoReply ? 0 : out.status, why: first! } };
  }

  /** Called with every reply as it arrives (AnswerHook): a rule judged on every answer of a subject
   *  (suites/shop-answers.ts shopChecks, the merchant's answers never showing its secret). */
  onAnswer: AnswerHook | undefined;

  // where same-origin redirects led (edgeBehindRedirect), each place fetched once by this client
  private readonly places = new Map<string, Promise<RedirectPlace | undefined>>();

  /** A redirect answer (3xx) to a place of the same origin as `url` where an edge answers (edgeAnswer:
   *  nginx `error_page 502 https://…/50x.html`): the redirect was the edge's, the shop gave no answer.
   *  Undefined for any other answer. Each place is fetched once by this client (a check's), known by
   *  placeOf its path (a shop's /orders/4911834/thanks is one place for every order), so a shop's own pages are not fetched again for every call. */
  async edgeBehindRedirect(
    url: string,
    r: { status: number; headers?: Record<string, string> },
  ): Promise<RedirectPlace | undefined> {
    const at = r.status >= 300 && r.status < 400 ? r.headers?.location : undefined;
    if (at === undefined || !URL.canParse(url) || !URL.canParse(at, url)) return undefined;
    const to = new URL(at, url);
    if (to.origin !== new URL(url).origin) return undefined;
    const path = placeOf(to.pathname);
    let found = this.places.get(path);
    if (found === undefined) {
      found = this.sendOnce({
        url: to.toString(),
        statuses: 'any',
        note: `where an answer's HTTP ${r.status} leads`,
      }).then(
        (p) => {
          const edge = edgeAnswer(p);
          return edge && { ...edge, path, httpStatus: p.status };
        },
        () => undefined,
      );
      this.places.set(path, found);
    }
    return found;
  }

  /** How a redirect answer was no answer ("HTTP 302 to /50x.html, then HTTP 200 with an edge's "502
   *  Bad Gateway" page"), see edgeBehindRedirect; else undefined. */
  async pastRedirect(
    url: string,
    r: { status: number; headers?: Record<string, string> },
  ): Promise<string | undefined> {
    const p = await this.edgeBehindRedirect(url, r);
    return (
      p && `HTTP ${r.status} to ${p.path}, then HTTP ${p.httpStatus}${p.page ? ` with an edge's "${p.page}" page` : ''}`
    );
  }

  /** A result_url answer the gateway would call again (seed 001: "ответ от сервера был не со статусом
   *  200"): how it was not answered 200 (pastRedirect's reason for a redirect to an edge's page, else
   *  "HTTP 409"), or undefined for an HTTP 200. For resendUnanswered's `also`. */
  async notAnswered200(
    url: string,
    r: { status: number; headers?: Record<string, string> },
  ): Promise<string | undefined> {
    return (await this.pastRedirect(url, r)) ?? (r.status === 200 ? undefined : `HTTP ${r.status}`);
  }

  /** `resentIf`: a reply it holds is returned, not thrown as trouble (a 429 or 503 untilTaken resends) */
  private async sendOnce(req: HttpRequest, resentIf?: (r: HttpResponse) => boolean): Promise<HttpResponse> {
    // a URL taken from a hostile or broken reply (pg_redirect_url, a form's action) may be no text
    if (typeof req.url !== 'string')
      throw new Inconclusive(`no request sent: the URL is no text but ${quote(JSON.stringify(req.url) ?? '', 200)}`);
    const headers: Record<string, string> = { ...loginHeaders(req.url, this.opts.login), ...(req.headers ?? {}) };
    let body = req.body;
    if (req.form) {
      body = encodeForm(req.form);
      headers['content-type'] ??= 'application/x-www-form-urlencoded; charset=utf-8';
    }
    const method = req.method ?? (body === undefined ? 'GET' : 'POST');
    // a window a Retry-After announced once the origin's budget is spent: nothing is sent there (a
    // burst neither)
    const asked = insideAskedWindow(req.url);
    if (asked !== undefined) throw new Inconclusive(`${method} ${shownUrl(req.url)} not sent: ${asked}; not judged`);
    // a burst is not paced, but waits out a Retry-After paycert waits for too: nothing goes inside it
    if (req.burst) await paceOrigin(req.url, 0, false);
    else await this.pace(req.url);
    // a reply that came while this one waited may have announced a window
    const later = insideAskedWindow(req.url);
    if (later !== undefined) throw new Inconclusive(`${method} ${shownUrl(req.url)} not sent: ${later}; not judged`);
    const held = req.together && body !== undefined && body.length > 0 ? heldBack(body, req.together) : undefined;
    if (held) headers['content-length'] = String(held.length);
    const started = Date.now();
    const timeout = req.timeoutMs ?? this.limits.timeoutMs;
    const bodyText =
      body === undefined ? undefined : typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    // the request half of the evidence, with the outcome or the error added
    const sent = {
      at: new Date(started).toISOString(),
      direction: 'sent' as const,
      method,
      url: req.url,
      requestHeaders: headers,
      requestBody: bodyText,
      signatureBase: req.signatureBase,
    };
    // undici's timeouts each bound one pause; a reply trickling in a byte at a time would never end
    const whole = new Deadline(2 * timeout);
    // the reply's head, once it arrived (a reply cut short says how much of its length came)
    let head: { length?: number } | undefined;
    try {
      const res = await request(req.url, {
        signal: whole,
        method: method as Dispatcher.HttpMethod,
        headers,
        body: held ? held.chunks : body,
        dispatcher: this.dispatcher,
        reset: this.opts.reuseConnections !== true,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const length = Number(res.headers['content-length']);
      head = { ...(Number.isSafeInteger(length) && { length }) };
      const buf = await readReplyBody(res);
      const decoded = decodeBody(buf, res.headers['content-type']);
      const out: HttpResponse = {
        status: res.statusCode,
        statusText: res.statusText ?? '',
        headers: flatHeaders(res.headers),
        body: buf,
        text: decoded.text,
        ms: Date.now() - started,
      };
      // a shop's call: a firewall's block page says what in this call it may have flagged
      if (req.statuses === 'any') {
        const u = new URL(req.url);
        const at = `${u.origin}${u.pathname}`;
        let answered = answeredByUrl.get(this.limits);
        if (answered === undefined) answeredByUrl.set(this.limits, (answered = new Map()));
        if (mayRefuseByContent(out))
          out.refusedContent = { flagged: flaggedFields(req.url, bodyText), passed: answered.get(at) ?? 0 };
        else if (out.status >= 200 && out.status < 300 && noAnswer(out) === undefined)
          answered.set(at, (answered.get(at) ?? 0) + 1);
      }
      const charset = charsetNote(decoded);
      // a 429 or 503 saying when to come back (Retry-After): the next requests to this origin wait till
      // then, every check's, so one rate limit does not make every check after it inconclusive too
      const cap = this.limits.retryAfterCapMs ?? RETRY_AFTER_CAP_MS;
      const waitMs = Object.hasOwn(NOT_TAKEN, out.status)
        ? retryAfterMs(out.headers['retry-after'], Date.now(), cap)
        : 0;
      const announced = waitMs > 0 ? retryAfterMs(out.headers['retry-after'], Date.now(), ANNOUNCED_CAP_MS) : 0;
      const waited =
        waitMs > 0 ? waitBeforeNext(req.url, waitMs, announced, this.limits.retryAfterBudgetMs, Date.now(), cap) : '';
      // refused by the target's rate limit (429, or 503 with Retry-After): paycert slows down there
      const raised =
        !req.burst && (out.status === 429 || (out.status === 503 && waitMs > 0))
          ? raisePace(req.url, this.limits.minIntervalMs, started)
          : '';
      const waits = [waited, raised].filter(Boolean).join('; ');
      // a reply that is no rate limit's refusal: the target takes requests (the raised pace's credit)
      const limited = rateLimitPage(out);
      if (!Object.hasOwn(NOT_TAKEN, out.status) && limited === undefined) tookRequest(req.url);
      this.evidence.add({
        ...sent,
        status: out.status,
        responseHeaders: out.headers,
        responseBody: out.text,
        ms: out.ms,
        note: [req.note, charset, waits].filter(Boolean).join('; ') || undefined,
      });
      // the refusal of the proxy paycert reaches the subject through (HTTP_PROXY forwarding an http://
      // request): neither the gateway's reply nor the shop's (the gateway's calls never pass through it)
      const proxy = proxyNamed(req.url);
      const refused = proxy === undefined ? undefined : proxyRefusal(out);
      if (refused !== undefined)
        throw new Inconclusive(
          `the proxy at ${proxy} answered ${method} ${shownUrl(req.url)} itself (HTTP ${out.status}, ${refused}): not the subject's reply, not judged (let the proxy reach it, or list its host in NO_PROXY)`,
        );
      // the subject's reply, as it arrives: before a caller reads it, and before it is taken as trouble
      this.onAnswer?.({ method, url: req.url, ...(req.note !== undefined && { note: req.note }) }, out);
      // 501 is no trouble but an answer (RFC 9110 §15.6.2: the method or function is not supported). An
      // edge's 502/503/504 page sent with a 2xx is the edge's answer, as its 502 is: the subject's
      // rules were failed on "no pg_sig", "no X-Request-Id" of nginx's page (GL-SIG-11, V5-RSP-01)
      if ((req.statuses ?? 'gateway') === 'gateway') {
        const resent = resentIf?.(out) === true;
        const trouble =
          ((out.status >= 500 && out.status !== 501) || out.status === 429) && !resent
            ? `HTTP ${out.status}`
            : out.status >= 200 && out.status < 300
              ? noAnswer(out)
              : undefined;
        if (trouble !== undefined)
          throw new Trouble(
            `${method} ${shownUrl(req.url)} answered ${trouble}: the subject is in trouble, not judged${waits ? ` (${waits})` : ''}`,
            out,
          );
        // a bot wall's challenge or a firewall's block page: V5-RSP-01 failed on "no X-Request-Id",
        // GL-SIG-11 on "no pg_sig", V5-FMT-03 passed, all on Cloudflare's "Just a moment..."
        const wall = frontWall(out);
        if (wall !== undefined)
          throw new Inconclusive(
            `${method} ${shownUrl(req.url)} answered HTTP ${out.status} with ${wall}: not the API's reply, not judged (let paycert's requests through to the subject)`,
          );
        // a rate limiter's page sent in the API's place (nginx `error_page 429 =200`: "Slow down / Too many
        // requests" with HTTP 200): JY-PAY-17, JY-3DS-06, JY-ERR-21 were judged on it while 85 rules called
        // the same page unreadable (probe 26). Not sent again: a 2xx may have been taken (limited, above);
        // and paycert slows down there, as after a 429
        if (limited !== undefined && !req.burst) raisePace(req.url, this.limits.minIntervalMs, started);
        if (limited !== undefined)
          throw new Inconclusive(
            `${method} ${shownUrl(req.url)} answered HTTP ${out.status} with ${limited}: a rate limit page, not the API's reply, not judged (pace paycert slower: --pace)`,
          );
        // nginx's own 404 page for a documented path the test domain does not route: V5-ACT-02/04,
        // V5-FLOW-02/03/04, V5-FMT-01/04, V5-ERR-03 warned on it, as if the API had answered so
        const gone = notServedPage(out);
        if (gone !== undefined)
          throw new NotServed(
            `${method} ${shownUrl(req.url)} answered HTTP ${out.status} with ${gone}: the path is not served there, not the API's reply, not judged`,
            out,
          );
      }
      return out;
    } catch (e) {
      if (e instanceof Inconclusive) throw e;
      let msg = whole.aborted
        ? `the reply took more than ${2 * timeout} ms in all`
        : (notHttpReason(e) ?? (e as Error).message);
      // undici's word for any reply its HTTP/1.1 parser refuses, an interim 100 Continue the request did
      // not ask for included: interimTolerant drops those at the start of a connection, so one is left
      // only after an earlier reply on a kept-alive connection
      // undici's words for a reply with more header bytes than it reads: said as the pre-flight says it
      const overflow = (e as { code?: string }).code === 'UND_ERR_HEADERS_OVERFLOW';
      if (overflow) msg = HEADERS_OVERFLOW;
      if (msg === 'bad response')
        msg +=
          ' (the reply is not HTTP/1.1 that paycert can read: malformed, or a 100 Continue the request did not ask for after an earlier reply on the same connection, which its HTTP client does not read past)';
      const none = whole.aborted ? undefined : noReplyWhy(e, head);
      if (none !== undefined) msg = `${none} (${(e as { code?: string }).code}: ${msg})`;
      this.evidence.add({
        ...sent,
        error: msg,
        ms: Date.now() - started,
      });
      if (none !== undefined)
        throw new NoReply(`${method} ${shownUrl(req.url)} could not be completed${viaProxy(req.url)}: ${msg}`, none);
      throw new Inconclusive(
        `${method} ${shownUrl(req.url)} could not be completed${viaProxy(req.url)}: ${whole.aborted || overflow ? '' : ((e as { code?: string }).code ?? '')} ${msg}`.replace(
          /\s+/g,
          ' ',
        ),
      );
    } finally {
      whole.end();
    }
  }

  private async pace(url: string): Promise<void> {
    await paceOrigin(url, paceFor(url, this.limits.minIntervalMs));
  }
}

/** Waits till a request may go to `url`'s origin (`minIntervalMs` after the last one of this process,
 *  and after a Retry-After's wait), and records it as sent (unless `record` is false: a burst's). The
 *  secret pre-flight goes through it too, paced after the reference probe (sentTo): they arrived
 *  0.2–0.9 s apart (probe 24). The checks run in vitest worker processes, which share none of this
 *  memory with the CLI's: their first request is spaced from the pre-flight only by the time the
 *  workers take to start. */
export async function paceOrigin(url: string, minIntervalMs: number, record = true): Promise<void> {
  if (minIntervalMs <= 0 && notBeforeByOrigin.size === 0) return;
  // a URL that is not one is refused by request() below, as its own inconclusive outcome
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  for (;;) {
    const next = Math.max(
      (lastByOrigin.get(origin) ?? 0) + Math.max(minIntervalMs, 0),
      notBeforeByOrigin.get(origin) ?? 0,
    );
    const wait = next - Date.now();
    if (wait <= 0) break;
    await new Promise((r) => setTimeout(r, wait));
  }
  if (record) lastByOrigin.set(origin, Date.now());
}

/** Records a request sent to `url`'s origin now, for the pacing of the next (a start-up probe sent
 *  before the run knows its pace). */
export function sentTo(url: string, now = Date.now()): void {
  lastByOrigin.set(URL.canParse(url) ? new URL(url).origin : url, now);
}

/** The deadline of one whole exchange, as the signal undici's `request` takes (an AbortSignal or an
 *  EventEmitter with `aborted`, `reason` and an 'abort' event). Its timer ends with the exchange.
 *  `AbortSignal.timeout` kept a timer (and a weak reference with a finalizer) pending for the whole
 *  2 × timeout after every request, thousands of them in a property run, and an EventTarget
 *  listener per request: ~3 % of a case's CPU. */
class Deadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.reason = Object.assign(new Error(`the exchange took more than ${ms} ms in all`), { name: 'TimeoutError' });
      this.emit('abort');
    }, ms);
    this.timer.unref();
  }

  end(): void {
    clearTimeout(this.timer);
  }
}

/** Why a reply with more header bytes than undici reads (UND_ERR_HEADERS_OVERFLOW) is no answer. */
export const HEADERS_OVERFLOW =
  'it answered with more header bytes than an HTTP client reads (16 KiB): no answer paycert can judge';

/** The record types of TLS (change_cipher_spec 20, alert 21, handshake 22, application_data 23)
 *  followed by a major version 3: what an HTTPS-only port sends back to a plain-HTTP request. */
const TLS_RECORD = /^[\x14-\x17]\x03[\x00-\x04]/;

/** A one-line name for an answer undici's HTTP/1.1 parser refused, when its bytes say what it is
 *  (undici keeps them in the error's `data`): TLS on a plain-HTTP URL. Undefined otherwise. */
export function notHttpReason(e: unknown): string | undefined {
  const data = (e as { name?: string; data?: unknown }).data;
  if ((e as Error | undefined)?.name !== 'HTTPParserError' || typeof data !== 'string') return undefined;
  if (TLS_RECORD.test(data)) return 'it answered with TLS, not HTTP: the target speaks HTTPS, so give an https:// URL';
  return undefined;
}

/** An API call answered with a redirect (3xx with a Location) got no reply of the API: paycert never
 *  follows one (it may lead to another host, another scheme, file:// or back to itself; a POST
 *  would become a GET), so nothing about the API can be judged on it. Usually the target URL is not
 *  the one that answers (http:// for an https:// service, a missing path prefix). For the callers
 *  whose replies are API replies (g2g and v5); Jysan's payment replies may redirect the payer. */
export function refuseRedirect(res: HttpResponse, what: string): HttpResponse {
  const location = res.headers['location'];
  if (res.status >= 300 && res.status < 400 && res.status !== 304 && location !== undefined)
    throw new Inconclusive(
      `${shownUrl(what)} answered HTTP ${res.status} to ${JSON.stringify(quote(location, 200))}: a redirect, not a reply of the API, and paycert does not follow redirects; give --target the URL that answers`,
    );
  return res;
}

/** A body sent as all but its last byte, then, once `gate` opened, the last byte: what the
 *  receiver reads as the request's end comes at the same moment for every request held at `gate`. */
function heldBack(body: string | Uint8Array, gate: Barrier): { length: number; chunks: Readable } {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    length: bytes.length,
    chunks: Readable.from(
      (async function* () {
        if (bytes.length > 1) yield bytes.subarray(0, bytes.length - 1);
        await gate.arrive();
        yield bytes.subarray(bytes.length - 1);
      })(),
      { objectMode: false },
    ),
  };
}
