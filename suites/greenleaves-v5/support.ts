import { oncePerCheck, type CheckContext } from '../../src/harness/check.ts';
import { phpNoticeIn } from '../../src/harness/diagnostics.ts';
import { describeDuplicates } from '../../src/protocols/common/json-names.ts';
import {
  ambiguous,
  ERROR_STATUS,
  GreenleavesV5Client,
  ownError,
  type CallOptions,
  type V5Payment,
  type V5Reply,
  type V5Sent,
} from '../../src/sdk/greenleaves-v5.ts';
import { getSchema, schemaId, validate, type Validation } from '../../src/spec/ajv.ts';
import {
  g2gHeader,
  serialiseHeader,
  signDetachedRaw,
  signedUri,
  type Bytes,
  type V5Operation,
} from '../../src/protocols/greenleaves-v5/index.ts';
import { JWS_ERROR_CODE } from '../../src/protocols/greenleaves-v5/errors.ts';
import { findCard, loadCards, type TestCard } from '../../src/spec/greenleaves-cards.ts';
import { loadErrors } from '../../src/spec/load.ts';
import { CREDENTIAL_VARS } from '../../src/spec/credentials.ts';
import { orderIds } from '../order-ids.ts';
import { Inconclusive } from '../../src/harness/outcome.ts';
import { refuseRedirect } from '../../src/harness/http.ts';
import { storedCopy } from '../../src/harness/stored-copy.ts';
import { afterControl, controlRefusedWhy, type Control } from '../../src/harness/forgery-control.ts';
import { quote } from '../../src/harness/clip.ts';
import { judgeLeak } from '../no-leak.ts';

export type Ctx = CheckContext<'greenleaves-v5'>;
export type Body = Record<string, unknown>;

export const P = 'greenleaves-v5' as const;

export function client(t: Ctx, secretKey = t.credentials.secretKey): GreenleavesV5Client {
  return new SettlingClient(t, t.credentials.authId, secretKey);
}

/** The path prefix the run's JWS uri carries: "" (the API path) unless the pre-flight found the gateway
 *  takes the full path called (src/cli/preflight.ts signedUriPreflight). */
export const uriPrefix = (t: Ctx): string => t.subject.jwsUri?.prefix ?? '';

/** The JWS uri of a request to the API path `path`, as the run signs it. */
export const uriOf = (t: Ctx, path: string): string => signedUri(path, uriPrefix(t));

/** Statuses of a payment still being processed. The seed documents no statuses, and the vendor's
 *  pages call the API asynchronous: a create may answer before the payment has its outcome. */
export const IN_PROGRESS = /^(new|created|pending|processing|in[_ -]?progress|waiting)$/i;
const SETTLE_MS = 15_000;

/** V5-FMT-02's status words (payment.schema.json). A gateway with words of its own ("success" for
 *  cleared, "failed" for declined: the seed names none) is V5-FMT-02's finding; the other rules then
 *  judge what the amounts and the decline object show, not the word a second time. */
export const STATUS_WORDS: readonly string[] = (
  getSchema(schemaId(P, 'payment')).properties as { status: { enum: string[] } }
).status.enum;
const WORDS: ReadonlySet<unknown> = new Set(STATUS_WORDS);
export const ownWord = (status: unknown): boolean => typeof status === 'string' && !WORDS.has(status);

/** Whether two status words name one status: undefined when one is a word of payment.schema.json and
 *  the other a word of the gateway's own ("captured" in a create reply, "cleared" in its read and its
 *  callback): which of its words means which cannot be told here, and the word is V5-FMT-02's finding. */
export function sameStatus(a: unknown, b: unknown): boolean | undefined {
  if (a === b) return true;
  return ownWord(a) === ownWord(b) ? false : undefined;
}

/** A reply body against payment.schema.json for V5-FMT-01: the status words (of the payment and of
 *  its history) are V5-FMT-02's, so a word of the gateway's own is not a second finding here. Members
 *  of the gateway's own are no finding either: seed 000 documents no reply body, so none of its objects
 *  is closed (probe 25: payment_method, test_mode); the schema stays closed for the reference's own. */
export function paymentShape(body: unknown): Validation {
  const v = validate(schemaId(P, 'payment'), body);
  const errors = v.errors.filter(
    (e) =>
      e.keyword !== 'additionalProperties' &&
      !(e.keyword === 'enum' && /^\/(operations\/\d+\/)?status$/.test(e.instancePath)),
  );
  return { ok: errors.length === 0, errors };
}

/** A refusal's body against error.schema.json for V5-FMT-04. Members of the gateway's own (request_id
 *  beside the error object's, a trace id) are no finding, as for V5-FMT-01: no error body is published
 *  (digest §B6), so none of its objects is closed; the members the schema requires and their forms are judged. */
export function errorShape(body: unknown): Validation {
  const v = validate(schemaId(P, 'error'), body);
  const errors = v.errors.filter((e) => e.keyword !== 'additionalProperties');
  return { ok: errors.length === 0, errors };
}

/** The payment's decline object, when it shows one: optional in payment.schema.json, and the seed
 *  documents no reply, so a payment without one (or with `"decline": null`, a record printing every
 *  key) shows nothing about a decline's code, right or wrong. */
export const declineOf = (p: V5Payment): V5Payment['decline'] =>
  p.decline === null || p.decline === undefined ? undefined : p.decline;

/** Whether the payment was declined: its status `declined`; with a word of the gateway's own, its
 *  decline object, or money cleared (not declined). `undefined`: a word of its own, no decline object
 *  and nothing cleared, which an authorised (or reversed) payment shows as well. */
export function isDeclined(p: V5Payment): boolean | undefined {
  if (!ownWord(p.status)) return p.status === 'declined';
  if (declineOf(p) !== undefined) return true;
  return Number(p.cleared_amount) > 0 ? false : undefined;
}

/** An amount as a number: a JSON number, or a decimal string ("300.00": a gateway printing BigDecimal
 *  as text; the type is V5-FMT-01's finding, not the other rules'); anything else as it is. */
export const money = (v: unknown): unknown => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);

/** Whether the payment was authorised and cleared in full: its status `cleared`; with a word of the
 *  gateway's own, no decline object and `cleared_amount` equal to `amount`. `undefined`: a word of its
 *  own, no decline object and no amounts to compare (a reply leaving them out shows nothing). */
export function isCleared(p: V5Payment): boolean | undefined {
  if (!ownWord(p.status)) return p.status === 'cleared';
  if (declineOf(p) !== undefined) return false;
  const [cleared, amount] = [money(p.cleared_amount), money(p.amount)];
  return typeof cleared === 'number' && typeof amount === 'number' ? cleared === amount : undefined;
}

/** Whether a payment created with `auto_clearing` (sent explicitly: seed 000 documents no default) is
 *  in the state a check's set-up asked for: cleared (true) or authorised only (false); undefined when a
 *  word of the gateway's own without amounts cannot tell. */
export function madeAs(p: V5Payment, autoClearing: boolean): boolean | undefined {
  if (autoClearing) return isCleared(p);
  if (!ownWord(p.status)) return p.status === 'authorized';
  if (declineOf(p) !== undefined) return false;
  const cleared = money(p.cleared_amount);
  return typeof cleared === 'number' ? cleared === 0 : undefined;
}

/** A check's set-up payment `p` (created with `autoClearing`) is as asked (madeAs), or `rule`, whose
 *  steps would judge another state, cannot be judged on it: a gateway that clears or holds otherwise is
 *  V5-FLOW-01's finding. Returns whether the steps may go on. */
export function setUpAs(t: Ctx, rule: string, p: V5Payment, autoClearing: boolean, what: string): boolean {
  if (madeAs(p, autoClearing) !== false) return true;
  t.cannotJudge(
    rule,
    `${what}: created with auto_clearing ${autoClearing}, the payment is ${shown(p.status)} with cleared_amount ${shown(p.cleared_amount)}, not ${autoClearing ? 'cleared' : 'authorised only'} (V5-FLOW-01 judges that)`,
  );
  return false;
}

/** errors.json's decline of a card (declined-by-issuer: 4001). */
const ISSUER_DECLINE = loadErrors(P).codes.find((c) => c.name === 'declined-by-issuer')!.code;

/** A decline that is not errors.json's card decline and whose name or message names check_url (or the
 *  merchant's approval): a gateway's own code for a payment V5-CB-03 stopped. */
export function declinedForCheckUrl(decline: { code?: unknown; name?: unknown; message?: unknown }): boolean {
  if (decline.code === ISSUER_DECLINE) return false;
  return /check[_ ]?url|merchant/i.test(JSON.stringify([decline.name, decline.message]));
}

/** V5-CARD-01/-03 (`rule`): `p`, the payment of a card that must be declined, is declined with
 *  decline.code 4001. Without a decline object the status alone shows the decline and the code is not
 *  judged (noted); when not even the status can tell (isDeclined undefined) the case is not judged. */
export function expectDeclined(t: Ctx, rule: string, r: V5Reply, p: V5Payment | undefined, what: string): void {
  const declined = p && isDeclined(p);
  const decline = p && declineOf(p);
  // declined for the merchant's check_url (one set up with the merchant, say: V5-CB-03 lets no money be
  // taken without its "ok"), not for the card: the card's outcome is not shown
  if (declined && decline !== undefined && declinedForCheckUrl(decline))
    return t.partNotJudged(
      rule,
      `${what}: ${describe(r)}, decline ${shown(decline)} names the merchant's check_url, not the card (errors.json's card decline is ${ISSUER_DECLINE}): how the card is declined is not shown`,
    );
  if (p && declined === undefined)
    return t.cannotJudge(
      rule,
      `${what}: status "${shown(p.status)}" is a word of the gateway's own (V5-FMT-02), with no decline object and nothing cleared: whether it was declined cannot be seen (${describe(r)})`,
    );
  if (declined && decline === undefined)
    t.note(`${what}: the payment shows no decline object, so only its status was judged, not decline.code`);
  t.expect(
    rule,
    !!declined && (decline === undefined || decline.code === 4001),
    `${what}: ${describe(r)}, ${decline === undefined ? 'no decline object' : `decline ${shown(decline)}`}; want declined${decline === undefined ? '' : ' with decline.code 4001'}`,
  );
}

/** A correctly signed request refused for its signature (SettlingClient): the check cannot go on,
 *  but a best-effort read (created) only learns nothing from it. */
class SignatureRefused extends Inconclusive {}

/** The longest payment id paycert sends back (the reference's are 36-character UUIDs). */
const MAX_ID = 255;

/** A client whose create, when answered with a payment still in progress, reads the payment until
 *  it has its outcome (at most SETTLE_MS) and gives the checks that state as the reply's `payment`
 *  (the reply's bytes, headers and `json` stay the create's own).
 *  It also ends a check inconclusive on a correctly signed request refused for its signature (send),
 *  and on an earlier reply's id that names no payment (request). */
class SettlingClient extends GreenleavesV5Client {
  /** requests signed as documented and sent unchanged (no other alg, method or headers) */
  private readonly correct = new WeakSet<V5Sent>();

  constructor(
    private readonly t: Ctx,
    authId: string,
    secretKey: string,
  ) {
    super(
      async (r) => refuseRedirect(await t.http.send(r), `${r.method ?? 'POST'} ${r.url}`),
      t.subject.baseUrl,
      authId,
      secretKey,
      uriPrefix(t),
    );
  }

  override async request(op: V5Operation, body: object | Bytes, opts: CallOptions = {}): Promise<V5Sent> {
    // paycert names payments by the id an earlier reply gave; an id that is no text (or empty, or
    // of thousands of characters: a hostile reply) names no payment, and the request's refusal would
    // accuse the operation (the format checks judge the reply that carried it)
    const named = typeof body === 'object' && !(body instanceof Uint8Array) ? (body as Record<string, unknown>) : {};
    for (const key of op === 'create' ? [] : ['id', 'order_id']) {
      const id = named[key];
      if (id !== undefined && (typeof id !== 'string' || id === '' || id.length > MAX_ID))
        throw new Inconclusive(
          `${op}: the payment's ${key} an earlier reply gave is ${typeof id === 'string' ? `${id.length} characters of text` : `no text (${shown(id)})`}, so a request cannot name the payment`,
        );
    }
    const sent = await super.request(op, body, opts);
    if ((opts.alg ?? 'HS256') === 'HS256' && (opts.method ?? 'POST') === 'POST' && opts.headers === undefined)
      this.correct.add(sent);
    return sent;
  }

  override async send(req: V5Sent, note?: string): Promise<V5Reply> {
    const r = await super.send(req, note);
    // a reply past what paycert reads (JSON nested deeper than MAX_JSON_DEPTH) shows nothing to judge
    if (r.parseLimit) throw new Inconclusive(`${note ?? req.path}: the reply is ${r.parseError}`);
    if (this.t.check.rules.includes(LEAK_RULE)) noLeak(this.t, req, r, note);
    // a member written twice with different values: which one the gateway means cannot be told, so
    // the rules reading the reply's values are not judged on it (on the last copy, as JSON.parse
    // reads, nor on the first); V5-RSP-07 judges the reply's form
    if (ambiguous(r) && !this.t.check.rules.includes(FORM_RULE))
      throw new Inconclusive(
        `${note ?? req.path}: the reply names ${describeDuplicates(r.duplicates!.filter((d) => d.differ))}: which value the gateway means cannot be told (RFC 8259 §4), so the reply is not judged on either; V5-RSP-07 judges its form`,
      );
    let words = processedWords.get(this.t.subject);
    if (!words) processedWords.set(this.t.subject, (words = new Set()));
    if (r.requestStatus && outcome(r) === 'processed') words.add(r.requestStatus);
    wordsOf.set(r, words);
    // a correctly signed request refused for its signature shows nothing about the rule a check is
    // about: the signature rules (V5-JWS-*) judge that refusal, the others cannot be judged
    // (the reply rules, V5-RSP-*, judge any reply, a signature refusal's too)
    if (
      this.correct.has(req) &&
      !this.t.check.rules.some((id) => id.startsWith('V5-JWS-')) &&
      !this.t.check.rules.every((id) => id.startsWith('V5-RSP-')) &&
      (await refusedForSignature(this.t, r))
    )
      throw new SignatureRefused(
        `${note ?? req.path}: the gateway refused paycert's correctly signed request for its signature (${describe(r)}); V5-JWS-04 and the other signature rules judge that`,
      );
    const p = r.payment;
    if (!req.path.endsWith('/create') || !p || typeof p.id !== 'string' || !IN_PROGRESS.test(String(p.status)))
      return r;
    const deadline = Date.now() + SETTLE_MS;
    for (let i = 0; Date.now() < deadline; i++) {
      await sleep(Math.min(100 * 2 ** i, 2000));
      const back = await super.send(
        await this.request('status', { id: p.id }),
        'read until the create has its outcome',
      );
      if (outcome(back) !== 'processed' || !back.payment) break;
      if (!IN_PROGRESS.test(String(back.payment.status))) {
        this.t.note(
          `create ${p.id} answered status ${String(p.status)}; its outcome, read back: ${String(back.payment.status)}`,
        );
        return { ...r, payment: back.payment };
      }
    }
    this.t.note(
      `create ${p.id} answered status ${String(p.status)} and had no other status within ${SETTLE_MS / 1000} s`,
    );
    return r;
  }
}

/** The rule of a reply's form (JSON, its names unique): the one a reply naming a member twice breaks. */
export const FORM_RULE = 'V5-RSP-07';

/** V5-JWS-15 (INFERRED, as JY-SIG-17): no reply shows the secret_key, nor, to a request whose
 *  X-JWS-Signature is not the right one, the right signature. */
const LEAK_RULE = 'V5-JWS-15';

/** The checks in which a request signed as documented with paycert's secret_key was processed: the
 *  gateway knows the merchant by that key, so a reply not showing it shows something. */
const keyTaken = new WeakSet<Ctx>();

/** What a V5-JWS-15 reason names the request by: its method and path, then the check's note on it
 *  (a phrase such as "signed with another key", which alone read "the reply to signed with …"). */
export const leakSubject = (path: string, note?: string): string => `POST ${path}${note ? ` (${note})` : ''}`;

/** V5-JWS-15 on a reply as it arrives, in the checks citing it (they send badly signed requests): its
 *  body and its headers' values (suites/no-leak.ts). The right signature is the HS256 MAC of the body as
 *  sent under the token's own header segment, or under the documented header for the path called (a
 *  token without a header, or with another uri), in base64url as a token carries it and in hex. */
function noLeak(t: Ctx, req: V5Sent, r: V5Reply, note?: string): void {
  const secret = t.credentials.secretKey;
  const token = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-jws-signature')?.[1];
  const documented = signDetachedRaw(
    serialiseHeader(g2gHeader(uriOf(t, req.path), t.credentials.authId)),
    req.body,
    secret,
  );
  if (token === documented && req.method === 'POST' && outcome(r) === 'processed') keyTaken.add(t);
  const header = token?.split('.')[0];
  const expected = (): string[] =>
    [...(header ? [signDetachedRaw(Buffer.from(header, 'base64url'), req.body, secret)] : []), documented].flatMap(
      (signed) => {
        const mac = signed.split('..')[1]!;
        return [mac, Buffer.from(mac, 'base64url').toString('hex')];
      },
    );
  judgeLeak(
    t,
    LEAK_RULE,
    { secret: 'secret_key', signature: 'signature' },
    leakSubject(req.path, note),
    {
      text: [...Object.values(r.http.headers), r.http.text].join('\n'),
      secret,
      // the whole token: one carrying the right MAC anywhere (padded, in four segments) shows it itself
      ...(token !== undefined && { sent: token }),
      expected,
    },
    keyTaken.has(t)
      ? undefined
      : "no request of this check signed as documented with paycert's secret_key has been processed yet: whether the gateway knows the merchant by that key is not shown, so a reply not showing it shows nothing",
  );
}

/** A refusal that names the request's signature: HTTP 401, or against a reference a signature code of
 *  errors.json. A real gateway's codes are its own (its 1002 may mean a reused X-Request-Id): there the
 *  refusal must be the one a read signed with another key gets (status and code), and only a probe
 *  without a code leaves paycert's table to decide. A gateway whose status and code do not tell its
 *  refusals apart (one generic code for every refusal; a bad signature answered as a field error)
 *  gives them to refusals of every cause: then a message about something else is no signature
 *  refusal, and a refusal alike in everything to the wrong-key read is the signature's only when the
 *  gateway's "not found" looks otherwise, or it refuses the check's correctly signed control create
 *  too (the request it takes otherwise). */
export async function refusedForSignature(t: Ctx, r: V5Reply): Promise<boolean> {
  if (outcome(r) !== 'refused') return false;
  if (r.http.status === 401) return true;
  if (t.subject.target !== 'real') return SIGNATURE_CODES.has(Number(r.error?.code));
  const wrong = await wrongKeyRead(t);
  const same = outcome(wrong) === 'refused' ? sameRefusal(r, wrong) : false;
  if (same === undefined) return SIGNATURE_CODES.has(Number(r.error?.code));
  if (!same) return false;
  // the same status and code: a message about something else is no signature refusal
  if (sameText(r, wrong) === false) return false;
  // alike in all paycert reads: when the gateway refuses a read of an order nobody has (correctly
  // signed) alike too, the look of its refusals shows nothing, and its correctly signed control create
  // decides whether paycert's tokens are taken at all
  const ordinary = await rightKeyRead(t);
  if (outcome(ordinary) !== 'refused' || !alikeRefusals(ordinary, wrong)) return true;
  return outcome((await sendControl(t)).reply) !== 'processed';
}

/** A read of an order nobody has, signed with `key`, by a plain client (no settling, no judging). */
function probeRead(t: Ctx, key: string, note: string): Promise<V5Reply> {
  return new GreenleavesV5Client(
    (q) => t.http.send(q),
    t.subject.baseUrl,
    t.credentials.authId,
    key,
    uriPrefix(t),
  ).call('status', { order_id: 'PAYCERT-SIGNATURE-PROBE' }, { note });
}

/** What a signature refusal of this gateway looks like: a read signed with another key (once per check). */
const wrongKeyRead = oncePerCheck((t: Ctx) =>
  probeRead(
    t,
    `${t.credentials.secretKey}-not-this-one`,
    'a read signed with another key (what a signature refusal looks like)',
  ),
);

/** What an ordinary refusal of this gateway looks like: the same read correctly signed ("not found"). */
const rightKeyRead = oncePerCheck((t: Ctx) =>
  probeRead(t, t.credentials.secretKey, 'the same read correctly signed (what another refusal looks like)'),
);

/** The X-Request-Status values a subject gave replies that named an object (processed requests), and
 *  the set each reply was read against (outcome). */
const processedWords = new WeakMap<object, Set<string>>();
const wordsOf = new WeakMap<V5Reply, ReadonlySet<string>>();

/** paycert's signature error codes (errors.json): a reference's, not necessarily a real gateway's. */
const SIGNATURE_CODES = new Set<number>(Object.values(JWS_ERROR_CODE));

/** The second merchant (auth_id binding, per-merchant idempotency): always there on a reference;
 *  against a real test domain only when its credentials are configured. */
export function otherClient(t: Ctx): GreenleavesV5Client | undefined {
  const c = t.credentials;
  const configured = !!process.env[CREDENTIAL_VARS['greenleaves-v5'].otherAuthId[0]];
  if (t.subject.target === 'real' && !configured) return undefined;
  if (c.otherAuthId === c.authId) return undefined;
  return new SettlingClient(t, c.otherAuthId, c.otherSecretKey);
}

/** A test card with the given capabilities (fixtures/greenleaves/test-cards.json). */
export function card(want: Partial<Pick<TestCard, 'auth' | 'threeDs' | 'clearing' | 'reverse' | 'refund'>>): TestCard {
  const found = findCard(want);
  if (!found) throw new Error(`no test card with ${JSON.stringify(want)}`);
  return found;
}

export const allCards = (): TestCard[] => [...loadCards().values()];

/** Letters and digits, unique per call (order_id charset). */
export const orderId = orderIds(5);

/** The create body's card object for a test card (year and month as JSON integers, seed 000). */
export function cardObject(c: TestCard): Body {
  return { name: 'TEST TESTOV', pan: c.pan, cvc: c.cvc, year: Number(c.year), month: Number(c.month) };
}

/** A valid create body in the seed's field order, with a fresh order_id. */
export function createBody(c: TestCard, extra: Body = {}): Body {
  return {
    amount: 500,
    currency: 'KZT',
    description: 'paycert test order',
    order_id: orderId(),
    from: { type: 'card', card: cardObject(c) },
    ...extra,
  };
}

/** The HTTP status errors.json assigns to a code (its note starts "HTTP nnn."). */
export function httpStatusOf(code: number): number | undefined {
  const known = loadErrors(P).codes.find((c) => c.code === code);
  const m = /^HTTP (\d{3})\./.exec(known?.note ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The reply's outcome when it tells one; a reply that cannot tell (not JSON, a 2xx body naming no
 *  object and no error) ends the asking check inconclusive: it is evidence of neither. */
function told(r: V5Reply): 'processed' | 'refused' {
  const o = outcome(r);
  if (o === 'unknown') throw new Inconclusive(`the reply tells neither processing nor refusal: ${describe(r)}`);
  return o;
}

/** Processed: a 2xx reply with a JSON object that is no error (the payment). */
export const processed = (r: V5Reply): boolean => told(r) === 'processed';

/** Refused: the reply says the request was not processed (see outcome). */
export const refused = (r: V5Reply): boolean => told(r) === 'refused';

/** An error member that says something: an empty one (`"error": null`, `[]`, `{}`, `""`, false; a
 *  payment that prints every key has one) is no error. */
const hasError = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== false &&
  v !== '' &&
  !(typeof v === 'object' && Object.keys(v as object).length === 0);

/** What a reply says about its request. The seed documents no error format (its g2g sibling answers
 *  every outcome with HTTP 200), so any recognisable refusal counts: a non-2xx status, or a 2xx
 *  whose body carries an error object (error, errors, success false, status error) or whose
 *  X-Request-Status says error. A 2xx JSON object without any of these that names an object (id or
 *  order_id; or wraps one, see readReply) was processed; anything else cannot tell.
 *  `byStatusHeader` false leaves X-Request-Status out (to judge that header itself). */
export function outcome(r: V5Reply, byStatusHeader = true): 'processed' | 'refused' | 'unknown' {
  if (r.http.status < 200 || r.http.status >= 300) return 'refused';
  if (r.error) return 'refused';
  const body = r.json as Record<string, unknown> | undefined;
  const object = !!body && typeof body === 'object' && !Array.isArray(body);
  if (object && (hasError(body.error) || hasError(body.errors)) && !ownError(body, r.requestStatus)) return 'refused';
  if (object && body.success === false) return 'refused';
  // the object the reply carries: the body, or the payment in its envelope (readReply)
  const p = r.payment as Record<string, unknown> | undefined;
  const hasId = !!p && typeof p === 'object' && 'id' in p;
  // a status word beside an id is the payment's own (a declined payment, "failed")
  if (object && !hasId && typeof body.status === 'string' && ERROR_STATUS.test(body.status)) return 'refused';
  // the header alone does not outweigh a body that names an object (a declined payment, say)
  if (byStatusHeader && ERROR_STATUS.test(r.requestStatus ?? '') && !hasId) return 'refused';
  // processed: the reply names the object it created, read or changed
  if (p && typeof p === 'object' && ('id' in p || 'order_id' in p)) return 'processed';
  // a reply naming no object whose X-Request-Status ("Request processing status", seed 000) is not
  // the one this gateway gives processed requests: a refusal in its own words ({"message": …} with
  // HTTP 200 and the code in the header, say)
  const words = wordsOf.get(r);
  if (byStatusHeader && words && words.size > 0 && r.requestStatus && !words.has(r.requestStatus)) return 'refused';
  return 'unknown';
}

/** The code a refusal carries: error.code (error.schema.json), or a flat code member beside the message
 *  (`{"error_code": 1001, "error_message": …}`, `{"code": …}`), as gateways of their own often answer. */
export function refusalCode(r: V5Reply): string | undefined {
  const body = r.json as Record<string, unknown> | undefined;
  const flat = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const code = r.error?.code ?? flat.error_code ?? flat.errorCode ?? flat.code;
  return typeof code === 'number' || (typeof code === 'string' && code !== '') ? String(code) : undefined;
}

/** The code a refusal carries (refusalCode) as a number: error.code or a flat member of the gateway's
 *  own form (the form is V5-FMT-04's finding, not the code's); undefined when it carries none. */
export function codeOf(r: V5Reply): number | undefined {
  const code = refusalCode(r);
  return code !== undefined && /^-?\d+$/.test(code) ? Number(code) : undefined;
}

/** Whether two refusals are the same (HTTP status and code); undefined when either carries no code
 *  that could tell them apart (two refusals with the same status but no readable code may have
 *  different causes). */
export function sameRefusal(a: V5Reply, b: V5Reply): boolean | undefined {
  const ca = refusalCode(a);
  const cb = refusalCode(b);
  if (ca === undefined || cb === undefined) return undefined;
  return a.http.status === b.http.status && ca === cb;
}

/** Whether a processed reply shows the payment it made or found: an id that is text. */
export const showsPayment = (r: V5Reply): boolean =>
  outcome(r) === 'processed' && typeof r.payment?.id === 'string' && r.payment.id !== '';

/** The message a refusal carries: its error object's (en, else ru, else the text), or a flat member of
 *  the gateway's own form (message, error_description, error_message, description, a text error). */
export function refusalText(r: V5Reply): string | undefined {
  if (r.error) return errorText(r.error);
  // a body that is no JSON: a short one is the message itself (a text/plain refusal)
  if (r.parseError !== undefined) {
    const text = r.http.text.trim();
    return text !== '' && text.length <= 500 ? text : undefined;
  }
  const body = r.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const k of ['message', 'error_description', 'error_message', 'errorMessage', 'description', 'error']) {
    const v = body[k];
    const text =
      typeof v === 'string' ? v : v && typeof v === 'object' ? errorText(v as { message?: unknown }) : undefined;
    if (typeof text === 'string' && text.trim() !== '') return text;
  }
  return undefined;
}

/** A message without what differs between two refusals of one cause (ids, numbers, case, spacing). */
const gist = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '#')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();

/** Whether two refusals say the same (their messages, ids and numbers aside); undefined when either
 *  carries no message. */
export function sameText(a: V5Reply, b: V5Reply): boolean | undefined {
  const [ta, tb] = [refusalText(a), refusalText(b)];
  return ta === undefined || tb === undefined ? undefined : gist(ta) === gist(tb);
}

/** Two refusals alike: the same HTTP status, the same code (or none), and the same message when both
 *  carry one. What tells one cause's refusal from another's at this gateway, whatever its codes. */
export function alikeRefusals(a: V5Reply, b: V5Reply): boolean {
  return a.http.status === b.http.status && refusalCode(a) === refusalCode(b) && sameText(a, b) !== false;
}

/** The payment of a processed reply (a 2xx refusal body is no payment). */
export const paymentOf = (r: V5Reply): V5Reply['payment'] => (processed(r) ? r.payment : undefined);

/** A reply value as text: a value of another JSON type than expected (a hostile reply) as JSON. */
export const shown = (v: unknown): string => (typeof v === 'string' ? v : quote(JSON.stringify(v) ?? '', 200));

/** The id of a processed reply's payment, to name it in later requests: an id that is no text (the
 *  format checks judge that) leaves the asking check inconclusive. */
export function idOf(r: V5Reply, what: string): string {
  const id = r.payment?.id as unknown;
  if (typeof id !== 'string') throw new Inconclusive(`${what}: the payment's id is no text: ${describe(r)}`);
  return id;
}

export function describe(r: V5Reply): string {
  return describeBody(r) + storedCopy(r.http.headers);
}

/** The text of an error object's message: its en (else ru) member, or the message itself when it is
 *  text (a gateway's own form); undefined when it has none. */
export function errorText(e: { message?: unknown }): string | undefined {
  const m = e.message as { en?: unknown; ru?: unknown } | string | undefined;
  const text = typeof m === 'string' ? m : typeof m?.en === 'string' ? m.en : m?.ru;
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}

const said = (text: string | undefined): string => (text === undefined ? '' : `: "${quote(text, 120)}"`);

function describeBody(r: V5Reply): string {
  const e = r.error;
  if (e) return `HTTP ${r.http.status}, error ${shown(e.code)} (${shown(e.name)})${said(errorText(e))}`;
  // a body naming no object is no payment (a refusal of its own form): shown as it is
  if (r.payment && ('id' in r.payment || 'order_id' in r.payment))
    return `HTTP ${r.http.status}, payment ${shown(r.payment.status ?? '?')} ${shown(r.payment.id ?? '')}`.trim();
  // a body cut short by a buffer limit, an HTML page, nothing: said, not left to be read off the excerpt
  if (r.parseError !== undefined)
    return r.http.text.length === 0
      ? `HTTP ${r.http.status}, an empty body`
      : `HTTP ${r.http.status}, a body that is not JSON${phpNoticeIn(r.http.text) || ` (${quote(r.parseError, 120)}): ${quote(r.http.text, 160)}`}`;
  return `HTTP ${r.http.status}: ${quote(r.http.text, 160)}`;
}

/** `what` must be refused: `rule` (the seed's rule) judges only that it was not processed. When the
 *  reply shows no refusal and `order` names the create's order_id, a read decides (a payment found:
 *  processed; not found: refused); a reply that cannot tell is otherwise inconclusive.
 *  Then, INFERRED: the error code errors.json gives the cause under V5-ERR-01 (never under `rule`: a
 *  gateway with codes of its own would warn there on every refusal, and a refusal missed would
 *  look the same), and the HTTP status errors.json gives the code under V5-ERR-04. Returns whether
 *  it was refused. `code`: the code, or the codes any of which fits the cause. */
export async function expectRefused(
  t: Ctx,
  r: V5Reply,
  rule: string,
  code: number | readonly number[] | undefined,
  what: string,
  order?: string,
): Promise<boolean> {
  let o = outcome(r);
  // a create that left no payment of this merchant's was not processed, whatever its reply looked like
  // ({"order_id", "message"} with HTTP 200); a gateway that refused the correctly signed control
  // (withControl) refuses the read too, which shows nothing. A reply that itself shows the payment it
  // made (an id) was processed, whatever this merchant's read finds: a token naming another auth_id
  // books the payment under that merchant, where paycert's read does not look (V5-JWS-10)
  if (o !== 'refused' && !showsPayment(r) && order !== undefined && !refusedControl.has(t)) {
    const a = await created(t, order);
    if (a !== 'unknown') o = a === 'present' ? 'processed' : 'refused';
  }
  if (o === 'unknown')
    t.inconclusive(`${what}: the reply (${describe(r)}) shows neither a refusal nor a processed request`);
  // refused as the correctly signed control was (withControl): nothing to judge, not even the code
  if (o === 'refused' && refusedControl.has(t)) return true;
  if (!t.expect(rule, o === 'refused', `${what} was not refused: ${describe(r)}`)) return false;
  if (code !== undefined) {
    // a body that is not JSON carries no code to judge (the refusal itself was read off the status)
    const codes: readonly number[] = typeof code === 'number' ? [code] : code;
    expectEach(t, [
      ...(r.parseError === undefined
        ? [
            [
              'V5-ERR-01',
              codes.includes(codeOf(r) as number),
              `${what}: ${describe(r)}, want error ${codes.join(' or ')}`,
            ] as Judgement,
          ]
        : []),
      refusalStatus(r, what),
    ]);
  }
  return true;
}

/** One rule's verdict on a reply, not yet asserted: the rule, whether it held, and why not. */
export type Judgement = [rule: string, ok: boolean, message: string];

/** Independent judgements of one reply (its code, its HTTP status): those that held are asserted
 *  first. In a property the first failed assertion ends the case, so a wrong code judged first left
 *  the status, which does not rest on it, unjudged ("stopped at the failure of V5-ERR-01"). */
export function expectEach(t: Ctx, judgements: readonly Judgement[]): void {
  for (const [rule, ok, message] of judgements) if (ok) t.expect(rule, ok, message);
  for (const [rule, ok, message] of judgements) if (!ok) t.expect(rule, ok, message);
}

/** V5-ERR-04 (INFERRED): a refusal's HTTP status is the one errors.json gives its error code, and
 *  a 4xx when the code is unknown or missing. */
export function refusalStatus(r: V5Reply, what: string): Judgement {
  const code = codeOf(r);
  const want = code === undefined ? undefined : httpStatusOf(code);
  if (want !== undefined)
    return [
      'V5-ERR-04',
      r.http.status === want,
      `${what}: error ${code} with HTTP ${r.http.status}, want HTTP ${want}`,
    ];
  return [
    'V5-ERR-04',
    r.http.status >= 400 && r.http.status < 500,
    `${what}: a refusal with HTTP ${r.http.status}, want a 4xx`,
  ];
}

/** V5-ERR-04 asserted (refusalStatus). */
export function expectRefusalStatus(t: Ctx, r: V5Reply, what: string): boolean {
  const [rule, ok, message] = refusalStatus(r, what);
  return t.expect(rule, ok, message);
}

/** Whether a create with this order_id left a payment: a read finds it (present), is refused as not
 *  found (absent: HTTP 404 or error 3001), or cannot tell (refused otherwise, or unclear). */
export async function created(t: Ctx, order: string): Promise<'present' | 'absent' | 'unknown'> {
  let r: V5Reply;
  try {
    r = await read(t, { order_id: order }, 'read back: was anything created?');
  } catch (e) {
    if (e instanceof SignatureRefused) return 'unknown';
    throw e;
  }
  const o = outcome(r);
  if (o === 'processed')
    return r.payment?.order_id === order || (r.payment?.order_id === undefined && r.payment?.id !== undefined)
      ? 'present'
      : 'unknown';
  if (o === 'refused' && notFound(r)) return (await readsFindPayments(t)) ? 'absent' : 'unknown';
  // a read refused for its signature got no further: it cannot tell (a read of an order that never
  // existed is refused alike, and that sameness is no "not found"); a real gateway's codes are its own
  if (
    o === 'refused' &&
    (r.http.status === 401 || (t.subject.target !== 'real' && SIGNATURE_CODES.has(Number(r.error?.code))))
  )
    return 'unknown';
  // a payment of this order with its own error beside it (a declined one: {"id", "order_id", "status":
  // "failed", "error": {…}}) exists, whatever the error member makes of the reply
  const body = r.json as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body.id === 'string' && body.order_id === order) return 'present';
  // a refusal of codes of its own, or a reply of a form of its own ({"message": "Payment not found."}
  // with HTTP 200): absent when it is the very reply a read of an order that never existed gets
  const never = orderId();
  const other = await read(t, { order_id: never }, 'read an order that never existed: how does "not found" look?');
  if (outcome(other) === 'processed' || !sameReply(r, order, other, never)) return 'unknown';
  return (await readsFindPayments(t)) ? 'absent' : 'unknown';
}

/** Whether this gateway's read by order_id finds a payment that exists: the order of the check's
 *  correctly signed control create (sendControl), read back. A "not found" is evidence that nothing
 *  was created only from a gateway whose reads find what it did create: one answering every read
 *  404 (a read endpoint it lacks, or refuses for a reason of its own) would otherwise pass every
 *  "a refused request created nothing". Once per check. */
const readsFindPayments = oncePerCheck(async (t: Ctx): Promise<boolean> => {
  const { reply } = await sendControl(t);
  const order = reply.payment?.order_id;
  if (outcome(reply) !== 'processed' || typeof order !== 'string') return false;
  try {
    const r = await read(t, { order_id: order }, 'read back the control: do reads find a payment that exists?');
    return outcome(r) === 'processed' && r.payment?.order_id === order;
  } catch (e) {
    if (e instanceof SignatureRefused) return false;
    throw e;
  }
});

/** Two replies alike but for the order ids they name: HTTP status, X-Request-Status and body. */
const sameReply = (a: V5Reply, aOrder: string, b: V5Reply, bOrder: string): boolean =>
  a.http.status === b.http.status &&
  a.requestStatus === b.requestStatus &&
  a.http.text.replaceAll(aOrder, '\u0000') === b.http.text.replaceAll(bOrder, '\u0000');

/** A refused create must have created nothing (`failure` otherwise), under `rule`; when a read
 *  cannot tell, a note (the reply already showed the refusal). */
export async function expectNothingCreated(t: Ctx, rule: string, order: string, failure: string): Promise<void> {
  const a = await created(t, order);
  if (a === 'unknown') t.note(`order ${order}: a read by order_id cannot tell whether a payment was created`);
  else t.expect(rule, a === 'absent', failure);
}

/** The correctly signed request a check sends to show that the gateway takes paycert's tokens:
 *  its operation and body (default: a fresh create of a card that authorises, sent once per check
 *  and shared by every asker in it), the evidence note, and which refusal of it leaves the asker
 *  nothing to judge (default: any but a read's "not found", which got past the signature). */
export interface ControlOptions {
  op?: V5Operation;
  body?: object | Bytes;
  note?: string;
  /** given a control that was not processed: whether it leaves nothing to judge */
  bars?: (control: V5Reply) => boolean;
}

const defaultControls = new WeakMap<Ctx, Promise<V5Reply>>();

/** A refusal as "not found" (HTTP 404 or error 3001). */
export const notFound = (r: V5Reply): boolean => r.http.status === 404 || r.error?.code === 3001;

/** Send the control request (see ControlOptions) and tell whether it was accepted. It is sent as a
 *  copy, so that its refusal is the asker's evidence, not the end of the check (SettlingClient). */
export async function sendControl(t: Ctx, o: ControlOptions = {}): Promise<{ reply: V5Reply; accepted: boolean }> {
  const v5 = client(t);
  const note = o.note ?? 'a correctly signed create';
  const send = async () =>
    v5.send({ ...(await v5.request(o.op ?? 'create', o.body ?? createBody(controlCard()))) }, `${note} (control)`);
  let p: Promise<V5Reply>;
  if (o.op === undefined && o.body === undefined) {
    p = defaultControls.get(t) ?? send();
    defaultControls.set(t, p);
  } else p = send();
  const reply = await p;
  const read = (o.op ?? 'create') !== 'create';
  const bars = o.bars ?? ((c: V5Reply) => !(read && outcome(c) === 'refused' && notFound(c)));
  return { reply, accepted: outcome(reply) === 'processed' || !bars(reply) };
}

const controlCard = () => card({ auth: true, threeDs: false, clearing: true, refund: true });

/** A rule "X is refused" (a forged or tampered token, a body changed after signing, a header left
 *  out) is shown only when the same gateway, in the same check, takes the correctly signed control
 *  request: a gateway that refuses every correct token (one verifying over other bytes, or with a
 *  key of its own: V5-JWS-01/-04 judge that) refuses X too, for no reason the rule names. Sends the
 *  control (ControlOptions) and returns its reply when accepted; otherwise ends the check
 *  inconclusive with the reason. `what` names the requests whose refusal it would explain. */
export async function controlAccepted(t: Ctx, what: string, o: ControlOptions = {}): Promise<V5Reply> {
  const { reply, accepted } = await sendControl(t, o);
  return accepted ? reply : t.inconclusive(controlRefusedWhy(asControl(reply, accepted, o), what));
}

/** The control of a forgery check that was refused (withControl): while it runs, a refusal shows
 *  nothing, so expectRefused judges only an acceptance. */
const refusedControl = new WeakMap<Ctx, V5Reply>();

/** A forgery check's body (`forgeries`: requests that must be refused) after its control: a rule "X
 *  is refused" is passed only when the correctly signed control (ControlOptions) was accepted. When
 *  it was refused, the forgeries still run, and one that is accepted fails its rule as ever (a
 *  gateway refusing the correct token but taking one over re-encoded JSON or with alg none breaks
 *  the rule whatever else it does); their refusals judge nothing (not even their codes), and the
 *  check ends inconclusive with the reason. One control per check, not per forgery. */
export async function withControl(
  t: Ctx,
  what: string,
  forgeries: () => Promise<void>,
  o: ControlOptions = {},
): Promise<void> {
  const { reply, accepted } = await sendControl(t, o);
  if (!accepted) refusedControl.set(t, reply);
  try {
    await afterControl(t, asControl(reply, accepted, o), what, forgeries);
  } finally {
    refusedControl.delete(t);
  }
}

const asControl = (reply: V5Reply, accepted: boolean, o: ControlOptions): Control => ({
  accepted,
  note: o.note ?? 'a create',
  said:
    outcome(reply) === 'unknown'
      ? `got a reply that tells neither processing nor refusal (${describe(reply)})`
      : `was refused too (${describe(reply)})`,
});

/** Read a payment by order_id (or id); the reply. */
export function read(t: Ctx, by: { order_id?: string; id?: string }, note?: string): Promise<V5Reply> {
  return client(t).call('status', by, { note: note ?? 'read back' });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The seed example's urls point at a public request bin (webhook.site): a gateway given them would
 *  post the test payment there. Sent bodies name the same URL under the reserved .invalid TLD
 *  (RFC 6761), which resolves nowhere; every other byte stays. */
export function withoutPublicBin(bodyText: string): string {
  return bodyText.replaceAll('https://webhook.site/', 'https://webhook.invalid/');
}

/** byte-for-byte equality */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/** The listed cases to send: every one against a reference and against a real target run unpaced
 *  (`--pace 0`, limits.minIntervalMs 0: a local build that takes the load); against a paced real target
 *  only the first `n`, so each list puts the cases most likely to show a bug first. A rule is not passed
 *  on a sample: where cases are left out, each of `o.rules` (those the cases judge) is judged in part,
 *  naming how many were sent and which were not (`o.name` names a case). */
export function few<T>(
  t: Ctx,
  all: readonly T[],
  n: number,
  o: { rules: readonly string[]; name: (c: T) => string },
): T[] {
  if (t.subject.target !== 'real' || t.subject.limits.minIntervalMs <= 0 || all.length <= n) return [...all];
  const left = all.slice(n).map(o.name);
  const why = `${n} of ${all.length} cases sent against a paced real target (--pace 0 sends all); not sent: ${left.join('; ')}`;
  for (const rule of o.rules) t.judgedInPart(rule, why);
  return all.slice(0, n);
}

/** The order_id of a prepared create (for a read-back), when its body is JSON with one. */
export function orderOf(sent: V5Sent): string | undefined {
  try {
    const v = JSON.parse(Buffer.from(sent.body).toString('utf8')) as { order_id?: unknown };
    return typeof v?.order_id === 'string' && sent.path.endsWith('/create') ? v.order_id : undefined;
  } catch {
    return undefined;
  }
}

/** A copy of a prepared request with one header replaced (undefined removes it; any case matches). */
export function withHeader(sent: V5Sent, name: string, value: string | undefined): V5Sent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(sent.headers)) if (k.toLowerCase() !== name.toLowerCase()) headers[k] = v;
  if (value !== undefined) headers[name] = value;
  return { ...sent, headers };
}

export const withSignature = (sent: V5Sent, token: string | undefined): V5Sent =>
  withHeader(sent, 'X-JWS-Signature', token);

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** How many refunds a payment shows more in `after` than in `before`, on the evidence its replies
 *  carry: `refunded_amount` when `after` has it as a number (the amount refunded since), else the
 *  growth of an `operations` history both carry; undefined when they show neither. The seed
 *  documents no reply layout: a payment without `refunded_amount` (a vendor's `amount_refunded`,
 *  say) is no evidence that a refund happened or did not. */
export function refundDelta(
  before: V5Reply['payment'],
  after: V5Reply['payment'],
): { delta: number; shown: string } | undefined {
  const b = before as Record<string, unknown> | undefined;
  const a = after as Record<string, unknown> | undefined;
  const now = money(a?.refunded_amount);
  if (typeof now === 'number') {
    const before = money(b?.refunded_amount);
    const was = typeof before === 'number' ? before : 0;
    return { delta: now - was, shown: `refunded_amount ${was} → ${now}` };
  }
  if (Array.isArray(b?.operations) && Array.isArray(a?.operations))
    return {
      delta: a.operations.length - b.operations.length,
      shown: `no refunded_amount; operations ${b.operations.length} → ${a.operations.length}`,
    };
  return undefined;
}

/** `what` (a refused edit) must have left the payment as `before` showed it: its status, and its
 *  refunds as refundDelta sees them; a payment that shows neither ends the check inconclusive. */
export function expectNoRefund(t: Ctx, rule: string, before: V5Reply['payment'], after: V5Reply, what: string): void {
  if (!after.payment) t.inconclusive(`${what}: the read back shows no payment: ${describe(after)}`);
  const d = refundDelta(before, after.payment);
  const same = after.payment?.status === before?.status && (d?.delta ?? 0) === 0;
  t.expect(rule, same, `${what} changed the payment: ${describe(after)}${d ? `, ${d.shown}` : ''}`);
  if (same && !d)
    t.inconclusive(
      `${what}: the payment carries neither refunded_amount nor an operations history, so whether it was refunded cannot be seen (status ${String(after.payment?.status)})`,
    );
}
