import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { decodeProtectedHeader, HEADER_FIELDS } from '../../../src/protocols/greenleaves-v5/jws.ts';
import { V5_ACTIONS, operationFor, type V5Operation } from '../../../src/protocols/greenleaves-v5/endpoints.ts';
import { decimalOf, numberLiterals } from '../../../src/protocols/greenleaves-v5/money.ts';
import { violations as gatewayViolations } from '../../../src/sandbox/greenleaves-v5/body.ts';
import { requestPath } from '../../../src/reference/server.ts';
import { isUuid } from '../../../src/protocols/greenleaves-v5/uuid.ts';
import { isJsonAccept, isJsonContentType } from '../../../src/spec/v5-media-types.ts';
import type { SdkSession } from '../../../src/harness/sdk.ts';
import { sameRequest, type Recorded } from '../../../src/harness/recorder.ts';
import { card, createBody, type Body, type Ctx } from '../support.ts';
import { V5_OPERATIONS, type AdapterAnswer } from '../../../src/sdk-adapter/protocol.ts';
import {
  ANSWER_RULES,
  describeAnswer,
  endedOnFailure,
  failEveryResend,
  failedResends,
  sdkChecks,
  secretIn,
  sentSince,
} from '../../sdk-support.ts';
import { quote } from '../../../src/harness/clip.ts';
import { refusesForeignCertificate } from '../../sdk-tls.ts';
import { HTTPS_ONLY_HINT, seemsHttpsOnly } from '../../../src/harness/sdk-tls.ts';

const base = { profile: 'greenleaves-v5', subject: 'sdk', area: 'sdk' } as const;
/** The adapter operations and the gateway's X-Action (V5-ACT-01..04) and the seed's URL (V5-SDK-18) for each. */
const ACTIONS: Record<string, { action: string; path: string }> = Object.fromEntries(
  Object.entries(V5_OPERATIONS).map(([op, name]) => [
    op,
    { action: V5_ACTIONS[name].action, path: V5_ACTIONS[name].path },
  ]),
);
/** The adapter operation of each gateway operation (V5_OPERATIONS read backwards). */
const OP_OF = Object.fromEntries(Object.entries(V5_OPERATIONS).map(([op, name]) => [name, op])) as Record<
  V5Operation,
  string
>;

/** Whose request `r`, recorded while the SDK served a call of `op`, is judged as: `op`'s when its X-Action
 *  or its path names `op` (a wrong other half is then V5-SDK-11's or V5-SDK-18's); another documented
 *  operation's when its path and X-Action are both that operation's (an SDK reading the payment back after
 *  creating it makes a read of its own: judged as a read, not as a create sent to /v5/g2g/read); else
 *  `op`'s. The rules about every request (signature, X-Request-Id, JSON text) judge it either way. */
export function judgedAs(op: string, r: Pick<Recorded, 'path' | 'headers'>): string {
  const own = ACTIONS[op]!;
  const path = requestPath(r.path);
  const action = r.headers['x-action'];
  if (action === own.action || path === own.path) return op;
  const other = operationFor(path, action ?? '');
  return other === undefined ? op : OP_OF[other];
}

/** The requests one call of `op` sent, each with the operation it is judged as (judgedAs). When none is
 *  `op`'s, the SDK sent `op` itself wrong (a read for a create): every one is `op`'s (V5-SDK-11, -18). */
export function byOperation(op: string, sent: Recorded[]): Array<[string, Recorded]> {
  const as = sent.map((r) => judgedAs(op, r));
  return sent.map((r, i) => [as.includes(op) ? as[i]! : op, r]);
}

/** Those of `judged` (byOperation) that are another operation's than `op`, as "X-Action on path". */
function otherOperations(op: string, judged: Array<[string, Recorded]>): string {
  return judged
    .filter(([o]) => o !== op)
    .map(([, r]) => `${r.headers['x-action']} on ${requestPath(r.path)}`)
    .join(', ');
}

/** Amounts every run of v5.sdk.requests sends besides the random ones (its burst): the seed's own 123.42
 *  and amounts binary floating point gets wrong in an SDK's arithmetic (Math.round(a * 100) * 0.01 gives
 *  1.1500000000000001 and 999999.8300000001, a * 100 / 100 gives 0.07000000000000001). About one random
 *  amount in seven goes wrong so, which 20 runs of a seed could miss. */
export const FIXED_AMOUNTS = [123.42, 0.07, 1.15, 999999.83];

/** Descriptions every run of v5.sdk.requests sends besides the random ones (at most 40 characters): the
 *  create schema's maximum (1024 characters, create-request.schema.json) and lengths on the way, Cyrillic
 *  and Kazakh letters included, so an SDK cutting a description to 32, 64 or 255 characters is seen. */
const LONG_DESCRIPTIONS = [1024, 300, 100].map((n) =>
  [...'Оплата заказа №17 в магазине «Қазақ кітабы», Алматы; order 17, paid by card. '.repeat(14)].slice(0, n).join(''),
);

/** Card holders as a shop's caller gives them (the seed's example is "CARD HOLDER"): mixed case, so an
 *  SDK writing the name in capitals changes it (V5-SDK-15); the create schema's Latin letters. */
const HOLDER = fc.stringMatching(/^[A-Z][a-z]{1,11}( [A-Z][a-z]{1,11}){1,2}$/);

/** Error replies no SDK may report as a success (V5-SDK-05): status, Content-Type, body. */
const SERVER_ERRORS = [
  [502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'],
  [503, 'text/plain', ''],
] as const;

/** An X-Request-Id carried by two requests that differ (V5-SDK-02): in method, path, X-Action or body
 *  bytes. A resend of the same bytes under the first attempt's id is the same request again (as V5-SDK-03
 *  asks a resend to be: the gateway answers it with the first reply), not a second request. */
export function idOfTwoRequests(rs: readonly Recorded[]): string | undefined {
  return idsOfTwoRequests(rs)[0];
}

/** Every X-Request-Id carried by two requests that differ (idOfTwoRequests), each once, in the order of
 *  the request that reused it: one pass, one Map. */
export function idsOfTwoRequests(rs: readonly Recorded[]): string[] {
  const first = new Map<string, Recorded>();
  const out: string[] = [];
  for (const r of rs) {
    const id = r.headers['x-request-id'] ?? '';
    const seen = first.get(id);
    if (!seen) first.set(id, r);
    else if (!sameCall(seen, r) && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Two requests that are one: the same method, path, X-Action and body bytes (a resend). */
const sameCall = (a: Recorded, b: Recorded): boolean => sameRequest(a, b, ['x-action']);

/** Why an X-Request-Id is no UUID (V5-SDK-02), or undefined: the gateway's own definition (isUuid, RFC
 *  9562's layout: a version 1-8 and the variant 10xx), so that an id the gateway refuses as "not a UUID"
 *  (1103, V5-HDR-04) is not passed here. RFC 9562 names other variants too (0xxx, 110x, 111x): only
 *  10xx is its layout's, so the reason says that, not "none of RFC 9562's". */
export function notUuid(id: string): string | undefined {
  if (isUuid(id)) return undefined;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    const off = [
      ...(/[1-8]/.test(id[14]!) ? [] : [`version ${id[14]}, not a version of RFC 9562's layout (1-8)`]),
      ...(/[89ab]/i.test(id[19]!)
        ? []
        : [`variant ${id[19]}, not the variant of RFC 9562's layout (10xx: 8, 9, a or b)`]),
    ];
    return `X-Request-Id "${id}" is not a UUID: 32 hex digits in the 8-4-4-4-12 form, but with ${off.join(', and ')}`;
  }
  return `X-Request-Id "${id}" is not a UUID`;
}

/** Why a request body is no JSON text (V5-SDK-16: the seed's request format application/json, RFC 8259),
 *  or undefined. */
export function notJsonText(body: Uint8Array): string | undefined {
  const b = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return 'it begins with a UTF-8 byte order mark, which RFC 8259 §8.1 forbids before a JSON text sent over a network';
  if (!isUtf8(b)) return 'it is not UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8)';
  const text = b.toString('utf8');
  if (text.trim() === '') return 'it is empty';
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    if (/^[^\s=&{["]+=[^&]*(&|$)/.test(text)) return `it is form-encoded (name=value&…): ${quote(text, 48)}`;
    return `it does not parse as JSON: ${quote(text, 48)}`;
  }
}
const GOOD_CARD = () => card({ auth: true, threeDs: false });
/** One create of v5.sdk.requests: its amount, description, card holder and the seed example's optional fields. */
interface CreateCase {
  amount: number;
  description: string;
  holder: { name: string; month: number };
  optional: Record<string, unknown>;
}
const TEXT_UNIT = fc.oneof(
  fc.string({ minLength: 1, maxLength: 1 }),
  fc.constantFrom(...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяӘәҒғҚқҢңӨөҰұҮүҺһІі«»№€'),
);

/** The JSON types of the seed's only body, its example create (V5-SDK-12), by path. */
const EXAMPLE_TYPES: Record<string, 'number' | 'integer' | 'string' | 'boolean'> = {
  amount: 'number',
  currency: 'string',
  description: 'string',
  order_id: 'string',
  user_id: 'string',
  auto_clearing: 'boolean',
  'from.type': 'string',
  'from.card.name': 'string',
  'from.card.pan': 'string',
  'from.card.cvc': 'string',
  'from.card.year': 'integer',
  'from.card.month': 'integer',
  'from.save': 'boolean',
  'from.recurrent.lifetime': 'integer',
  'device.user_ip': 'string',
  'urls.check_url': 'string',
  'urls.result_url': 'string',
};

// The seed example's fields a bare create (createBody) does not give, as a shop gives them, by path: each
// in half the cases (fc.option's nil comes once in `freq`; fc.record's optional keys are there five times
// in six), so an SDK that refuses one of them (urls kept on the merchant's account) still sends half the
// creates to judge. Before, no create carried one, and an SDK dropping user_id, from.save,
// from.recurrent, device and urls, or sending lifetime "3", passed V5-SDK-12 and V5-SDK-15.
const optionalArb = fc
  .record(
    Object.fromEntries(
      Object.entries({
        user_id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/),
        auto_clearing: fc.boolean(),
        'from.save': fc.boolean(),
        'from.recurrent.lifetime': fc.integer({ min: 1, max: 156 }),
        'device.user_ip': fc.ipV4(),
        // never called: the reference gateway calls loopback URLs only
        'urls.check_url': fc.stringMatching(/^[a-z0-9]{1,20}$/).map((p) => `https://shop.example.kz/pay/check/${p}`),
        'urls.result_url': fc.stringMatching(/^[a-z0-9]{1,20}$/).map((p) => `https://shop.example.kz/pay/result/${p}`),
      }).map(([k, a]) => [k, fc.option(a as fc.Arbitrary<unknown>, { freq: 2, nil: undefined })]),
    ),
  )
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
/** Every one of them, with the seed example's values. */
const optionalExample = {
  user_id: 'user_id',
  auto_clearing: true,
  'from.save': true,
  'from.recurrent.lifetime': 3,
  'device.user_ip': '123.123.123.123',
  'urls.check_url': 'https://shop.example.kz/pay/check',
  'urls.result_url': 'https://shop.example.kz/pay/result',
};

/** `body` with each of the `fields` (by path) set, the objects on the way made as needed. */
function withFields(body: Body, fields: Record<string, unknown>): Body {
  const out = structuredClone(body);
  for (const [path, v] of Object.entries(fields)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let o = out;
    for (const k of keys) o = (o[k] && typeof o[k] === 'object' ? o[k] : (o[k] = {})) as Body;
    o[last] = v;
  }
  return out;
}

/** The seed example's fields (V5-SDK-12's, by path) the given bodies carry. */
function examplePaths(bodies: Body[]): Set<string> {
  const at = (b: Body, path: string) =>
    path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Body)[k] : undefined), b);
  return new Set(Object.keys(EXAMPLE_TYPES).filter((p) => bodies.some((b) => at(b, p) !== undefined)));
}

const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/** Where a body the SDK sent departs from the example's JSON types (V5-SDK-12): "amount "5.00" (a
 *  string, the example's is a number)", a body that is JSON but no object. undefined: no JSON text, which
 *  V5-SDK-16 judges (its types cannot be read). A field left out has no type: it is V5-SDK-15's (a value
 *  the caller gave, not sent), not this rule's (probe 24's edit_drop_amount was blamed on both). */
export function typeDepartures(text: string): string[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [
      `the body is JSON ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}, the example's is an object`,
    ];
  const out: string[] = [];
  for (const [path, want] of Object.entries(EXAMPLE_TYPES)) {
    const v = path
      .split('.')
      .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Body)[k] : undefined), body);
    if (v === undefined) continue;
    const got = jsonType(v);
    if (got === want || (want === 'number' && got === 'integer')) continue;
    out.push(
      `${path} ${JSON.stringify(v)} (a ${got === 'integer' ? 'number' : got}, the example's is ${want === 'integer' ? 'an integer' : `a ${want}`})`,
    );
  }
  return out;
}

/** V5-SDK-12 over the requests sent. `neverGiven`: the rule's fields no request sent was given; a field no case gave is not judged, so
 *  with no departure elsewhere the rule is not passed (a rule about a field is not passed when no case
 *  gave it). */
function expectExampleTypes(t: Ctx, sent: Recorded[], neverGiven: string[] = []): void {
  const off = sent.flatMap((r) => {
    const o = typeDepartures(r.text);
    return o === undefined ? [] : [[r, o] as const];
  });
  if (off.length === 0 && sent.length > 0) return t.cannotJudge('V5-SDK-12', NO_JSON);
  if (neverGiven.length > 0 && off.every(([, o]) => o.length === 0))
    return t.cannotJudge('V5-SDK-12', notGivenWhy(neverGiven));
  for (const [r, o] of off)
    t.expect(
      'V5-SDK-12',
      o.length === 0,
      `${r.headers['x-action'] ?? r.path}: the body departs from the JSON types of the seed's example body: ${o.join('; ')}`,
    );
}

/** Why V5-SDK-12 and V5-SDK-15, which read the bodies sent as JSON, judge none. */
const NO_JSON = 'no body the SDK sent was JSON text (V5-SDK-16 says what it was): its JSON types cannot be read';
const NO_OBJECT =
  "no body the SDK sent was a JSON object (V5-SDK-16 or V5-SDK-12 says what it was): the caller's values cannot be read in it";

const notGivenWhy = (paths: string[]): string =>
  `no create the SDK sent was given ${paths.join(', ')} (of the seed example's fields): whether it sends them as given is not judged`;

/** Why the gateway may have refused a create: the body sent departs from the example's types
 *  (V5-SDK-12) or from the caller's (`given`, V5-SDK-15), or its JWS header from the example's form
 *  (V5-SDK-14). */
function departureHint(sent: Recorded[], given?: Body): string {
  const r = sent[0];
  if (!r) return '';
  const hints: string[] = [];
  const notJson = notJsonText(r.body);
  if (notJson) hints.push(`the body sent is no JSON text, V5-SDK-16: ${notJson}`);
  const types = typeDepartures(r.text) ?? [];
  if (types.length > 0)
    hints.push(`the body sent departs from the seed example's JSON types, V5-SDK-12: ${types.join('; ')}`);
  const values = given ? (valueDepartures(given, r.text) ?? []) : [];
  if (values.length > 0) hints.push(`the body sent departs from the caller's, V5-SDK-15: ${values.join('; ')}`);
  const form = headerFormDepartures(r.headers['x-jws-signature']) ?? [];
  if (form.length > 0)
    hints.push(`the X-JWS-Signature protected header departs from the seed's example, V5-SDK-14: ${form.join('; ')}`);
  const payload = payloadDepartures(r.headers['x-jws-signature'], r.body) ?? [];
  if (payload.length > 0) hints.push(`X-JWS-Signature is not detached, V5-SDK-21: ${payload.join('; ')}`);
  return hints.length > 0 ? ` (${hints.join('; ')})` : '';
}

/** The secret inside the protected header of X-JWS-Signature (base64url: secretIn reads it as sent). */
function secretInJwsHeader(r: Recorded): string | undefined {
  const seg = (r.headers['x-jws-signature'] ?? '').split('.')[0] ?? '';
  const header = Buffer.from(seg, 'base64url').toString('utf8');
  return secretIn({ ...r, path: '/', headers: {}, text: header }) ? 'the X-JWS-Signature protected header' : undefined;
}

/** A create: the SDK's answer, the requests of the create it sent (`sent`) and what else it sent
 *  (`others`: a read of the payment, as "X-Action on path"; byOperation). */
async function create(t: Ctx, sdk: SdkSession, body: Body) {
  const from = sdk.gateway.requests.length;
  const answer = await sdk.call('payment.create', { body });
  const judged = byOperation('payment.create', sentSince(t, sdk.gateway.requests, from, 'payment.create', answer));
  const sent = judged.filter(([op]) => op === 'payment.create').map(([, r]) => r);
  return { answer, sent, others: otherOperations('payment.create', judged) };
}

const paymentId = (json: string | undefined): string | undefined => {
  try {
    const v = JSON.parse(json ?? '') as { id?: unknown };
    return typeof v.id === 'string' ? v.id : undefined;
  } catch {
    return undefined;
  }
};

/** The id of the payment a create made: from the SDK's answer, or else from the gateway's own reply
 *  to it (an SDK that refuses a success, V5-SDK-10, still had the payment made: its reads and
 *  edits can be judged all the same). */
function createdId(answer: AdapterAnswer, sent: Recorded[]): string | undefined {
  if (answer.ok) return paymentId(JSON.stringify((answer.output as { body?: unknown }).body));
  const last = sent[sent.length - 1];
  const status = last?.status ?? 0;
  return status >= 200 && status < 300 ? paymentId(last!.replyText) : undefined;
}

/** The payment id the reads and edits name when a create made none: one the gateway does not have. */
const STAND_IN = '00000000-0000-4000-8000-000000000000';

/** V5-SDK-03 on the attempts `sent` of one call of `op` (`what`) whose first reply the SDK never got: lost,
 *  or an HTTP 5xx in its place, each leaving the outcome unknown. `firstReply`: what the gateway had
 *  answered the first attempt. A resend is the same request only with the same bytes under the same
 *  X-Request-Id, which the gateway answers with the first reply (V5-IDEM-01); other bytes under that id
 *  are another request under a used id (V5-IDEM-02), and a new X-Request-Id a new request, which the
 *  gateway refuses (an order_id used) or carries out again (a second payment, a second refund). */
function judgeResends(
  t: Ctx,
  op: string,
  what: string,
  sent: Recorded[],
  firstReply: string | undefined,
  answer: AdapterAnswer,
  given?: Body,
): void {
  const [first, ...resends] = sent as [Recorded, ...Recorded[]];
  const id0 = first.headers['x-request-id'] ?? '';
  const newId = resends.find((r) => (r.headers['x-request-id'] ?? '') !== id0);
  const madeId = paymentId(firstReply);
  // the gateway refused the first attempt (a request the SDK got wrong, judged by its own rule): the
  // resend's X-Request-Id, the SDK's part of V5-SDK-03, is judged alone; nothing was carried out to count
  if (!madeId) {
    t.expect(
      'V5-SDK-03',
      !newId,
      `${what}: the resend used X-Request-Id ${newId?.headers['x-request-id']}, the first attempt ${id0}`,
    );
    return t.note(
      `the gateway did not carry out ${what} (${quote(firstReply ?? '', 200)}${departureHint(sent, given)}), so V5-SDK-03 is judged on the resend's X-Request-Id alone`,
    );
  }
  const last = resends[resends.length - 1]!;
  const firstAgain = (r: Recorded) =>
    op === 'payment.create' ? paymentId(r.replyText) === madeId : r.replyText === firstReply;
  const status = last.status ?? 0;
  const gateway = firstAgain(last)
    ? 'the gateway answered it with the first reply all the same'
    : status < 200 || status > 299 || !paymentId(last.replyText)
      ? `the gateway refused it: HTTP ${last.status} ${quote(last.replyText ?? '', 160)}`
      : op === 'payment.create'
        ? `the gateway made another payment, ${paymentId(last.replyText)}`
        : `the gateway carried it out again: ${againWhy(firstReply, last.replyText)}`;
  const done = `The first attempt had been carried out (payment ${madeId}); the SDK reported ${describeAnswer(answer)}`;
  const other = resends.find((r) => !r.body.equals(first.body));
  if (newId || other) {
    const bytes = other && `other body bytes (${other.body.length} bytes, the first attempt's ${first.body.length})`;
    const how = newId
      ? `a new X-Request-Id ${newId.headers['x-request-id']}${bytes ? ` and ${bytes}` : ''}, so it is a new request`
      : `the first attempt's X-Request-Id but ${bytes}, so it is another request under a used id`;
    t.expect('V5-SDK-03', false, `${what}: the resend carried ${how}: ${gateway}. ${done}`);
    return;
  }
  if (firstAgain(last)) return t.pass('V5-SDK-03');
  // the same request again: what the gateway makes of it is the gateway's doing
  t.cannotJudge(
    'V5-SDK-03',
    `${what}: the resend was the first attempt again (the same bytes and X-Request-Id), yet ${gateway} instead of answering it with the first reply (payment ${madeId}): the gateway's doing, not the SDK's`,
  );
}

/** How a payment the gateway changed again (an edit carried out twice) differs from the first reply:
 *  "refunded_amount 2.3 (1.15 after the first attempt)", else the reply itself. */
function againWhy(first: string | undefined, again: string | undefined): string {
  const read = (text: string | undefined): Body => {
    try {
      return (JSON.parse(text ?? '') as Body | null) ?? {};
    } catch {
      return {};
    }
  };
  const [a, b] = [read(first), read(again)];
  const changed = ['status', 'cleared_amount', 'refunded_amount']
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k} ${JSON.stringify(b[k])} (${JSON.stringify(a[k])} after the first attempt)`);
  return changed.length > 0 ? changed.join(', ') : quote(again ?? '', 160);
}

/** A protected header field's value as text, for the binding of V5-SDK-01 (the number 123456 is the
 *  auth_id "123456": its type is V5-SDK-14's); an object or array reads as its JSON. */
const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** V5-SDK-01 (MUST): the request's X-JWS-Signature is an HS256 JWS (header and signature) over the bytes
 *  sent, its protected header has the five fields and binds the request: the path called, its method, the
 *  merchant's auth_id. The fields' types and params' value are V5-SDK-14's (headerFormDepartures), an
 *  attached payload V5-SDK-21's (payloadDepartures). */
function expectSignedForItsPath(t: Ctx, r: Recorded, what: string): void {
  const path = requestPath(r.path);
  const token = r.headers['x-jws-signature'];
  const broken = signatureBreak(token, r, path, t.credentials.secretKey, t.credentials.authId);
  t.expect('V5-SDK-01', broken === undefined, `${what}${path}: X-JWS-Signature ${broken ?? ''}`);
}

/** What breaks V5-SDK-01 in a request's token (undefined: nothing). */
export function signatureBreak(
  token: string | undefined,
  r: Pick<Recorded, 'method' | 'body'>,
  path: string,
  secret: string,
  authId: string,
): string | undefined {
  if (!token) return 'missing';
  const d = decodeProtectedHeader(token);
  if (!d.ok) return `does not verify: ${d.reason}`;
  const h = d.header;
  const payload = r.body.toString('base64url');
  // the seed asks for the header and signature blocks over the body; a payload segment (V5-SDK-21's) that
  // is the body sent binds it all the same, another text does not
  if (d.segments.payload !== '' && d.segments.payload !== payload)
    return 'carries a payload segment that is not the body sent: the signature binds another text than the request';
  if (h.alg !== 'HS256') return `names alg ${asText(h.alg)}, not HS256`;
  const missing = HEADER_FIELDS.filter((f) => !Object.hasOwn(h, f));
  if (missing.length > 0) return `has no protected header field(s) ${missing.join(', ')}`;
  const mac = createHmac('sha256', secret).update(`${d.segments.header}.${payload}`).digest('base64url');
  if (mac !== d.segments.signature) return 'does not verify: signature does not verify over the body received';
  if (asText(h.uri) !== path) return `is signed for uri ${asText(h.uri)}, request path is ${path}`;
  if (asText(h.method) !== r.method) return `is signed for method ${asText(h.method)}, request method is ${r.method}`;
  if (asText(h.auth_id) !== authId) return `is signed for auth_id ${asText(h.auth_id)}, expected ${authId}`;
  return undefined;
}

/** Where a request's token departs from the detached form of the seed's example (V5-SDK-21: header..signature):
 *  read on its three segments as sent, whatever their encoding (V5-SDK-01 judges that): undefined when it
 *  has not three, [] when its payload segment is empty. */
export function payloadDepartures(token: string | undefined, body: Uint8Array): string[] | undefined {
  const segments = token?.split('.');
  if (segments?.length !== 3) return undefined;
  const payload = segments[1]!;
  if (payload === '') return [];
  const what =
    payload === Buffer.from(body).toString('base64url') ? 'the body sent' : 'another text than the body sent';
  return [
    `the payload segment carries ${what} (header.payload.signature), not the seed's detached form (header..signature)`,
  ];
}

/** The protected header of a token as JSON, read leniently (padding, the standard Base64 alphabet:
 *  V5-SDK-01 judges the encoding), so that its form is judged whenever its JSON can be read at all. */
function readableHeader(token: string | undefined): Record<string, unknown> | undefined {
  if (!token) return undefined;
  const d = decodeProtectedHeader(token);
  if (d.ok) return d.header;
  try {
    const h: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64').toString('utf8'));
    return h && typeof h === 'object' && !Array.isArray(h) ? (h as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Where a request's protected header departs from the seed example's form (V5-SDK-14): a field that
 *  is no JSON string, params other than "", crit/b64. A token whose header cannot be read judges
 *  nothing here (undefined; V5-SDK-01 says why); [] when it keeps the form. */
export function headerFormDepartures(token: string | undefined): string[] | undefined {
  const h = readableHeader(token);
  if (!h) return undefined;
  const out: string[] = [];
  for (const f of HEADER_FIELDS)
    if (Object.hasOwn(h, f) && typeof h[f] !== 'string')
      out.push(`${f} ${JSON.stringify(h[f])} is no string (the seed's example writes every field as a string)`);
  if (typeof h.params === 'string' && h.params !== '')
    out.push(`params ${JSON.stringify(h.params)}: the reserved field is "" in the seed's example`);
  for (const p of ['crit', 'b64']) if (Object.hasOwn(h, p)) out.push(`a ${p} parameter`);
  return out;
}

/** One verdict of `rule` over the requests judged: the number that departed and the first of them
 *  (a departure of every request is one finding, not one failure per request). */
function expectNone(t: Ctx, rule: string, judged: number, off: string[]): void {
  if (judged === 0) return;
  t.expect(
    rule,
    off.length === 0,
    `${off.length === 1 ? '' : `${off.length} of ${judged} requests; the first: `}${off[0] ?? ''}`,
  );
}

/** How each request went on the wire, with the operation it was sent for: its body JSON text
 *  (V5-SDK-16), its method POST (V5-SDK-17), its path the seed's URL of the operation (V5-SDK-18). */
function expectWire(t: Ctx, sent: Array<[string, Recorded]>): void {
  const notJson: string[] = [];
  const notPost: string[] = [];
  const offPath: string[] = [];
  for (const [op, r] of sent) {
    const why = notJsonText(r.body);
    if (why) notJson.push(`${op}: the body is no JSON text: ${why}`);
    if (r.method !== 'POST') notPost.push(`${op} was sent with HTTP ${r.method}, not POST`);
    const path = requestPath(r.path);
    const want = ACTIONS[op]!.path;
    if (path !== want) offPath.push(`${op} was sent to ${path}; the seed's URL for it is {domain}${want}`);
  }
  expectNone(t, 'V5-SDK-16', sent.length, notJson);
  expectNone(t, 'V5-SDK-17', sent.length, notPost);
  expectNone(t, 'V5-SDK-18', sent.length, offPath);
}

/** V5-SDK-21 over the requests sent: judged on every token of three segments. */
function expectDetached(t: Ctx, sent: Recorded[]): void {
  const read = sent.map((r) => [r, payloadDepartures(r.headers['x-jws-signature'], r.body)] as const);
  const judged = read.filter(([, o]) => o !== undefined);
  if (judged.length === 0 && sent.length > 0)
    return t.cannotJudge(
      'V5-SDK-21',
      'no request carried an X-JWS-Signature of three segments (V5-SDK-01 says what it was)',
    );
  const off = judged.flatMap(([r, o]) =>
    o!.length > 0
      ? [
          `${r.headers['x-action'] ?? r.path}: X-JWS-Signature is not detached (paycert's gateway refuses it, V5-JWS-12): ${o!.join('; ')}`,
        ]
      : [],
  );
  expectNone(t, 'V5-SDK-21', judged.length, off);
}

/** V5-SDK-14 over the requests sent: judged on every header that could be read. */
function expectHeaderForm(t: Ctx, sent: Recorded[]): void {
  let judged = 0;
  const off: string[] = [];
  for (const r of sent) {
    const form = headerFormDepartures(r.headers['x-jws-signature']);
    if (form === undefined) continue;
    judged++;
    if (form.length > 0)
      off.push(
        `${r.headers['x-action'] ?? r.path}: the X-JWS-Signature protected header departs from the seed's example (paycert's gateway refuses it, V5-JWS-11): ${form.join('; ')}`,
      );
  }
  if (judged === 0 && sent.length > 0)
    t.cannotJudge('V5-SDK-14', 'no request carried an X-JWS-Signature whose protected header could be read as JSON');
  expectNone(t, 'V5-SDK-14', judged, off);
}

/** Fields whose values are never quoted (the card's; redaction masks a PAN, not every form of a CVC). */
const SECRET_PATH = /^from\.card\./;

/** Whether the SDK sent the caller's value (V5-SDK-15). A number is the decimal the body writes
 *  (`literal`, decimalOf: the gateway's own reading of an amount, V5-BODY-06): 500.00, 5E+2 and 500
 *  are one value, while 0.050000000000000003 (PHP's serialize_precision 17) or 0.30000000000000004 (the
 *  SDK's arithmetic) is another than 0.05 or 0.3 though JSON.parse may read the same double. A numeric
 *  string or a string for a boolean is V5-SDK-12's type departure, not another value. */
function sameValue(given: unknown, sent: unknown, literal?: string): boolean {
  if (typeof given === 'number') {
    const written = typeof sent === 'number' ? (literal ?? String(sent)) : typeof sent === 'string' ? sent.trim() : '';
    const d = decimalOf(written);
    return d !== undefined && d === decimalOf(given);
  }
  if (typeof given === 'string') return sent === given || (typeof sent === 'number' && String(sent) === given);
  // "true", PHP's (string)true "1", or 1: the same boolean written as another type (V5-SDK-12's)
  if (typeof given === 'boolean')
    return [given, String(given), given ? '1' : '0', given ? 1 : 0].includes(sent as never);
  return sent === given;
}

/** `out` gets where `sent` departs from `given` at `path`; `literals`: the body's numbers as written. */
function departuresFrom(
  given: unknown,
  sent: unknown,
  path: string,
  out: string[],
  literals: Map<string, string>,
): void {
  const show = (v: unknown) =>
    SECRET_PATH.test(path)
      ? '(not shown)'
      : quote((typeof v === 'number' ? literals.get(path) : undefined) ?? JSON.stringify(v) ?? 'undefined', 60);
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObject(given)) {
    if (!isObject(sent)) return void out.push(`${path} ${show(sent)} (the caller gave an object)`);
    for (const [k, v] of Object.entries(given)) {
      const at = path ? `${path}.${k}` : k;
      if (!Object.hasOwn(sent, k)) out.push(`${at} missing (the caller gave one)`);
      else departuresFrom(v, sent[k], at, out, literals);
    }
    return;
  }
  if (Array.isArray(given)) {
    if (!Array.isArray(sent) || sent.length !== given.length)
      return void out.push(`${path} ${show(sent)} (the caller gave ${show(given)})`);
    given.forEach((v, i) => departuresFrom(v, sent[i], `${path}[${i}]`, out, literals));
    return;
  }
  if (sameValue(given, sent, literals.get(path))) return;
  // a text cut short: both quoted would read alike
  if (typeof given === 'string' && typeof sent === 'string' && given.startsWith(sent) && !SECRET_PATH.test(path))
    return void out.push(`${path} cut to ${[...sent].length} characters (the caller gave ${[...given].length})`);
  out.push(
    SECRET_PATH.test(path)
      ? `${path} changed (a card value: not shown)`
      : `${path} ${show(sent)} (the caller gave ${quote(JSON.stringify(given) ?? 'undefined', 60)})`,
  );
}

/** Where the body the SDK sent departs from the caller's (V5-SDK-15): a field dropped, another value,
 *  and with `op`, a field the caller did not give that the gateway does not know for the operation (its
 *  own definition, the body schema it refuses by: V5-BODY-02). A field of the operation's request the SDK
 *  adds (a default of its own) is not judged. undefined: the body is no JSON object, judged nothing here. */
export function valueDepartures(given: Body, text: string, op?: V5Operation): string[] | undefined {
  let sent: unknown;
  try {
    sent = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!sent || typeof sent !== 'object' || Array.isArray(sent)) return undefined;
  const out: string[] = [];
  departuresFrom(given, sent, '', out, numberLiterals(text));
  if (op === undefined) return out;
  const gave = (path: string) =>
    path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Body)[k] : undefined), given) !==
    undefined;
  for (const v of gatewayViolations(op, sent as Body))
    if (v.kind === 'unknown' && !gave(v.field))
      out.push(`${v.field} added (not a field of the ${op} request: the gateway refuses it, V5-BODY-02)`);
  return out;
}

/** V5-SDK-15 over what each call sent, beside the body its caller gave. */
function expectCallersValues(
  t: Ctx,
  calls: Array<{ op: string; body: Body; sent: Recorded[] }>,
  neverGiven: string[] = [],
): void {
  let judged = 0;
  const off: string[] = [];
  for (const { op, body, sent } of calls)
    for (const r of sent) {
      const values = valueDepartures(body, r.text, V5_OPERATIONS[op]);
      if (values === undefined) continue;
      judged++;
      if (values.length > 0)
        off.push(`${op}: the body sent departs from the one the caller gave: ${values.join('; ')}`);
    }
  if (judged === 0 && calls.some((c) => c.sent.length > 0)) return t.cannotJudge('V5-SDK-15', NO_OBJECT);
  // as V5-SDK-12: a field no case gave is not judged
  if (neverGiven.length > 0 && off.length === 0) return t.cannotJudge('V5-SDK-15', notGivenWhy(neverGiven));
  expectNone(t, 'V5-SDK-15', judged, off);
}

/** The error code a refusal's reply carries (error.code of paycert's error reply, V5-ERR-01), as text. */
function replyCode(r: Recorded): string | undefined {
  try {
    const code = (JSON.parse(r.replyText ?? '') as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'number' || typeof code === 'string' ? String(code) : undefined;
  } catch {
    return undefined;
  }
}

/** V5-SDK-19 on the gateway's refusal `r` of `what`, reported as `answer`: the SDK's error carries the
 *  reply's code. A refusal reported as a success is V5-SDK-05's, one refused as badly signed V5-SDK-10's
 *  matter (the seed signs no reply): neither shows which code the SDK would give. true: judged. */
function expectRefusalCode(t: Ctx, r: Recorded, answer: AdapterAnswer, what: string): boolean {
  const code = replyCode(r);
  if (code === undefined) return false;
  if (answer.ok || answer.error.kind === 'signature') {
    t.cannotJudge(
      'V5-SDK-19',
      `the gateway refused ${what} with error.code ${code} (HTTP ${r.status}); the SDK reported ${describeAnswer(answer)}${answer.ok ? ' (V5-SDK-05)' : ', refusing the reply as badly signed (the seed signs no reply: V5-SDK-10)'}: which code it gives its caller is not shown`,
    );
    return false;
  }
  t.expect(
    'V5-SDK-19',
    answer.error.kind === 'rejected' && answer.error.code === code,
    `the gateway refused ${what} with error.code ${code} (HTTP ${r.status}); the SDK reported ${describeAnswer(answer)}${answer.error.code === String(r.status) ? ': the HTTP status, not the code' : ''}`,
  );
  return true;
}

export const checks = sdkChecks(base, [
  {
    id: 'v5.sdk.requests',
    title:
      'every create is sent as the caller gave it, with a detached JWS over the bytes sent, bound to its uri, a fresh UUID X-Request-Id, JSON headers and no secret',
    rules: [
      'V5-SDK-01',
      'V5-SDK-02',
      'V5-SDK-04',
      'V5-SDK-06',
      'V5-SDK-12',
      'V5-SDK-13',
      'V5-SDK-14',
      'V5-SDK-15',
      'V5-SDK-16',
      'V5-SDK-17',
      'V5-SDK-18',
      'V5-SDK-21',
    ],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const all: Recorded[] = [];
      // the operation each request is judged as (byOperation): a create's, or a read of the payment's
      const opOf = new Map<Recorded, string>();
      const isCreate = (r: Recorded) => opOf.get(r) === 'payment.create';
      const calls: Array<{ op: string; body: Body; sent: Recorded[] }> = [];
      // creates the SDK refused as invalid before sending anything (docs/sdk-adapter.md: error kind
      // validation): such a case judges no request rule; the refusal itself is V5-SDK-13's
      const refused: string[] = [];
      // of them, those whose refusal names https, TLS or the scheme, the gateway plain http (probe 26)
      let httpsOnly = 0;
      let cases = 0;
      const sendCase = async ({ optional, holder, ...v }: CreateCase) => {
        cases++;
        const card = { 'from.card.name': holder.name, 'from.card.month': holder.month };
        const body = withFields(createBody(GOOD_CARD(), v), { ...card, ...optional });
        const from = sdk.gateway.requests.length;
        const answer = await sdk.call('payment.create', { body });
        if (sdk.gateway.requests.length === from && !answer.ok && answer.error.kind === 'validation') {
          if (seemsHttpsOnly(t.subject, answer)) httpsOnly++;
          const given = Object.keys(optional);
          refused.push(
            `amount ${v.amount}, description ${quote(JSON.stringify(v.description), 60)}${given.length ? `, with ${given.join(', ')}` : ''}: ${describeAnswer(answer)}`,
          );
          return;
        }
        const sent = sentSince(t, sdk.gateway.requests, from, 'payment.create', answer);
        all.push(...sent);
        for (const [op, r] of byOperation('payment.create', sent)) opOf.set(r, op);
        // the caller's values are judged on the create's own requests (a read of the payment is not given its body)
        calls.push({ op: 'payment.create', body, sent: sent.filter(isCreate) });
        for (const r of sent) expectSignedForItsPath(t, r, '');
      };
      await t.property(
        'V5-SDK-01',
        fc.record({
          amount: fc.integer({ min: 1, max: 99_999_999 }).map((n) => n / 100),
          // Cyrillic and other non-ASCII text as shops write it: a body escaped one way when signed
          // (PHP's json_encode \uXXXX) and another way when sent is then seen
          description: fc.string({ minLength: 1, maxLength: 40, unit: TEXT_UNIT }),
          // the card's holder and expiry month as the caller gives them (the month a JSON integer, 5 for May)
          holder: fc.record({ name: HOLDER, month: fc.integer({ min: 1, max: 12 }) }),
          optional: optionalArb,
        }),
        sendCase,
        // tried first in every run: the smallest amount (the seed sets no minimum; an SDK holding one
        // below 1 KZT invalid refuses it, V5-SDK-13) with a Cyrillic description, and the seed's example
        // with every optional field
        {
          examples: [
            {
              amount: 0.01,
              description: 'Оплата заказа №17, ёЁ',
              holder: { name: 'Aigerim Nurlanovna', month: 5 },
              optional: {},
            },
            {
              amount: 123.42,
              description: 'description',
              holder: { name: 'CARD HOLDER', month: 12 },
              optional: optionalExample,
            },
            // blanks at either end are the caller's text too (an SDK trimming strings changes it, V5-SDK-15)
            {
              amount: 5,
              description: '  Заказ 17, blanks around  ',
              holder: { name: 'Ivan Petrov', month: 1 },
              optional: {},
            },
            // an amount whose double has another decimal at 17 digits: PHP's json_encode under
            // serialize_precision 17 writes 59212.150000000001 (V5-SDK-15: another amount, as written)
            {
              amount: 59212.15,
              description: 'Заказ 59212',
              holder: { name: 'Dana Sarsenbayeva', month: 9 },
              optional: {},
            },
          ],
        },
      );
      // descriptions up to the schema's maximum, whatever the runs (fast-check's examples count within them)
      for (const description of LONG_DESCRIPTIONS)
        await sendCase({ amount: 10.15, description, holder: { name: 'Aigerim Nurlanovna', month: 5 }, optional: {} });
      // requests may overlap (docs/sdk-adapter.md): four creates at once, so an X-Request-Id kept in
      // state the requests in flight share, or made from a millisecond clock, shows as two requests with one id.
      // The gateway holds their replies until all four have arrived (at most 2 s): they are in flight
      // together however fast it answers, so the verdict does not depend on the timing of the run. (An id
      // made from a clock is caught only when two requests share its tick, as every one of a burst does.)
      // Their amounts are FIXED_AMOUNTS, sent whatever the runs and the seed (V5-SDK-15).
      const burstFrom = sdk.gateway.requests.length;
      sdk.gateway.together(FIXED_AMOUNTS.length, 2000);
      const burst = FIXED_AMOUNTS.map((amount) => createBody(GOOD_CARD(), { amount }));
      await Promise.all(burst.map((body) => sdk.call('payment.create', { body })));
      const burstSent = sdk.gateway.requests.slice(burstFrom);
      all.push(...burstSent);
      for (const [op, r] of byOperation('payment.create', burstSent)) opOf.set(r, op);
      // which burst request carried which body: by its order_id (they overlap)
      for (const body of burst)
        calls.push({
          op: 'payment.create',
          body,
          sent: burstSent.filter((r) => isCreate(r) && r.text.includes(JSON.stringify(body.order_id))),
        });
      // judged over every request sent (the cases shrinking sent too), outside the property, so a
      // failure of V5-SDK-01 does not leave these rules unjudged
      const ids: string[] = [];
      for (const r of all) {
        const id = r.headers['x-request-id'] ?? '';
        ids.push(id);
        const notId = notUuid(id);
        t.expect('V5-SDK-02', notId === undefined, notId ?? '');
        const ct = r.headers['content-type'] ?? '';
        const accept = r.headers.accept ?? '';
        // the gateway's own definition (V5-HDR-01/-02): what it refuses, the SDK must not send
        t.expect(
          'V5-SDK-04',
          isJsonContentType(ct) && isJsonAccept(accept),
          `Content-Type "${ct}", Accept "${accept}": seed 000: "Content-Type - Must be application/json", "Accept - Must be application/json"${
            accept.includes(',')
              ? ' (a list of media types is another value, which a gateway may refuse: V5-HDR-02)'
              : ''
          }`,
        );
        const where = secretIn(r) ?? secretInJwsHeader(r);
        t.expect('V5-SDK-06', where === undefined, `the secret key is in ${where}`);
      }
      // every one of them is a create whose caller gave a number amount; the seed example's fields no
      // create sent was given are not judged (the SDK refused every case with them)
      const given = examplePaths(calls.filter((c) => c.sent.length > 0).map((c) => c.body));
      const neverGiven = Object.keys(EXAMPLE_TYPES).filter((p) => !given.has(p));
      // every create was given a number amount; a request of another operation (a read of the payment) was not
      expectExampleTypes(t, all, neverGiven);
      expectHeaderForm(t, all);
      expectDetached(t, all);
      expectCallersValues(t, calls, neverGiven);
      expectWire(
        t,
        all.map((r): [string, Recorded] => [opOf.get(r)!, r]),
      );
      if (ids.length > 1) {
        const dup = idsOfTwoRequests(all);
        t.expect(
          'V5-SDK-02',
          dup.length === 0,
          `X-Request-Id ${dup.join(', ')} was sent for two requests${dup.length > 1 ? ' (each)' : ''}`,
        );
      }
      // V5-SDK-13: every create the property gave (each in the seed example's form) was sent. Refused each
      // for the gateway's plain http (the refusal names https or TLS): no refusal of the order, not judged
      const https = refused.length > 0 && httpsOnly === refused.length ? `${HTTPS_ONLY_HINT}; ` : '';
      if (https)
        t.cannotJudge(
          'V5-SDK-13',
          `${https}the SDK refused ${refused.length} of ${cases} creates so before sending anything (the first: ${refused[0]})`,
        );
      else if (cases > 0)
        t.expect(
          'V5-SDK-13',
          refused.length === 0,
          `the SDK refused ${refused.length} of ${cases} creates as invalid before sending anything (the seed sets no minimum amount and no form of the description); the first: ${refused[0] ?? ''}`,
        );
      if (refused.length > 0) {
        const sentCases = cases - refused.length;
        const why = `the SDK refused ${refused.length} of the ${cases} generated creates as invalid before sending anything (the first: ${refused[0]})`;
        // (nearly) every case refused: too little was sent to judge the request rules on varied bodies
        if (sentCases * 4 < cases)
          t.inconclusive(
            `${https || (sentCases === 0 && !t.subject.sdk?.tls ? 'if the SDK talks HTTPS only, run paycert run --sdk-tls; ' : '')}${why}; it sent ${sentCases}, too few to judge the requests of varied creates on`,
          );
        t.note(`${why}: those cases judge nothing else; the other rules are judged on the ${sentCases} sent`);
      }
    },
  },
  {
    id: 'v5.sdk.operations',
    title:
      'create, read, clearing, refund and reverse requests are each POSTed to their URL with their X-Action, a JSON body, a JWS bound to their own path, and a fresh X-Request-Id',
    rules: [
      'V5-SDK-01',
      'V5-SDK-02',
      'V5-SDK-11',
      'V5-SDK-12',
      'V5-SDK-14',
      'V5-SDK-15',
      'V5-SDK-16',
      'V5-SDK-17',
      'V5-SDK-18',
      'V5-SDK-21',
    ],
    async run(t) {
      const sdk = await t.sdk();
      const from = sdk.gateway.requests.length;
      // each operation, called one after another: the requests each sent, judged on its X-Action below.
      // An operation the SDK does not have (unsupported) sends nothing and judges nothing: the rules are
      // judged on the others and marked partly (docs/sdk-adapter.md); a first `unsupported` skipped the
      // check, and with it the requests already sent (a read with the wrong X-Action passed)
      const byOp: Array<[string, Recorded[]]> = [];
      const calls: Array<{ op: string; body: Body; sent: Recorded[] }> = [];
      const unsupported: string[] = [];
      let unsupportedWhy = '';
      /** the calls that sent no request, with what the SDK answered */
      const unsent: string[] = [];
      const call = async (op: string, body: Body) => {
        const i = sdk.gateway.requests.length;
        const a = await sdk.call(op, { body }, { unsupported: 'answer' });
        const sent = sdk.gateway.requests.slice(i);
        if (sent.length === 0 && !a.ok && a.error.kind === 'unsupported') {
          if (!unsupported.includes(op)) unsupported.push(op);
          unsupportedWhy ||= describeAnswer(a);
          return { a, sent };
        }
        // named by the payment it was called on (never a create's body: its card)
        const by = op === 'payment.create' ? [] : ['id', 'order_id'].filter((k) => k in body);
        if (sent.length === 0)
          unsent.push(
            `${op}${by.map((k) => ` by ${k} ${String(body[k])}`).join('')} (${a.ok ? 'it answered' : 'it refused it before sending anything:'} ${describeAnswer(a)})`,
          );
        // a request of another documented operation (a read of the payment after a create) is judged as
        // that operation's; the caller's values only on the operation's own
        const judged = byOperation(op, sent);
        const own = judged.filter(([o]) => o === op).map(([, r]) => r);
        byOp.push([op, own], ...judged.filter(([o]) => o !== op).map(([o, r]): [string, Recorded[]] => [o, [r]]));
        calls.push({ op, body, sent: own });
        return { a, sent: own };
      };
      // the card holder in mixed case and a month below 10, as the caller gives them (V5-SDK-15)
      const holder = { 'from.card.name': 'Dana Sarsenbayeva', 'from.card.month': 5 };
      const twoStep = card({ auth: true, threeDs: false, clearing: true, refund: true });
      const twoStepBody = withFields(createBody(twoStep, { amount: 999999.83, auto_clearing: false }), holder);
      const made = await call('payment.create', twoStepBody);
      const id = createdId(made.a, made.sent);
      const reversible = card({ auth: true, threeDs: false, reverse: true, clearing: false });
      const held = await call('payment.create', withFields(createBody(reversible, { auto_clearing: false }), holder));
      const heldId = createdId(held.a, held.sent);
      // an operation the SDK does not offer sends nothing; what it does send is judged. When the
      // gateway refused a create (a request the SDK got wrong), the other operations are called all
      // the same on a payment id the gateway does not have: their requests (X-Action, JWS for their
      // own path, X-Request-Id, body types) are the SDK's whatever the gateway answers them
      // a read by id and one by order_id (digest §B5 [P] api-9587007: either names the payment); edits
      // of amounts with tiyn that float arithmetic gets wrong (FIXED_AMOUNTS), so an SDK cutting them to
      // whole tenge or rewriting them is seen (fixed 300 and 100 passed such an SDK)
      await call('payment.read', { id: id ?? STAND_IN });
      await call('payment.read', { order_id: twoStepBody.order_id });
      await call('payment.clearing', { id: id ?? STAND_IN, amount: 59212.15 });
      await call('payment.refund', { id: id ?? STAND_IN, amount: 1.15 });
      await call('payment.reverse', { id: heldId ?? STAND_IN });
      if (byOp.length === 0) t.skip(`the SDK has none of the operations (${unsupportedWhy})`);
      const sent = sdk.gateway.requests.slice(from);
      // each id's first request, kept across the loop: every id sent for two requests is named
      const firstOf = new Map<string, Recorded>();
      for (const r of sent) {
        const action = r.headers['x-action'] ?? '(no X-Action)';
        expectSignedForItsPath(t, r, `${action} on `);
        const rid = r.headers['x-request-id'] ?? '';
        const notId = notUuid(rid);
        t.expect('V5-SDK-02', notId === undefined, `${action}: ${notId ?? ''}`);
        const seen = firstOf.get(rid);
        if (!seen) firstOf.set(rid, r);
        t.expect(
          'V5-SDK-02',
          seen === undefined || sameCall(seen, r),
          `${action}: X-Request-Id ${rid} was sent for two requests`,
        );
      }
      // the X-Action's name; the URL it was sent to is V5-SDK-18's (expectWire)
      for (const [op, reqs] of byOp)
        for (const r of reqs) {
          const want = ACTIONS[op]!.action;
          const got = r.headers['x-action'];
          t.expect(
            'V5-SDK-11',
            got === want,
            `${op} sent X-Action ${got ?? '(none)'}; the gateway's name for it is ${want}`,
          );
        }
      expectWire(
        t,
        byOp.flatMap(([op, reqs]) => reqs.map((r): [string, Recorded] => [op, r])),
      );
      for (const [, reqs] of byOp) expectExampleTypes(t, reqs);
      expectHeaderForm(t, sent);
      expectDetached(t, sent);
      expectCallersValues(t, calls);
      // every operation was called (on a stand-in id when a create was refused) and what it sent judged
      const silent = byOp.filter(([, reqs]) => reqs.length === 0).map(([op]) => op);
      if ((!id || !heldId) && silent.length > 0)
        t.note(
          `a payment was not created (${describeAnswer(id ? held.a : made.a)}${departureHint(id ? held.sent : made.sent, (id ? calls[1] : calls[0])?.body)}); ${silent.join(', ')} sent nothing for a payment the gateway does not have`,
        );
      // beside that note, not instead of it: a call with no request behind it is one whichever way it came
      if (unsent.length > 0) {
        // an answer with no request behind it (a cache, a proxy answering for the gateway: probe 22's read
        // by order_id got the read by id's payment): no rule here is about what is never sent, and none
        // forbids the answer, so the call's request rules are judged on the other calls only
        const why = `the SDK sent no request to the gateway for ${unsent.join('; ')}: that call's request was not judged`;
        t.note(why);
        // a rule no sent request judged (every operation refused before sending: probe 24's misconfigured
        // adapter left V5-SDK-11 "skipped") is inconclusive with why; one judged on the others passes partly
        for (const rule of t.check.rules) t.partNotJudged(rule, why);
      }
      if (unsupported.length > 0) {
        const why = `the SDK does not support ${unsupported.join(', ')} (${unsupportedWhy}), so no request of ${unsupported.length > 1 ? 'those operations' : 'it'} was judged`;
        t.note(why);
        for (const rule of t.check.rules) t.judgedInPart(rule, why);
      }
    },
  },
  {
    id: 'v5.sdk.retry-after-lost-reply',
    title:
      'a create or a refund whose reply was lost, or a create answered HTTP 502 after it was made, is resent as the same request (its bytes under its X-Request-Id) and carried out once',
    rules: ['V5-SDK-03'],
    async run(t) {
      const sdk = await t.sdk();
      const notResent: string[] = [];
      // a create: only a request of the create is a resend (judgedAs), a read of the payment in between is not
      sdk.gateway.next({ kind: 'drop-after' });
      const given = createBody(GOOD_CARD());
      const made = await create(t, sdk, given);
      if (made.sent.length > 1)
        judgeResends(t, 'payment.create', 'the create', made.sent, made.sent[0]!.replyText, made.answer, given);
      else
        notResent.push(
          `the create (${describeAnswer(made.answer)}${made.others ? `; it sent ${made.others} instead` : ''})`,
        );
      // a refund of a payment cleared in one step: resent as a new request, it refunds twice, the costliest
      // resend (a refused create leaves a stand-in id, which the gateway refuses: the resend's id is judged)
      const paid = await create(
        t,
        sdk,
        createBody(card({ auth: true, threeDs: false, refund: true }), { auto_clearing: true }),
      );
      const paidId = createdId(paid.answer, paid.sent) ?? STAND_IN;
      sdk.gateway.next({ kind: 'drop-after' });
      const from = sdk.gateway.requests.length;
      const refund = { id: paidId, amount: 1.15 };
      const answer = await sdk.call('payment.refund', { body: refund }, { unsupported: 'answer' });
      const sent = byOperation('payment.refund', sdk.gateway.requests.slice(from))
        .filter(([op]) => op === 'payment.refund')
        .map(([, r]) => r);
      if (sent.length === 0) sdk.gateway.forget(); // nothing sent: the drop must not hit another request
      if (sent.length === 0 && !answer.ok && answer.error.kind === 'unsupported')
        t.judgedInPart('V5-SDK-03', `the SDK does not support payment.refund (${describeAnswer(answer)})`);
      if (sent.length > 1) judgeResends(t, 'payment.refund', 'the refund', sent, sent[0]!.replyText, answer, refund);
      else notResent.push(`the refund (${describeAnswer(answer)}${sent.length === 0 ? '; it sent none' : ''})`);
      // a create the gateway made, its reply replaced by a proxy's 502 page: the outcome is as unknown as
      // after a lost reply, so a resend is judged as one; under a new X-Request-Id it is a new request,
      // which the gateway refuses for its order_id (3003). What the SDK reports is V5-SDK-05's (v5.sdk.refusals)
      let real: string | undefined;
      const [status, type, text] = SERVER_ERRORS[0];
      sdk.gateway.next({
        kind: 'transform',
        change: (reply) => ((real = reply.text), { status, headers: { 'content-type': type }, text }),
      });
      const e = await create(t, sdk, createBody(GOOD_CARD()));
      const what = `the create answered HTTP ${status} after it was made`;
      if (e.sent.length > 1) judgeResends(t, 'payment.create', what, e.sent, real, e.answer);
      else notResent.push(`${what} (${describeAnswer(e.answer)})`);
      if (notResent.length === 3)
        t.skip(
          `the SDK resent no request whose outcome it did not know: ${notResent.join('; ')}: V5-SDK-03 does not apply`,
        );
      if (notResent.length > 0) t.note(`the SDK did not resend ${notResent.join('; ')}`);
    },
  },
  {
    id: 'v5.sdk.refusals',
    title:
      "a success reaches the caller as a success, a refusal (with the gateway's error code) or a 5xx reply as an error; the same input sent twice gets two X-Request-Ids",
    rules: ['V5-SDK-05', 'V5-SDK-02', 'V5-SDK-10', 'V5-SDK-19'],
    async run(t) {
      const sdk = await t.sdk();
      const body = createBody(GOOD_CARD());
      const first = await create(t, sdk, body);
      // the gateway's own verdict on the first create (its last attempt): an SDK that refuses a success is judged
      const r1 = first.sent[first.sent.length - 1]!;
      const succeeded = (r1.status ?? 0) >= 200 && (r1.status ?? 0) < 300 && !/"error"\s*:/.test(r1.replyText ?? '');
      if (succeeded && (first.answer.ok || first.answer.error.kind !== 'unsupported'))
        t.expect(
          'V5-SDK-10',
          first.answer.ok,
          `the gateway's success (HTTP ${r1.status}; the seed signs no reply) reached the caller as ${describeAnswer(first.answer)}`,
        );
      // the gateway refused the first create (a request the SDK got wrong, judged by its own rule):
      // that refusal is judged on V5-SDK-05 as it is, and no success was seen for V5-SDK-10; the
      // second create below still tells whether the same input gets a new X-Request-Id
      let codeJudged = false;
      if (!succeeded) {
        t.cannotJudge(
          'V5-SDK-10',
          `the gateway did not make the first create (HTTP ${r1.status}): ${quote(r1.replyText ?? '', 200)}; the SDK reported ${describeAnswer(first.answer)}${departureHint(first.sent, body)}`,
        );
        t.expect(
          'V5-SDK-05',
          !first.answer.ok,
          `the gateway refused the request (HTTP ${r1.status}); the SDK reported ${describeAnswer(first.answer)}`,
        );
        codeJudged = expectRefusalCode(t, r1, first.answer, 'the first create');
      }
      // error replies the gateway documents no body for: a proxy's 502 page (HTML, no JSON) and a 503
      // with no body at all, each in place of the reply to one create and to its resends (a failure that
      // lasts, failEveryResend: an SDK that resends, as V5-SDK-03 recommends, still ends in its error; probe
      // 25). An SDK that got another reply at last (it resent more often, or read the payment) is not judged
      // on that error: V5-SDK-05 is passed on the rest, partly (the resend itself is V5-SDK-03's)
      for (const [status, type, text] of SERVER_ERRORS) {
        failEveryResend(sdk.gateway, () => ({ status, headers: { 'content-type': type }, text }));
        const e = await create(t, sdk, createBody(GOOD_CARD()));
        sdk.gateway.forget();
        const last = e.sent[e.sent.length - 1]!;
        if (endedOnFailure(e.sent) === false) {
          const n = failedResends(e.sent);
          t.partNotJudged(
            'V5-SDK-05',
            `after HTTP ${status} to the create and to ${n} resend${n === 1 ? '' : 's'} of it the SDK got HTTP ${last.status} (${e.sent.length} requests): it reported ${describeAnswer(e.answer)}, so its HTTP ${status} error path was not reached`,
          );
          continue;
        }
        t.expect(
          'V5-SDK-05',
          !e.answer.ok,
          `the gateway's HTTP ${status} ${text ? quote(text, 80) : '(no body)'} reached the caller as ${describeAnswer(e.answer)}`,
        );
      }
      // the same order_id again, under a new X-Request-Id: the gateway refuses a duplicate order
      const again = await create(t, sdk, body);
      const [id1, id2] = [first.sent[0]?.headers['x-request-id'], again.sent[0]?.headers['x-request-id']];
      if (id1 && id2)
        t.expect('V5-SDK-02', id1 !== id2, `the same body sent twice carried the same X-Request-Id ${id1}`);
      const r = again.sent[again.sent.length - 1]!;
      const refused = (r.status ?? 0) >= 400 || /"error"\s*:/.test(r.replyText ?? '');
      if (!refused) {
        // no refusal to judge here: this case's V5-SDK-05 and V5-SDK-19 are not judged; what the cases
        // before judged (V5-SDK-05, -10, a first create's code) stands
        const why =
          id1 === id2
            ? `the SDK resent the first create's X-Request-Id, so the gateway replayed its reply instead of refusing a repeated order_id`
            : `the gateway did not refuse a repeated order_id (HTTP ${r.status}): ${quote(r.replyText ?? '', 200)}`;
        t.cannotJudge('V5-SDK-05', why);
        if (!codeJudged) t.cannotJudge('V5-SDK-19', why);
        return;
      }
      t.expect(
        'V5-SDK-05',
        !again.answer.ok,
        `the gateway refused the request; the SDK reported ${describeAnswer(again.answer)}`,
      );
      codeJudged = expectRefusalCode(t, r, again.answer, 'a create repeating an order_id') || codeJudged;
      if (!codeJudged && !t.undecided.has('V5-SDK-19'))
        t.cannotJudge(
          'V5-SDK-19',
          `no refusal's reply carried an error code (error.code) to compare: ${quote(r.replyText ?? '', 200)}`,
        );
    },
  },
  {
    id: 'v5.sdk.secret-in-answers',
    title: 'nothing the SDK reports to its caller, its errors included, shows the secret key',
    rules: [ANSWER_RULES['greenleaves-v5'].rule],
    async run(t) {
      const sdk = await t.sdk();
      // the SDK's error paths; each answer is judged as it arrives (sdkChecks), what it says is other rules'
      const call = (op: string, input: Record<string, unknown>, note: string) =>
        sdk.call(op, input, { unsupported: 'answer', note });
      const body = createBody(GOOD_CARD());
      await call('payment.create', { body }, 'a create');
      await call('payment.create', { body }, 'the same order_id again (a refusal with an error code)');
      // a 5xx to the create and to its resends (failEveryResend): an SDK that resends still ends in the error
      // it reports a 5xx with; one that never reports it leaves that path unjudged (never passed on absence)
      const unreached: string[] = [];
      for (const [status, type, text] of SERVER_ERRORS) {
        failEveryResend(sdk.gateway, () => ({ status, headers: { 'content-type': type }, text }));
        const from = sdk.gateway.requests.length;
        const a = await call('payment.create', { body: createBody(GOOD_CARD()) }, `its reply: HTTP ${status}`);
        sdk.gateway.forget();
        const sent = sdk.gateway.requests.slice(from);
        // reached only when the last reply it got for the create was the failure (one reporting the
        // gateway's own reply, a success or that reply's error, is on another path)
        if (endedOnFailure(sent) === false)
          unreached.push(
            `HTTP ${status} (after ${sent.length} requests, the last answered HTTP ${sent[sent.length - 1]!.status}, the SDK reported ${describeAnswer(a)})`,
          );
      }
      if (unreached.length > 0)
        t.partNotJudged(
          ANSWER_RULES['greenleaves-v5'].rule,
          `the SDK's error for a 5xx reply was never reached: ${unreached.join('; ')}`,
        );
      const callback = JSON.stringify({ order_id: 'SDK-1', amount: 500, currency: 'KZT', status: 'cleared' });
      const headers = { 'content-type': 'application/json', accept: 'application/json' };
      const request = { method: 'POST', url: 'https://shop.example.kz/pay/v5/result', headers, body: callback };
      await call('callback.handle', { kind: 'result', request }, 'a result_url call without X-JWS-Signature');
      await call('payment.create', { body: {} }, 'a create without its fields (refused, or sent and refused)');
    },
  },
  {
    id: 'v5.sdk.tls-verify',
    title: 'the SDK refuses a gateway whose certificate does not verify (paycert run --sdk-tls)',
    rules: ['V5-SDK-24'],
    async run(t) {
      await refusesForeignCertificate(t, 'V5-SDK-24', 'payment.create', () => ({ body: createBody(GOOD_CARD()) }));
    },
  },
]);
