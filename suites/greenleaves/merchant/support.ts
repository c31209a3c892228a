import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { phpNoticeIn } from '../../../src/harness/diagnostics.ts';
import { getSchema, schemaId } from '../../../src/spec/ajv.ts';
import { valueArbitrary } from '../../../src/spec/arbitrary.ts';
import type { CheckContext } from '../../../src/harness/check.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import {
  ordersOf,
  paymentIdFor,
  type Declaration,
  type DeclaredOrder,
  type Orders,
} from '../../../src/harness/declaration.ts';
import { encodeForm, encodeFormPlus, encodeMultipart } from '../../../src/protocols/common/form.ts';
import {
  buildXml,
  fromForm,
  parseXml,
  salt,
  scriptName,
  sign,
  toForm,
  verifyAnyOrder,
  without,
  type PgMessage,
} from '../../../src/protocols/greenleaves/index.ts';
import { decodeBody } from '../../../src/protocols/common/charset.ts';
import { readReply, type GreenleavesReply } from '../../../src/sdk/greenleaves.ts';
import type { HttpResponse } from '../../../src/harness/http.ts';
import { Barrier } from '../../../src/harness/barrier.ts';
import { besideStatus, controlAfterEdge403, type RefusedContent } from '../../../src/harness/edge-page.ts';
import { quote, quoteMiddle } from '../../../src/harness/clip.ts';

export type Ctx = CheckContext<'greenleaves'>;

export function orders(t: Ctx): Orders {
  if (!t.subject.declarationPath) t.skip('no merchant declaration (--declaration FILE)');
  return ordersOf(t.subject.declarationPath!, t.subject.orderShare);
}

export function declaration(t: Ctx): Declaration {
  return orders(t).declaration;
}

export function stamp(d = new Date()): string {
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export interface CallOptions {
  result?: '0' | '1';
  canReject?: '0' | '1';
  extra?: Record<string, string>;
  amount?: string;
}

/** The fields of a result_url call for an order, in the order of the seed's sample. */
export function resultCall(
  t: Ctx,
  order: { orderId: string; amount?: string; currency?: string },
  paymentId: string,
  o: CallOptions = {},
): PgMessage {
  const amount = o.amount ?? order.amount ?? '500';
  const net = (Math.round(Number(amount) * 96.5) / 100).toString();
  return {
    pg_order_id: order.orderId,
    pg_payment_id: paymentId,
    pg_amount: amount,
    pg_currency: order.currency ?? 'KZT',
    pg_net_amount: net,
    pg_ps_amount: amount,
    pg_ps_full_amount: amount,
    pg_ps_currency: order.currency ?? 'KZT',
    pg_description: plainValues(t) ? 'Order' : 'Оплата заказа',
    pg_result: o.result ?? '1',
    pg_payment_date: plainValues(t) ? stamp().slice(0, 10) : stamp(),
    pg_can_reject: o.canReject ?? '1',
    pg_testing_mode: '1',
    pg_captured: '1',
    pg_card_pan: '5483-18XX-XXXX-0293',
    pg_payment_method: 'bankcard',
    ...(declaration(t).extraFields ?? {}),
    ...(o.extra ?? {}),
  };
}

/** Any of the documented optional fields of a result_url call (specs/greenleaves/schemas/
 *  result-callback.schema.json), with schema-valid values: a merchant must take them all. */
export function optionalCallFields(): fc.Arbitrary<Record<string, string>> {
  const schema = getSchema(schemaId('greenleaves', 'result-callback')) as {
    properties: Record<string, Record<string, unknown>>;
    required: string[];
  };
  const fixed = new Set(['pg_can_reject', 'pg_result', 'pg_salt', 'pg_sig']);
  const optional = Object.keys(schema.properties).filter((k) => !schema.required.includes(k) && !fixed.has(k));
  return fc.record(
    Object.fromEntries(optional.map((k) => [k, valueArbitrary(schema.properties[k]!) as fc.Arbitrary<string>])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
}

export function checkCall(
  order: { orderId: string; amount?: string; currency?: string },
  paymentId: string,
): PgMessage {
  const amount = order.amount ?? '500';
  const cur = order.currency ?? 'KZT';
  return {
    pg_order_id: order.orderId,
    pg_payment_id: paymentId,
    pg_amount: amount,
    pg_currency: cur,
    pg_ps_amount: amount,
    pg_ps_currency: cur,
    pg_ps_full_amount: amount,
  };
}

/** Sign as the gateway does: the script name is the last path segment of the merchant's URL.
 *  Bracketed names (the shop's own `cart[id]`) are nested data: signed nested, sent as `cart[id]` in a
 *  form and as `<cart><id>` in pg_xml (an element cannot be named `cart[id]`). The fields of the URL's
 *  own query string are signed with the call's once the merchant has been seen to verify them so
 *  (withOwnQuery); the call does not carry them, the URL does. */
export function signCall(
  t: Ctx,
  url: string,
  fields: PgMessage,
  script = scriptName(url),
  leadingZero = false,
): PgMessage {
  // pg_sig is 32 hex digits, leading zeros included: a handler that drops them (Java's
  // BigInteger.toString(16)) refuses one call in 16. Such a signature is drawn (a new salt) only for
  // result-ok's call that asks for one, so that this is judged there on every run, not blamed on
  // whichever check happened to draw one
  const r = reading(t);
  const order = r.order ?? 'vendor';
  const own = r.ownQuery ? ownQuery(url) : {};
  for (;;) {
    const m: PgMessage = { ...fromForm(toForm(fields)), pg_salt: salt() };
    // the URL's own fields first, as they come first in the query a GET call is sent with
    const signed = { ...own, ...m };
    m.pg_sig = sign(script, signed, t.credentials.secretKey, { order });
    if (m.pg_sig.startsWith('0') !== leadingZero) continue;
    const orderMatters =
      order === 'vendor' && sign(script, signed, t.credentials.secretKey, { order: 'natural' }) !== m.pg_sig;
    signedCalls.set(m, { url, script, fields, leadingZero, orderMatters });
    return m;
  }
}

/** The fields of the query string of `url` itself (`…/result.php?shop=1&lang=ru`), nested as a form's. */
export function ownQuery(url: string): PgMessage {
  return URL.canParse(url) ? fromForm([...new URL(url).searchParams.entries()]) : {};
}

// How a check signs its calls where the gateway's way is unknown:
// - own fields whose names begin one another ("order", "order-token"; "item1", "item10") or arrays of
//   more than ten elements are signed in another order by the vendor's PHP class (position-suffixed
//   names sorted) than by a plain sort of the names (PHP's ksort, Python's sorted), and which one the
//   gateway uses is unknown (digest §2.6; GL-SIG-06 is INFERRED);
// - whether the fields of the URL's own query string (`?shop=1&lang=ru`) are signed with the call's is
//   unknown too (digest §7 item 1, "query strings"): a shop reading $_GET verifies over them, one
//   reading $_POST or leaving them out does not.
// A call signed the first way that a shop does not read is sent again signed the other way: a shop that
// reads that one verifies so, and the check's further calls are signed so (a note says it). A call read
// as first signed settles the query's reading: no later call is sent twice for it.
interface Reading {
  order?: 'natural';
  /** the calls carry plain ASCII values only (paymentTaken): the merchant refuses others (GL-MCB-14) */
  plain?: boolean;
  ownQuery?: boolean;
  ownQuerySettled?: boolean;
}
const readings = new WeakMap<Ctx, Reading>();
const signedCalls = new WeakMap<
  PgMessage,
  { url: string; script: string; fields: PgMessage; leadingZero: boolean; orderMatters: boolean }
>();

/** This check's calls carry plain ASCII values (letters, digits, "-") only: its precondition found that
 *  the merchant takes no other (paymentTaken), which gl.merchant.result-ok judges (GL-MCB-14). */
export function plainValues(t: Ctx): boolean {
  return !!reading(t).plain;
}

function reading(t: Ctx): Reading {
  let r = readings.get(t);
  if (!r) readings.set(t, (r = {}));
  return r;
}

async function inPlainOrder(
  t: Ctx,
  message: PgMessage,
  first: GreenleavesReply,
  again: (m: PgMessage) => Promise<GreenleavesReply>,
): Promise<GreenleavesReply> {
  const call = signedCalls.get(message);
  const r = reading(t);
  if (!call?.orderMatters || read(first) || r.order) return first;
  r.order = 'natural';
  const answer = await again(signCall(t, call.url, call.fields, call.script, call.leadingZero));
  if (!read(answer)) {
    delete r.order;
    return first;
  }
  const own = Object.keys(call.fields).filter((k) => !k.startsWith('pg_'));
  t.note(
    `the merchant verifies pg_sig in the plain order of the field names (${own.join(', ')}), not in the vendor class's order of position-suffixed names, which differs for these; which one the gateway uses is unknown (digest §2.6, GL-SIG-06), so its calls are signed the plain way`,
  );
  return answer;
}

async function withOwnQuery(
  t: Ctx,
  message: PgMessage,
  first: GreenleavesReply,
  again: (m: PgMessage) => Promise<GreenleavesReply>,
): Promise<GreenleavesReply> {
  const call = signedCalls.get(message);
  const r = reading(t);
  const names = call ? Object.keys(ownQuery(call.url)) : [];
  if (!call || names.length === 0 || r.ownQuerySettled) return first;
  if (read(first)) {
    r.ownQuerySettled = true;
    return first;
  }
  r.ownQuery = !r.ownQuery;
  const answer = await again(signCall(t, call.url, call.fields, call.script, call.leadingZero));
  if (!read(answer)) {
    r.ownQuery = !r.ownQuery;
    return first;
  }
  r.ownQuerySettled = true;
  t.note(
    `the merchant verifies pg_sig ${r.ownQuery ? 'over' : 'without'} the fields of its URL's own query string (${names.join(', ')}) ${r.ownQuery ? 'with' : 'apart from'} the call's; whether the gateway signs them is unknown (digest §7 item 1, "query strings"), so its calls are signed so`,
  );
  return answer;
}

/** Script names a merchant may take for "the name of the called script" instead of the last path
 *  segment of its URL: the whole path (with or without its leading "/"), the URL, the segment without
 *  its extension, none, and for a URL ending in "/" (script name "", digest §2.3) the last non-empty
 *  segment. */
export function otherScriptNames(url: string): string[] {
  const u = new URL(url);
  const last = scriptName(url);
  const path = u.pathname;
  const trimmed = path.replace(/\/+$/, '');
  const names = [
    path,
    path.slice(1),
    `${u.origin}${path}`,
    url,
    `${u.host}${path}`,
    last.replace(/\.[^.]*$/, ''),
    '',
    trimmed.slice(trimmed.lastIndexOf('/') + 1),
  ];
  return [...new Set(names)].filter((n) => n !== last);
}

/** The other script name (otherScriptNames, then `also`) an answer's pg_sig verifies with, if it does
 *  not verify with the last path segment of the merchant's URL. */
export function otherScriptSigned(a: GreenleavesReply, url: string, also: string[] = []): string | undefined {
  if (!a.message || a.signedAs(scriptName(url))) return undefined;
  return [...otherScriptNames(url), ...also].find((n) => n !== scriptName(url) && a.signedAs(n));
}

/** A script name a merchant may verify calls with instead of the gateway's, and why it is tried. */
export interface ScriptGuess {
  name: string;
  why: string;
}

/** The script name an answer is signed with, when not `url`'s (otherScriptSigned): the merchant
 *  presumably verifies calls with it too. */
export function answerScriptGuess(a: GreenleavesReply, url: string, also: string[] = []): ScriptGuess[] {
  const name = otherScriptSigned(a, url, also);
  return name === undefined ? [] : [{ name, why: 'as it signs its answers, GL-MCB-02' }];
}

/** The other script names a check_url refusing a correctly signed check may verify it with: the one its
 *  answer is signed with (answerScriptGuess), and result_url's (a handler copied from it); each once, and
 *  never check_url's own (the name the refused call was signed with: a shop "found" verifying with it
 *  would be said to verify with another name than the gateway's). */
export function checkScriptGuesses(a: GreenleavesReply, checkUrl: string, resultUrl: string): ScriptGuess[] {
  return [
    ...answerScriptGuess(a, checkUrl, [scriptName(resultUrl)]),
    { name: scriptName(resultUrl), why: "result_url's" },
  ]
    .filter((g, i, all) => all.findIndex((x) => x.name === g.name) === i)
    .filter((g) => g.name !== scriptName(checkUrl));
}

/** Which other script name a merchant verifies calls with (GL-MCB-14 on result_url, GL-MCB-12 on
 *  check_url): `call` sends the call signed with each guess in turn until one is answered ok. */
export async function verifiedScriptName(
  guesses: readonly ScriptGuess[],
  call: (g: ScriptGuess, i: number) => Promise<GreenleavesReply | undefined>,
): Promise<ScriptGuess | undefined> {
  for (const [i, g] of guesses.entries()) if ((await call(g, i))?.field('pg_status') === 'ok') return g;
  return undefined;
}

/** A reason's words for a merchant found verifying calls with `g` (verifiedScriptName). */
export function verifiesWith(url: string, g: ScriptGuess): string {
  return `the merchant verifies calls with "${g.name}" (${g.why}), not with "${scriptName(url)}", the part of its URL's path after the last "/" that the gateway signs with`;
}

/** Why an answer's pg_sig does not verify with the script name of `url` (GL-MCB-02): the mistakes shops
 *  make signing it are tried, the fewest together first, and the one it verifies with is named: another
 *  script name (otherScriptNames, `also`: the other URL's, then "index.php"), pg_salt left out of the signed fields, the values in the
 *  order the answer writes them, the body read in the other charset (Windows-1251 bytes under "utf-8"),
 *  pg_sig in uppercase. Else it says the answer matches none of them. */
export function answerSignatureFault(a: GreenleavesReply, url: string, secret: string, also: string[] = []): string {
  const right = scriptName(url);
  const sig = typeof a.message?.pg_sig === 'string' ? a.message.pg_sig : undefined;
  if (!a.message || sig === undefined) return `no pg_sig, so not signed with the script name "${right}"`;
  const head = `pg_sig does not verify with the script name "${right}"`;
  // a PHP front controller's name besides (every request routed through it)
  const scripts = [...new Set([right, ...otherScriptNames(url), ...also, 'index.php'])];
  const bodies = [{ message: a.message, how: [] as string[] }, ...otherCharsets(a)];
  const tries: Array<{ how: string[]; holds: () => boolean }> = [];
  for (const body of bodies)
    for (const script of scripts)
      for (const salted of [true, false])
        for (const written of [false, true])
          for (const lower of /[A-F]/.test(sig) ? [false, true] : [false]) {
            const m = salted ? body.message : without(body.message, 'pg_salt');
            const s = lower ? sig.toLowerCase() : sig;
            tries.push({
              how: [
                ...(script === right ? [] : [`with the script name "${script}"`]),
                ...body.how,
                ...(salted ? [] : ['without pg_salt among the signed fields']),
                ...(written ? ['over the values in the order the answer writes them, not sorted by their names'] : []),
                ...(lower ? ['when lowercased (pg_sig is 32 lowercase hex characters, compared exactly)'] : []),
              ],
              holds: () => (written ? signedAsWritten(script, m, secret) === s : verifyAnyOrder(script, m, secret, s)),
            });
          }
  const found = tries
    .filter((x) => x.how.length > 0)
    .sort((x, y) => x.how.length - y.how.length)
    .find((x) => x.holds());
  return found
    ? `${head}; it does ${found.how.join(', ')}`
    : `${head}, nor with any of the mistakes paycert tries (another script name such as its path, pg_salt left out, the values unsorted, the body read in another charset, uppercase hex): the secret_key, or how the answer is signed, differs`;
}

/** The answer's XML read in the charsets it does not declare (UTF-8, Windows-1251), where that gives
 *  other values, each with how it was read. */
function otherCharsets(a: GreenleavesReply): Array<{ message: PgMessage; how: string[] }> {
  const used = decodeBody(a.http.body, a.http.headers['content-type']);
  const said = used.source === 'default' ? 'nothing else being declared' : `its ${used.source} says ${used.charset}`;
  return ['utf-8', 'windows-1251']
    .filter((c) => c !== used.charset)
    .flatMap((charset) => {
      const text = new TextDecoder(charset).decode(a.http.body);
      if (text === a.http.text) return [];
      try {
        return [{ message: parseXml(text).message, how: [`with the body read as ${charset} (${said})`] }];
      } catch {
        return [];
      }
    });
}

/** md5 of `script;v1;…;vn;secret` with the top-level values in the order the message holds them. */
function signedAsWritten(script: string, m: PgMessage, secret: string): string {
  const values = Object.entries(m).flatMap(([k, v]) => (k !== 'pg_sig' && typeof v === 'string' ? [v] : []));
  return createHash('md5')
    .update([script, ...values, secret].join(';'), 'utf8')
    .digest('hex');
}

export function resultUrl(t: Ctx): string {
  return t.subject.baseUrl;
}

/** How a call is sent: pg_request_method and, for POST, the body encoding. */
export interface Form {
  method: 'GET' | 'POST' | 'XML';
  postEncoding?: 'multipart' | 'urlencoded';
  /** spaces written '+' in the query or urlencoded body, as the form encoding has it (browsers, PHP's
   *  http_build_query, a gateway in PHP); else %20, which a decoder of %XX only reads too (GL-MCB-15) */
  plus?: boolean;
}

/** A form's spaces can be written '+' (a query string or an urlencoded body). */
export function spacesAsPlus(f: Form): boolean {
  return f.method === 'GET' || (f.method === 'POST' && f.postEncoding === 'urlencoded');
}

/** Every form the gateway may send a call in (pg_request_method GET, POST, XML; POST multipart or urlencoded). */
export const FORMS: readonly Form[] = [
  { method: 'POST', postEncoding: 'multipart' },
  { method: 'POST', postEncoding: 'urlencoded' },
  { method: 'GET' },
  { method: 'XML' },
];

/** The form the merchant declared (multipart POST by default, as in the seed's samples). */
export function declaredForm(t: Ctx): Form {
  const d = declaration(t);
  const method = d.requestMethod ?? 'POST';
  return method === 'POST' ? { method, postEncoding: d.postEncoding ?? 'multipart' } : { method };
}

export function describeForm(f: Form): string {
  return f.method === 'POST' ? `POST ${f.postEncoding ?? 'multipart'}` : f.method;
}

/** Send a call the way the merchant declared (pg_request_method; for POST its postEncoding), or in
 *  `form`: multipart POST by default, as in the seed's samples. */
export async function send(
  t: Ctx,
  url: string,
  message: PgMessage,
  note?: string,
  /** true: part of a burst (not paced); a Barrier: also completed together with the rest of it */
  burst: boolean | Barrier = false,
  form: Form = declaredForm(t),
  /** how long the answer is waited for (the subject's timeout by default) */
  timeoutMs?: number,
  /** an Accept header (the gateway's calls carry none; a forger's may be a browser's, FORGER_ACCEPT) */
  accept?: string,
): Promise<GreenleavesReply> {
  const reply = await sendOnce(t, url, message, note, burst, form, timeoutMs, accept);
  if (burst) return reply;
  await refusedByContent(t, url, reply);
  const again = (m: PgMessage) => sendOnce(t, url, m, note, false, form, timeoutMs, accept);
  return withOwnQuery(t, message, await inPlainOrder(t, message, reply, again), again);
}

/** An edge's bare 403 to a call (bareEdge403, RefusedContent filled by HttpClient): the URL alone is
 *  asked right after it, once per check (controlAfterEdge403). Let through, the address is, so the edge
 *  refused the call by its content, as it will the gateway's calls carrying such values for real payers
 *  (probe 25: Apache's 403 for the o'brien e-mail, its reason "an address not let through?" beside 19
 *  rules passed). */
async function refusedByContent(t: Ctx, url: string, reply: GreenleavesReply): Promise<void> {
  // the HttpClient's reply under the SDK transport's type
  const http = reply.http as typeof reply.http & { refusedContent?: RefusedContent };
  const c = await controlAfterEdge403(t, url, http, () =>
    t.http.send({
      url,
      statuses: 'any',
      note: "the URL alone, none of a call's fields (does the edge let paycert through?)",
    }),
  );
  if (c) http.refusedContent = c;
}

async function sendOnce(
  t: Ctx,
  url: string,
  message: PgMessage,
  note: string | undefined,
  burst: boolean | Barrier,
  form: Form,
  timeoutMs: number | undefined,
  accept?: string,
): Promise<GreenleavesReply> {
  const method = form.method;
  const asked: Record<string, string> = accept ? { accept } : {};
  const together = burst instanceof Barrier ? burst : undefined;
  const pairs = toForm(message);
  // the gateway calls again a result_url that gave no answer (HttpRequest.resendNoAnswer)
  const how = {
    statuses: 'any',
    note,
    burst: !!burst,
    together,
    resendNoAnswer: true,
    lookPastRedirect: true,
    timeoutMs,
  } as const;
  let res;
  const encoded = () => (form.plus ? encodeFormPlus(pairs) : encodeForm(pairs));
  if (method === 'GET') {
    res = await t.http.send({ url: `${url}${url.includes('?') ? '&' : '?'}${encoded()}`, headers: asked, ...how });
  } else if (method === 'XML') {
    res = await t.http.send({
      url,
      method: 'POST',
      headers: asked,
      form: [['pg_xml', buildXml(message, 'request')]],
      ...how,
    });
  } else if (form.postEncoding === 'urlencoded') {
    res = form.plus
      ? await t.http.send({
          url,
          method: 'POST',
          headers: { ...asked, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: encoded(),
          ...how,
        })
      : await t.http.send({ url, method: 'POST', headers: asked, form: pairs, ...how });
  } else {
    const boundary = `----paycert${randomBytes(8).toString('hex')}`;
    res = await t.http.send({
      url,
      method: 'POST',
      headers: { ...asked, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: encodeMultipart(pairs, boundary),
      ...how,
    });
  }
  const reply = readReply(res, t.credentials.secretKey);
  markSlashRedirect(url, res);
  return reply;
}

/** How long the gateway waits for check_url's answer before it takes the silence as a refusal: 30 s,
 *  the Platron ancestor's (digest §3.6; Freedom states no number, §7 item 10). A reference answers in
 *  milliseconds and is given 5 s, so that its defect is judged in seconds. */
export function checkDeadlineMs(t: Ctx): number {
  return t.subject.target === 'reference' ? 5_000 : 30_000;
}

/** A check_url call waited for as the gateway waits (checkDeadlineMs): its answer, or undefined when
 *  none came in that time, however the call ended (GL-MCB-22). */
export async function answeredInTime(
  t: Ctx,
  url: string,
  message: PgMessage,
  note?: string,
): Promise<GreenleavesReply | undefined> {
  const deadline = checkDeadlineMs(t);
  const started = Date.now();
  try {
    return await send(t, url, message, note, false, declaredForm(t), deadline);
  } catch (e) {
    // undici's coarse timers may end the wait up to half a second early
    if (e instanceof Inconclusive && Date.now() - started >= deadline - 1_000) return undefined;
    throw e;
  }
}

/** How the calls are sent, for messages. */
export function callForm(t: Ctx): string {
  return describeForm(declaredForm(t));
}

/** The merchant asks for credentials: 401 with a WWW-Authenticate challenge, or 407. A 401/403
 *  without a challenge may as well be a refusal of the call itself. */
export function wantsAuth(a: GreenleavesReply): boolean {
  return (a.http.status === 401 && !!a.http.headers['www-authenticate']) || a.http.status === 407;
}

/** A genuine call, signed for the merchant's URL; an answer asking for credentials ends the check
 *  inconclusive (GL-MCB-11 / GL-MCB-17 judge that; nothing else can be judged behind it). */
export async function genuine(t: Ctx, url: string, fields: PgMessage, note?: string): Promise<GreenleavesReply> {
  const a = await send(t, url, signCall(t, url, fields), note);
  if (wantsAuth(a))
    t.inconclusive(`the merchant asks for authentication (HTTP ${a.http.status}): no call gets through to be judged`);
  return a;
}

/** The merchant read the call: it answered the documented XML with ok or rejected. */
export function read(a: GreenleavesReply): boolean {
  return a.http.status === 200 && (a.field('pg_status') === 'ok' || a.field('pg_status') === 'rejected');
}

/** The merchant read the call and refused it: HTTP 200, pg_status rejected. */
export const rejected = (a: GreenleavesReply): boolean => a.http.status === 200 && a.field('pg_status') === 'rejected';

/** Precondition of checks that judge a merchant's decisions: a plain genuine call for a payable
 *  order (of this check's own) is answered ok. Otherwise the check ends inconclusive, unless `ownFields`
 *  (GL-MCB-10: the shop's own fields take part in the signature it verifies) is given and the same call
 *  without the shop's declared own fields is answered ok: then that rule fails. Returns that order,
 *  paid by the call. */
export async function takesPayments(t: Ctx, url: string, ownFields?: string): Promise<DeclaredOrder> {
  return (await paymentTaken(t, url, ownFields)).order;
}

/** takesPayments, with the answer (ok) to the successful payment it made. */
export async function paymentTaken(
  t: Ctx,
  url: string,
  ownFields?: string,
): Promise<{ order: DeclaredOrder; answer: GreenleavesReply }> {
  const o = orders(t).take('payable', 'the precondition (a genuine call for a payable order is answered ok)');
  const a = await genuine(
    t,
    url,
    resultCall(t, o, payment(t, o, 'precondition')),
    'precondition: a plain genuine call',
  );
  // refused as not verified, the same call with plain ASCII values taken: the merchant does not verify
  // values with Cyrillic, spaces, … as received (GL-MCB-14, judged in gl.merchant.result-ok); this check's
  // calls carry plain values from here on, so that it judges its own rules
  if (a.http.status === 200 && a.field('pg_status') === 'error' && !plainValues(t)) {
    reading(t).plain = true;
    const b = await genuine(
      t,
      url,
      resultCall(t, o, payment(t, o, 'precondition-plain')),
      'precondition: the same call with plain ASCII values',
    );
    if (b.field('pg_status') === 'ok') {
      t.note(
        `a genuine call for a payable order was answered ${describeAnswer(a)}, the same call with plain ASCII values (letters, digits, "-") ok: this check's calls carry plain values (GL-MCB-14 judges the others)`,
      );
      return { order: o, answer: b };
    }
    delete reading(t).plain;
  }
  if (a.field('pg_status') !== 'ok') {
    const own = declaration(t).extraFields ?? {};
    if (ownFields && Object.keys(own).length && a.http.status === 200) {
      const b = orders(t).take('payable', "the precondition without the shop's own fields");
      const m = resultCall(t, b, payment(t, b, 'precondition-without-own'));
      for (const k of Object.keys(own)) delete m[k];
      const c = await genuine(t, url, m, "precondition: the same call without the shop's own fields");
      if (c.field('pg_status') === 'ok')
        t.fail(
          ownFields,
          `a genuine call for a payable order with the shop's own declared fields ${JSON.stringify(own)} was answered ${describeAnswer(a)}, the same call without them ok: its own fields are not verified as received`,
        );
    }
    const other = otherScriptSigned(a, url);
    // the rule the answer itself fails: error is the form or the values not read (GL-MCB-15, GL-MCB-14),
    // rejected the payable order refused (GL-MCB-14), authentication asked GL-MCB-11's; any other answer
    // (HTTP other than 200, no XML, a pg_status none of the seed's) GL-MCB-01's
    const status = a.http.status === 200 ? a.field('pg_status') : undefined;
    const see = wantsAuth(a)
      ? 'GL-MCB-11'
      : status === 'error'
        ? 'GL-MCB-14, GL-MCB-15'
        : status === 'rejected'
          ? 'GL-MCB-14'
          : 'GL-MCB-01';
    // an error or rejected answer departs from GL-MCB-14 ("a genuine call for a payable order … is answered
    // ok"), an authentication asked for from GL-MCB-11, whatever another check makes of them: this check's
    // rules are not judged because of that rule (t.inconclusive's `after`), and a pass of them by another
    // check stands, marked partly (probe 24: GL-MCB-01, passed by result-ok on the same answers, was
    // inconclusive here). Not where this check judges that rule itself, nor for an answer that is no
    // decision (GL-MCB-01's own)
    const departs = wantsAuth(a) ? 'GL-MCB-11' : status === 'error' || status === 'rejected' ? 'GL-MCB-14' : undefined;
    // rejected is GL-MCB-14's own failure, whichever check's call met it (probe 26: result-ok's order
    // cost whole tenge and was taken, this one's "1250.50" refused, and GL-MCB-14 passed)
    refusedPayable(t, o, a, `a genuine ${callForm(t)} call (${t.check.id}'s precondition)`);
    t.inconclusive(
      `precondition: a genuine ${callForm(t)} call for a payable order was answered ${describeAnswer(a)} (see ${see}): the merchant takes no genuine payment, so what it decides for this check's calls does not show${other === undefined ? '' : `; the merchant signs its answers with the script name "${other}", not "${scriptName(url)}" (GL-MCB-02)`}`,
      departs && (!t.check.rules.includes(departs) || t.arrivalsOnly.has(departs)) ? { after: departs } : {},
    );
  }
  return { order: o, answer: a };
}

/** GL-MCB-14 ("a genuine call for a payable order with the declared amount and currency is answered
 *  ok") on a genuine call `what` for the payable order `o` at its declared amount: an answer rejected
 *  (HTTP 200, the XML <response>: the shop read the call and refused the order) fails it, in whichever
 *  check it came (cited there on arrival, Check.arrivalRules), not only in gl.merchant.result-ok, whose
 *  own order may have another amount's form (probe 26: "500" taken, "1250.50" refused). An error answer
 *  is not judged here: it may be the form or the values not read (GL-MCB-15, result-ok's to tell). */
export function refusedPayable(t: Ctx, o: DeclaredOrder, a: GreenleavesReply, what: string): void {
  const rule = 'GL-MCB-14';
  if (!t.check.rules.includes(rule) || o.amount === undefined) return;
  if (!(rejected(a) && a.root === 'response')) return;
  const tiyn = /\.\d*[1-9]/.test(o.amount)
    ? ` (the amount has tiyn: a shop comparing the amount as text with its own spelling, "${Number(o.amount)}", or in whole tenge refuses it)`
    : '';
  const message = `${what} for the payable order ${o.orderId} at its declared amount ${o.amount} ${o.currency ?? 'KZT'} was answered ${describeAnswer(a)}: the shop refuses a payment it must take${tiyn}`;
  t.expectAsCited(rule, false, message);
}

/** A redirect of a call to its own URL with a "/" added (HttpResponse.trailingSlash, set by send): said
 *  with its likely cause, as a CSRF refusal is (besideStatus). */
export function slashRedirect(r: Pick<HttpResponse, 'status' | 'trailingSlash'>): string {
  return r.trailingSlash
    ? ' (a trailing-slash redirect: the route is declared with a "/" at its end, as Django\'s APPEND_SLASH answers for a URL without it; the gateway calls the URL the shop declared: declare it with its "/", or route it without one)'
    : '';
}

/** besideStatus, with the trailing-slash redirect's cause (slashRedirect). */
export function beside(r: GreenleavesReply['http']): string {
  return `${besideStatus(r)}${slashRedirect(r)}`;
}

/** Marks a 3xx to `url` with a "/" added to its path (slashRedirect). */
function markSlashRedirect(url: string, r: HttpResponse): void {
  const at = r.status >= 300 && r.status < 400 ? r.headers['location'] : undefined;
  if (!at || !URL.canParse(url) || !URL.canParse(at, url)) return;
  const from = new URL(url);
  const to = new URL(at, url);
  if (to.origin === from.origin && !from.pathname.endsWith('/') && to.pathname === `${from.pathname}/`)
    r.trailingSlash = true;
}

/** An answer that is the start of the XML answer and no more (`<?xml …><response>…` without its
 *  `</response>`: an edge's buffer limit, a connection cut): said so, for the parser's words point at
 *  where the document began (line 1, column 1), not at its missing end. Undefined for any other. */
export function cutShort(a: GreenleavesReply): string | undefined {
  const text = a.http.text.replace(/^\uFEFF/, '').trimStart();
  if (a.message || !/^(?:<\?xml\b[^>]*\?>\s*)?<response\b/.test(text) || /<\/response\s*>/.test(text)) return undefined;
  return `the XML ends before </response> (the document is cut short after ${a.http.body.length} bytes)`;
}

export function describeAnswer(a: GreenleavesReply): string {
  // a decision in another status than 200 (the gateway takes none) is said with it
  const said = a.http.status !== 200 && a.root === 'response' ? a.field('pg_status') : undefined;
  if (a.http.status !== 200)
    return `HTTP ${a.http.status}${beside(a.http)}${said === undefined ? '' : ` with ${describeDecision(a)}`}`;
  // the parser's words first: a blank line before `<?xml` is invisible in the quoted text
  if (!a.message)
    return `HTTP 200, not XML${phpNoticeIn(a.http.text) || ` (${cutShort(a) ?? quoteMiddle(a.parseError ?? 'unreadable', 160)}): ${quote(a.http.text, 120)}`}`;
  return describeDecision(a);
}

function describeDecision(a: GreenleavesReply): string {
  const d = a.field('pg_description');
  return `pg_status=${a.field('pg_status') ?? '∅'} ${d === undefined ? '(no pg_description)' : `"${d}"`}`;
}

/** status + description: what must be identical on every repeat. */
export function gist(a: GreenleavesReply): string {
  return `${a.http.status}|${a.field('pg_status') ?? ''}|${a.field('pg_description') ?? ''}`;
}

/** This check's own payment id for an order and purpose: the same in every run (a re-run repeats
 *  its calls), never shared with another check (the merchant replays its first answer per id). */
export function payment(t: Ctx, o: { orderId: string }, purpose: string): string {
  return paymentIdFor(o.orderId, `${t.check.id}|${purpose}`);
}
