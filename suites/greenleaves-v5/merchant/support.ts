import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { decodeBody } from '../../../src/protocols/common/charset.ts';
import type { CheckContext } from '../../../src/harness/check.ts';
import { phpNoticeIn } from '../../../src/harness/diagnostics.ts';
import { otherSpelling } from '../../../src/protocols/common/decimal.ts';
import { ordersOf, type Declaration, type DeclaredOrder, type Orders } from '../../../src/harness/declaration.ts';
import type { HttpResponse } from '../../../src/harness/http.ts';
import { describeDuplicates, UNIQUE_NAMES } from '../../../src/protocols/common/json-names.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import { CREDENTIAL_VARS } from '../../../src/spec/credentials.ts';
import {
  answerDuplicates,
  callbackUri,
  g2gHeader,
  mediaType,
  parseAnswer,
  serialiseHeader,
  signCallback,
  signDetached,
  signDetachedRaw,
  uuidv7,
  undecided,
  type CallbackAnswer,
  type HmacAlg,
} from '../../../src/protocols/greenleaves-v5/index.ts';
import { Barrier } from '../../../src/harness/barrier.ts';
import { besideStatus, csrfOnlyIfAllRefused, noAnswer } from '../../../src/harness/edge-page.ts';
import { leakIn } from '../../no-leak.ts';
import { quote, quoteMiddle } from '../../../src/harness/clip.ts';

// The suite plays the v5 gateway (src/protocols/greenleaves-v5/callbacks.ts: all INFERRED).
export type Ctx = CheckContext<'greenleaves-v5'>;
export type Order = { orderId: string; amount?: string; currency?: string };
export type Json = Record<string, unknown>;

/** The declared orders, handed out in line; a payable one passed over looking for one of another amount
 *  (spareLike) is the next one handed: never lost, so no later check is shifted onto other orders or
 *  short of them (Orders.giveBack, one pool for the allocator). */
export function orders(t: Ctx): Orders {
  if (!t.subject.declarationPath) t.skip('no merchant declaration (--declaration FILE)');
  return ordersOf(t.subject.declarationPath!, t.subject.orderShare);
}

/** A payable order that `fits`, nothing sent for it: one passed over before, else the next the allocator
 *  spares where that one fits (at most one taken; one that does not fit is handed out next, see orders),
 *  else undefined. None declared fits: nothing taken. */
export const spareLike = (t: Ctx, fits: (o: DeclaredOrder) => boolean): DeclaredOrder | undefined =>
  orders(t).spareWhere(fits, 1);

export function declaration(t: Ctx): Declaration {
  return orders(t).declaration;
}

/** This check's own payment id (a UUID) for an order and purpose: the same in every run (a re-run
 *  repeats its calls), never shared with another check. */
export function paymentId(t: Ctx, o: Order, purpose: string): string {
  const h = createHash('sha256').update(`${o.orderId}|${t.check.id}|${purpose}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const amountOf = (o: Order) => Number(o.amount ?? '500');

/** A result_url call: the payment as the gateway's read returns it. */
export function resultBody(t: Ctx, o: Order, purpose: string, status = 'cleared', extra: Json = {}): Json {
  // an amount given in `extra` is the payment's: its cleared_amount too (a gateway sends no other body)
  const amount = typeof extra.amount === 'number' ? extra.amount : amountOf(o);
  const now = new Date().toISOString();
  const paid = status === 'cleared';
  return {
    id: paymentId(t, o, purpose),
    order_id: o.orderId,
    status,
    amount,
    currency: o.currency ?? 'KZT',
    description: 'paycert test order',
    auto_clearing: true,
    cleared_amount: paid ? amount : 0,
    refunded_amount: 0,
    masked_pan: '440044******4440',
    ...(status === 'declined' && {
      decline: {
        code: 4001,
        name: 'declined-by-issuer',
        message: { en: 'Declined by the issuer', ru: 'Отклонено эмитентом' },
      },
    }),
    created_at: now,
    updated_at: now,
    ...extra,
  };
}

/** A check_url call: the order the payment is for. Its description is the merchant's own text from the
 *  create, non-ASCII in a Kazakh shop: the body is UTF-8 (RFC 8259), and a handler reading it as
 *  ISO-8859-1 verifies other bytes. */
export function checkBody(o: Order): Json {
  return {
    order_id: o.orderId,
    amount: amountOf(o),
    currency: o.currency ?? 'KZT',
    description: 'Оплата заказа (paycert test order)',
  };
}

export type Signing =
  | 'genuine'
  | 'none'
  | 'other-key'
  | 'empty-key'
  | 'empty-key-other-auth-id'
  | 'doc-key'
  | 'doc-key-other-auth-id'
  | 'other-auth-id'
  | 'create-uri'
  | 'other-endpoint'
  | 'alg-none'
  | 'attached'
  | 'near-end-changed'
  | 'case-changed'
  | 'cut-short'
  | 'alg-lower-case'
  | 'alg-hs512-label'
  | 'alg-hs512'
  | 'alg-hs384'
  | 'other-merchant';

/** The signature with its last full character changed (the final one also holds spare bits a decoder
 *  may ignore): refused only by a handler that compares the whole signature, not a prefix of it. Never
 *  into the same letter's other case ("a" into "A"): a handler comparing case-insensitively would take
 *  that one, once in 64 signatures, and this forgery would test another thing (caseChanged's). */
export function nearEndChanged(jws: string): string {
  const i = jws.length - 2;
  return `${jws.slice(0, i)}${jws[i]!.toUpperCase() === 'A' ? 'B' : 'A'}${jws.slice(i + 1)}`;
}

/** The signature with one letter's case changed (the first letter, never the last character):
 *  Base64url is case-sensitive, so this is another MAC, accepted only by a handler that compares
 *  signatures case-insensitively (`lc` / `strtolower` / `equalsIgnoreCase` on both sides). The random
 *  one-character changes hit a case change once in 63 cases: too seldom for the 5 cases of a real target. */
export function caseChanged(jws: string): string {
  const start = jws.lastIndexOf('.') + 1;
  for (let i = start; i < jws.length - 1; i++) {
    const ch = jws[i]!;
    const other = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
    if (other !== ch) return `${jws.slice(0, i)}${other}${jws.slice(i + 1)}`;
  }
  return nearEndChanged(jws); // no letter before the last character: digits, "-" and "_" only
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The signature part of a compact JWS changed in one character into another Base64url one (`by`
 *  1..63 places on), or cut to its first `at` characters. Never its last character: that one also
 *  holds spare bits a lenient decoder may ignore, so a change there can decode to the same MAC. */
export function signatureChanged(jws: string, at: number, by: number, cut: boolean): string {
  const start = jws.lastIndexOf('.') + 1;
  const n = jws.length - start;
  if (n < 2) return `${jws}A`;
  if (cut) return jws.slice(0, start + (at % n));
  const i = start + (at % (n - 1));
  const c = B64URL[(B64URL.indexOf(jws[i]!) + 1 + (by % 63)) % 64]!;
  return `${jws.slice(0, i)}${c}${jws.slice(i + 1)}`;
}

/** The body as PHP's json_encode spells it by default: "/" as "\\/", non-ASCII as \\uXXXX. The same
 *  JSON as JSON.stringify's, other bytes: a handler verifying a re-serialised body refuses it. */
export function phpJson(body: Json): string {
  return JSON.stringify(body)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The order's declared amount as a JSON number's text ("0500", which the schema lets through, is
 *  spelled from its value). */
export function declaredAmount(t: Ctx, orderId: unknown): string {
  const given = declaration(t).orders.find((d) => d.orderId === orderId)?.amount;
  return given && /^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(given) ? given : String(Number(given ?? '500'));
}

/** `json` (the body serialised) with its top-level amount and cleared_amount, where they are the
 *  order's declared amount, spelled as `spell` spells the declared one: with other decimals than the
 *  declaration's (otherSpelling), or as the declaration spells it ("2500.00" for 2500). */
function spellAmounts(t: Ctx, json: string, body: Json, spell: (declared: string) => string): string {
  const declared = declaredAmount(t, body.order_id);
  for (const key of ['amount', 'cleared_amount']) {
    const v = body[key];
    if (typeof v !== 'number' || v !== Number(declared)) continue;
    json = json.replace(`"${key}":${JSON.stringify(v)}`, `"${key}":${spell(declared)}`);
  }
  return json;
}

/** The seed's example key ("Encryption Key: 123456", seed 000): a handler falling back to it takes
 *  any call signed with it. */
export const DOC_KEY = '123456';

/** Forgeries signed with a key that is not the merchant's (the empty key a `keys[auth_id] ?? ''` lookup
 *  gives an unknown auth_id, the seed's example key), under the merchant's auth_id or another one. */
const OTHER_KEYS: Partial<Record<Signing, { key: (secret: string) => string; otherAuthId?: true }>> = {
  'other-key': { key: (secret) => `${secret}-not` },
  'empty-key': { key: () => '' },
  'empty-key-other-auth-id': { key: () => '', otherAuthId: true },
  'doc-key': { key: () => DOC_KEY },
  'doc-key-other-auth-id': { key: () => DOC_KEY, otherAuthId: true },
};

/** An auth_id that is not the merchant's */
export const otherAuthId = (authId: string): string => `${authId}9`;

/** Forgeries whose header names another alg than seed 000's HS256 ("The supported signature encryption
 *  algorithm is HS256") over a valid HS256 MAC: taken only by a handler that computes HS256 whatever the
 *  header says. JWS alg values are case-sensitive (RFC 7515 §4.1.1): "hs256" is no HS256. */
const OTHER_ALG: Partial<Record<Signing, string>> = { 'alg-lower-case': 'hs256', 'alg-hs512-label': 'HS512' };

/** Forgeries naming another HMAC alg over that alg's own MAC, made with the merchant's key: taken only by
 *  a handler that verifies with whatever HMAC alg the header names (V5-MCB-02: HS256 only). */
const OWN_MAC_ALG: Partial<Record<Signing, HmacAlg>> = { 'alg-hs512': 'HS512', 'alg-hs384': 'HS384' };

/** The gateway's other merchant (PAYCERT_GREENLEAVES_V5_OTHER_AUTH_ID and _OTHER_SECRET_KEY), whose
 *  genuine signature is no signature for this merchant's calls: against a real shop only when both are
 *  set (the defaults are paycert's own sandbox's); undefined when it is this merchant. */
export function otherMerchant(t: Ctx): { authId: string; secretKey: string } | undefined {
  const c = t.credentials;
  const vars = CREDENTIAL_VARS['greenleaves-v5'];
  const set = !!process.env[vars.otherAuthId[0]] && !!process.env[vars.otherSecretKey[0]];
  if ((t.subject.target === 'real' && !set) || c.otherAuthId === c.authId) return undefined;
  return { authId: c.otherAuthId, secretKey: c.otherSecretKey };
}

/** The protected header as seed 000 prints it (one member a line, `"name": value`), alg first: the same
 *  header in other bytes, as genuine as the compact one. A handler verifying over a header rebuilt from
 *  its parsed JSON, or from its own template, verifies other bytes and refuses it. */
export function seedLayoutHeader(uri: string, authId: string): string {
  const h = { alg: 'HS256', uri, auth_id: authId, method: 'POST', params: '' };
  return `{\n${Object.entries(h)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n')}\n}`;
}

/** Forgeries made from the genuine signature, each taken only by a loose comparison. */
const ALTERED: Partial<Record<Signing, (jws: string) => string>> = {
  'near-end-changed': nearEndChanged,
  'case-changed': caseChanged,
  // a signature of another length: Node's timingSafeEqual throws on it where a handler did not compare lengths
  'cut-short': (jws) => jws.slice(0, -4),
};

export interface Sent {
  http: HttpResponse;
  answer?: CallbackAnswer;
  /** what was sent: its X-JWS-Signature (none: undefined) and the body's bytes */
  sent?: { token?: string; body: Buffer };
}

/** POST a callback: the body as compact JSON (or PHP-spelled), signed as `signing` says; `tamper`
 *  changes the body after signing. */
export async function call(
  t: Ctx,
  url: string,
  body: Json,
  o: {
    signing?: Signing;
    /** changes the genuine X-JWS-Signature (signing 'genuine' only) */
    resign?: (jws: string) => string;
    tamper?: (b: Json) => Json;
    requestId?: string;
    note?: string;
    /** true: part of a burst (not paced); a Barrier: also completed together with the rest of it */
    burst?: boolean | Barrier;
    spelling?: 'compact' | 'php';
    /** the order's amount spelled with other decimals than the declaration's ('other'), or as the
     *  declaration spells it ('declared': "2500.00"); default: as JSON.stringify */
    amountSpelling?: 'other' | 'declared';
    /** signing 'attached': the body signed and attached as the token's payload (default: the body sent) */
    attach?: Json;
    /** the header names as seed 000 spells them (X-JWS-Signature, X-Request-Id), or all in lower case, as
     *  an HTTP/2 edge forwards them (RFC 9113 §8.2.1; names are case-insensitive, RFC 9110 §5.1) */
    names?: 'seed' | 'lower';
    /** signing 'genuine': the protected header spelled as seed 000 prints it (seedLayoutHeader) */
    seedLayout?: boolean;
    /** the Accept header (default application/json, the gateway's; a forgery's may be a browser's) */
    accept?: string;
  } = {},
): Promise<Sent> {
  const serialise = (b: Json) => {
    const json = o.spelling === 'php' ? phpJson(b) : JSON.stringify(b);
    if (o.amountSpelling === undefined) return json;
    return spellAmounts(t, json, b, o.amountSpelling === 'other' ? otherSpelling : (declared) => declared);
  };
  const signed = Buffer.from(serialise(body), 'utf8');
  const signing = o.signing ?? 'genuine';
  const token = await tokenFor(t, url, signed, signing, o, serialise);
  const sent = o.tamper ? Buffer.from(serialise(o.tamper(body)), 'utf8') : signed;
  const named: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: o.accept ?? 'application/json',
    'X-Request-Id': o.requestId ?? uuidv7(),
    ...(token !== undefined && { 'X-JWS-Signature': token }),
  };
  const headers = Object.fromEntries(
    Object.entries(named).map(([k, v]) => [o.names === 'lower' ? k.toLowerCase() : k, v]),
  );
  const http = await t.http.send({
    url,
    method: 'POST',
    headers,
    body: sent,
    statuses: 'any',
    note: o.note,
    burst: !!o.burst,
    together: o.burst instanceof Barrier ? o.burst : undefined,
    // a call answered 502/503/504 or an edge's page for them (no answer from the shop) is made again, once
    resendNoAnswer: true,
    lookPastRedirect: true,
  });
  const answer = http.status === 200 ? parseAnswer(http.text) : undefined;
  const duplicates = http.status === 200 ? answerDuplicates(http.text) : [];
  if (duplicates.length > 0) {
    const what = `${o.note ?? 'a call'} was answered ${quote(http.text, 160)}, naming ${describeDuplicates(duplicates)}`;
    // the answer's form, where the check judges it (a failure only: no answer passes V5-MCB-01 here)
    if (t.check.rules.includes('V5-MCB-01')) t.expect('V5-MCB-01', false, `${what}: ${UNIQUE_NAMES}`);
    // a status or description whose copies differ: the decision is the parser's, not the shop's
    if (undecided(duplicates).length > 0)
      throw new AmbiguousAnswer(
        `${what}: whether it is ok depends on which copy a gateway's parser keeps (RFC 8259 §4), so its decision is not judged; V5-MCB-01 judges the answer's form`,
      );
  }
  const sentAs = { ...(token !== undefined && { token }), body: sent };
  // a forged call's answer showing the signature it should have carried: that signature is registered
  // with the redactor (leakIn) whether or not the check judges V5-MCB-11, so that no output shows it in
  // full (probe 24: the forged twins of refusedAs, in checks not citing the rule, were shown in full)
  if (signing !== 'genuine' || o.resign || o.tamper) rightSignatureShown(t, url, { http, sent: sentAs });
  return answer ? { http, answer, sent: sentAs } : { http, sent: sentAs };
}

/** The X-JWS-Signature of a call to `url` whose body is `signed`, as `signing` says (undefined: none). */
async function tokenFor(
  t: Ctx,
  url: string,
  signed: Buffer,
  signing: Signing,
  o: { resign?: (jws: string) => string; attach?: Json; seedLayout?: boolean },
  serialise: (b: Json) => string,
): Promise<string | undefined> {
  const c = t.credentials;
  const uri = callbackUri(url);
  if (signing === 'genuine') {
    const jws = o.seedLayout
      ? signDetachedRaw(seedLayoutHeader(uri, c.authId), signed, c.secretKey)
      : await signCallback(signed, url, c.authId, c.secretKey);
    return o.resign ? o.resign(jws) : jws;
  }
  const keyed = OTHER_KEYS[signing];
  // signed as signCallback signs, with any key (signCallback refuses the empty one)
  if (keyed)
    return signDetachedRaw(
      serialiseHeader(g2gHeader(uri, keyed.otherAuthId ? otherAuthId(c.authId) : c.authId)),
      signed,
      keyed.key(c.secretKey),
    );
  const alter = ALTERED[signing];
  if (alter) return alter(await signCallback(signed, url, c.authId, c.secretKey));
  const alg = OTHER_ALG[signing];
  if (alg) return signDetachedRaw(JSON.stringify({ ...g2gHeader(uri, c.authId), alg }), signed, c.secretKey);
  const own = OWN_MAC_ALG[signing];
  if (own) return signDetachedRaw(serialiseHeader(g2gHeader(uri, c.authId, own)), signed, c.secretKey, own);
  if (signing === 'other-merchant') {
    const m = otherMerchant(t)!;
    return signCallback(signed, url, m.authId, m.secretKey);
  }
  if (signing === 'other-auth-id') return signCallback(signed, url, otherAuthId(c.authId), c.secretKey);
  // signed for the merchant's other endpoint (its check_url on a result_url call, and the reverse): a
  // handler that takes the uri of either of its endpoints (one verify() for both) takes it
  if (signing === 'other-endpoint')
    return signCallback(signed, url === resultUrl(t) ? checkUrlOf(t)! : resultUrl(t), c.authId, c.secretKey);
  // a genuine signature with the payload it was signed over attached (header.payload.signature): a
  // handler that rebuilds the token with token.replace("..", "." + b64(body) + ".") (a no-op on this one)
  // verifies that payload and processes the body received
  if (signing === 'attached') {
    const payload = o.attach ? Buffer.from(serialise(o.attach), 'utf8') : signed;
    const [h, , sig] = (await signCallback(payload, url, c.authId, c.secretKey)).split('.');
    return `${h}.${payload.toString('base64url')}.${sig}`;
  }
  if (signing === 'create-uri') return signDetached(signed, g2gHeader('/v5/g2g/create', c.authId), c.secretKey);
  // an unsecured JWS (RFC 7515 §A.5): alg "none", empty signature
  if (signing === 'alg-none')
    return `${Buffer.from(JSON.stringify({ uri, auth_id: c.authId, method: 'POST', params: '', alg: 'none' })).toString('base64url')}..`;
  return undefined; // 'none'
}

/** V5-MCB-11: where the answer `a` to a call to `url` whose signature did not verify shows the signature
 *  that call should have carried (undefined: nowhere): "the body", "header x-…", "the status line". The
 *  right signature is the HS256 MAC of the body as sent under the token's own protected header, or under
 *  the documented one for `url` (a call without a token, or signed for another uri), in base64url as a
 *  token carries it, in Base64 and in hex (any case). One inside the token sent (an echo of it) shows
 *  nothing new. Never the value itself. */
export function rightSignatureShown(t: Ctx, url: string, a: Sent): string | undefined {
  if (!a.sent) return undefined;
  const { token, body } = a.sent;
  const c = t.credentials;
  const header = token?.split('.')[0];
  const documented = signDetachedRaw(serialiseHeader(g2gHeader(callbackUri(url), c.authId)), body, c.secretKey);
  const macs = [...(header ? [signDetachedRaw(Buffer.from(header, 'base64url'), body, c.secretKey)] : []), documented]
    .map((jws) => Buffer.from(jws.split('..')[1]!, 'base64url'))
    .flatMap((mac) => [mac.toString('base64url'), mac.toString('base64').replace(/=+$/, ''), mac.toString('hex')]);
  const expected = () => macs;
  const places: Array<[string, string]> = [[`the status line`, `${a.http.status} ${a.http.statusText ?? ''}`]];
  for (const [k, v] of Object.entries(a.http.headers)) places.push([`header ${k}`, String(v)]);
  places.push(['the body', a.http.text]);
  for (const [where, text] of places)
    if (leakIn({ text, secret: '', ...(token !== undefined && { sent: token }), expected }).signature) return where;
  return undefined;
}

/** Whether an answer is the shop's own to judge V5-MCB-11 on: not an edge's page for a shop that did not
 *  answer. An empty body is the shop's answer too (its status line and headers were read): a 403 with
 *  nothing in it shows no signature, and is the commonest refusal. */
export const shopsOwn = (a: Sent): boolean => noAnswer(a.http) === undefined;

/** An answer whose decision is ambiguous (call): it was answered, so it is no missing answer. */
export class AmbiguousAnswer extends Inconclusive {}

/** A call that got no answer at all (Inconclusive from the transport), not an ambiguous one. */
export const unanswered = (e: unknown): e is Inconclusive =>
  e instanceof Inconclusive && !(e instanceof AmbiguousAnswer);

export const isOk = (a: Sent): boolean => a.answer?.status === 'ok';
export const isJson = (a: Sent): boolean => mediaType(a.http.headers['content-type']) === 'application/json';

export function describeAnswer(a: Sent): string {
  if (a.http.status !== 200) return `HTTP ${a.http.status}${besideStatus(a.http)}`;
  const word = otherStatus(a);
  if (word !== undefined)
    return `HTTP 200, status ${JSON.stringify(word)} (a word of the shop's own, not exactly ok, rejected or error)`;
  if (!a.answer)
    return `HTTP 200, not the JSON answer${phpNoticeIn(a.http.text) || `${notJson(a.http.text)}: ${quote(a.http.text, 120)}`}`;
  const d = a.answer.description;
  // an answer without a description (an edge's canned {"status":"ok"}) is said so, not as ""
  return `status ${a.answer.status} ${d === undefined ? '(no description)' : `"${d}"`}`;
}

/** The status of an HTTP 200 JSON answer whose status is a word of its own ("success", "OK"): the
 *  shop's decision, in words the model does not know (undefined for ok, rejected, error and no JSON). */
/** An HTTP 200 that carries no JSON answer of the shop's, in the model's words or its own (otherStatus). */
export const noJsonAnswer = (a: Sent): boolean => a.http.status === 200 && !a.answer && otherStatus(a) === undefined;

export function otherStatus(a: Sent): string | undefined {
  if (a.http.status !== 200 || a.answer) return undefined;
  try {
    const v = JSON.parse(a.http.text) as unknown;
    const status = v && typeof v === 'object' ? (v as Json).status : undefined;
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}

/** What a status word of the shop's own (otherStatus: not exactly ok, rejected or error) says for a call
 *  it must not acknowledge (V5-MCB-12): `ok` an ok written otherwise ("OK", " ok "), the shop's
 *  acknowledgement; `declines` rejected or error in another letter case or with blanks ("REJECTED");
 *  `unknown` any other word ("success", "paid", "declined"), whose meaning is the shop's own. */
export function ownStatusSays(word: string): 'ok' | 'declines' | 'unknown' {
  const w = word.trim().toLowerCase();
  return w === 'ok' ? 'ok' : w === 'rejected' || w === 'error' ? 'declines' : 'unknown';
}

/** Why a text is no JSON at all, in parentheses ('' for JSON, whose status or shape is then what is
 *  wrong): an empty body (a handler that returns nothing) is said so, a notice printed before the JSON
 *  by where the parser stopped. */
function notJson(text: string): string {
  if (text.trim() === '') return ` (the body is ${text === '' ? 'empty' : 'blank'})`;
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return ` (not JSON: ${quoteMiddle((e as Error).message, 120)})`;
  }
}

/** HTTP status and answer status: the decision, what must be identical on every repeat. The
 *  description is free text the gateway does not act on ("Оплата принята", then "Уже обработано"). */
export const gist = (a: Sent): string => `${a.http.status}|${a.answer?.status ?? a.http.text}`;

export const resultUrl = (t: Ctx): string => t.subject.baseUrl;

/** The merchant's check_url (given on the command line or declared), if it has one. */
export const checkUrlOf = (t: Ctx): string | undefined => t.subject.checkUrl ?? declaration(t).checkUrl;

/** Precondition of checks that judge decisions: a genuine call for a payable order of this check's
 *  own is answered ok; otherwise the check ends inconclusive (V5-MCB-01 judges that). */
export async function takesPayments(t: Ctx): Promise<void> {
  const o = orders(t).take('payable', 'the precondition (a genuine call for a payable order is answered ok)');
  const a = await call(t, resultUrl(t), resultBody(t, o, 'precondition'), { note: 'precondition: a genuine call' });
  genuineAnswer.set(t, a);
  if (!isOk(a))
    t.inconclusive(
      `precondition: a genuine result_url call for a payable order was answered ${describeAnswer(a)} (see V5-MCB-01)`,
    );
}

/** What of a body a handler verifying other bytes than those received trips on, for a reason's text. */
export function bodyFeatures(body: Json): string {
  const json = JSON.stringify(body);
  const found = [
    /[^\x00-\x7f]/.test(json) && 'raw UTF-8 (non-ASCII) in the body',
    json.includes('/') && '"/" in the body',
  ].filter(Boolean);
  return found.length > 0 ? ` (${found.join(', ')})` : '';
}

/** An answer no diagnosis of the shop's verifying rests on: a redirect (the call sent elsewhere), a page
 *  (HTML or XML: an edge's, a WAF's, a wall's; a v5 shop refuses in JSON or bare), or one besideStatus
 *  names (a login, a CSRF refusal, a method not routed). A forged twin meets the same, so its "same
 *  words" say nothing of the signature (was: a 308 and a WAF's 403 "as the merchant answers a forged
 *  call: is the signature verified over other bytes…?"). Not Rails's production 422, a validation
 *  error's too (csrfOnlyIfAllRefused): refusedAs tells. */
export function notARefusal(a: Sent): boolean {
  if (csrfOnlyIfAllRefused(a.http)) return false;
  return (
    (a.http.status >= 300 && a.http.status < 400) ||
    besideStatus(a.http) !== '' ||
    /^\s*</.test(a.http.text.replace(/^\uFEFF/, ''))
  );
}

/** The answer to takesPayments' genuine call for a payable order, per check (its context): whether the
 *  shop refuses every call (a CSRF refusal) or takes a genuine one. Per check, not per subject: another
 *  check's answer, stored or not as the run's order or --check has it, decided this check's verdict. */
const genuineAnswer = new WeakMap<Ctx, Sent>();

/** A refusal as the merchant words it: HTTP status, status and description, or the text. */
const refusal = (a: Sent): string =>
  a.answer ? `${a.http.status}|${a.answer.status}|${a.answer.description ?? ''}` : `${a.http.status}|${a.http.text}`;

/** Whether `a`, the refusal of a genuine call of `body` to `url`, is how the merchant refuses a forgery
 *  ('page': no refusal of the shop's to compare, notARefusal):
 *  a twin of it signed with another key (for another payment id: nothing remembered answers it) answered
 *  in the same words. 'forgery': the genuine call's signature did not verify (V5-MCB-01's fault, not the
 *  decision the call asks for); 'ambiguous': the same words, but words every refusal may share (a bare
 *  {"status": …}); 'other': a decision of its own. */
export async function refusedAs(
  t: Ctx,
  url: string,
  body: Json,
  a: Sent,
): Promise<'forgery' | 'ambiguous' | 'other' | 'page'> {
  if (isOk(a)) return 'other';
  if (notARefusal(a)) return 'page';
  const twin =
    typeof body.id === 'string'
      ? { ...body, id: paymentId(t, { orderId: String(body.order_id) }, `forged twin of ${body.id}`) }
      : body;
  const f = await call(t, url, twin, { signing: 'other-key', note: 'a forged twin of a refused genuine call' });
  if (refusal(f) !== refusal(a)) return 'other';
  // Rails's production 422 for both: a CSRF refusal (no refusal of the shop's) only where a genuine call for
  // a payable order met it too, or none is known; where one was taken it is the app's own (a validation)
  if (csrfOnlyIfAllRefused(a.http)) {
    const g = genuineAnswer.get(t);
    if (g === undefined || refusal(g) === refusal(a)) return 'page';
  }
  return a.http.status === 200 && a.answer && a.answer.description === undefined ? 'ambiguous' : 'forgery';
}

/** The answer's bytes begin with a UTF-8 byte order mark: RFC 8259 §8.1 "Implementations MUST NOT add a
 *  byte order mark", and JSON.parse or PHP's json_decode refuse such a text (the suite's decoder drops it). */
export const hasBom = (a: Sent): boolean =>
  a.http.body[0] === 0xef && a.http.body[1] === 0xbb && a.http.body[2] === 0xbf;

/** How an answer's bytes are not UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is), read by the
 *  charset it was labelled with ("its Content-Type says windows-1251"); undefined for UTF-8 bytes (ASCII
 *  under any label among them). */
export function notUtf8(a: Sent): string | undefined {
  if (isUtf8(a.http.body)) return undefined;
  const d = decodeBody(a.http.body, a.http.headers['content-type']);
  return d.source === 'default' || d.charset === 'utf-8'
    ? 'bytes not valid UTF-8'
    : `its ${d.source} says ${d.charset}, and its bytes are not valid UTF-8`;
}
