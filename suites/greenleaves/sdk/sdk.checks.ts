import { quote } from '../../../src/harness/clip.ts';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import {
  buildXml,
  parseXml,
  scriptName,
  sign,
  toForm,
  verify,
  type PgMessage,
} from '../../../src/protocols/greenleaves/index.ts';
import { encodeForm, encodeFormPlus, encodeMultipart } from '../../../src/protocols/common/form.ts';
import { parseJsonBounded } from '../../../src/protocols/common/json-depth.ts';
import type { SdkSession } from '../../../src/harness/sdk.ts';
import { sameRequest, type Recorded, type Upstream } from '../../../src/harness/recorder.ts';
import type { AdapterAnswer } from '../../../src/sdk-adapter/protocol.ts';
import { card, cardFields, pageFields, type Ctx } from '../support.ts';
import {
  ANSWER_RULES,
  describeAnswer,
  endedOnFailure,
  failEveryResend,
  sameRoute,
  sdkChecks,
  secretIn,
  sentSince,
  signatureInAnswer,
} from '../../sdk-support.ts';
import {
  callbackFields,
  decoderName,
  documentedFields,
  loopbackTrap,
  meantScripts,
  notConfiguredMerchant,
  offEndpoint,
  requestFields,
  requestSchemaBreaks,
  requestSignature,
  RESULT_URL,
  signedOverCallers,
  emptiesLeftOut,
  listShapeInXml,
  sentLine,
  queryParameters,
  undocumentedBody,
  validDescriptions,
} from './support.ts';

const base = { profile: 'greenleaves', subject: 'sdk', area: 'sdk' } as const;
const GOOD_CARD = () => card({ auth: true, threeDs: false });
/** a card every operation on a payment succeeds with (clearing, cancel, refund): their success replies */
const OPS_CARD = () => card({ auth: true, threeDs: false, clearing: true, reverse: true, refund: true });
/** a card the gateway declines: its payment gets a documented error reply */
const DECLINED_CARD = () => card({ auth: false, threeDs: false });

const isUnsupported = (a: AdapterAnswer): boolean => !a.ok && a.error.kind === 'unsupported';

/** Call an operation in a check that judges its rules on several operations: an operation the SDK
 *  does not have (`unsupported`) is an answer like any other, and the check goes on with the rest. */
async function callOp(sdk: SdkSession, op: string, fields: PgMessage, note?: string) {
  const from = sdk.gateway.requests.length;
  const answer = await sdk.call(op, { fields }, { unsupported: 'answer', ...(note !== undefined && { note }) });
  return { answer, sent: sdk.gateway.requests.slice(from) };
}

/** "a, b and c" */
const listed = (xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/** The payment id of a recorded payment's reply (the gateway's own word, whatever the SDK made of it). */
function paymentIdOf(sent: Recorded[]): string | undefined {
  const r = sent[sent.length - 1];
  try {
    const id = parseXml(r?.replyText ?? '').message.pg_payment_id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The gateway's reply to a recorded request when it is genuine: XML whose pg_sig verifies for the
 *  endpoint's script name (GL-SIG-11) with the merchant's secret; undefined otherwise. */
function genuineReply(t: Ctx, r: Recorded | undefined): PgMessage | undefined {
  return r?.replyText ? genuineText(t, r.path, r.replyText) : undefined;
}

/** A reply text to a request to `path` when it is genuine (as genuineReply). */
function genuineText(t: Ctx, path: string, text: string): PgMessage | undefined {
  try {
    const m = parseXml(text).message;
    const sig = typeof m.pg_sig === 'string' ? m.pg_sig : undefined;
    return sig !== undefined && verify(scriptName(path.split('?')[0]!), m, t.credentials.secretKey, sig)
      ? m
      : undefined;
  } catch {
    return undefined;
  }
}

/** Why the gateway answered a request of `op` with no reply of the operation: a body it cannot read
 *  (GL-SDK-12), or a path it does not serve the operation at (GL-SDK-20, -21). */
function unreadBodyHint(op: string, sent: Recorded[]): string {
  const body = sent.map(undocumentedBody).find((b) => b !== undefined);
  if (body !== undefined) return ` (the gateway could not read the request: ${body}, GL-SDK-12)`;
  const off = sent.map((r) => offEndpoint(op, r.path.split('?')[0]!)).find((o) => o?.why !== undefined);
  return off ? ` (${off.why}, ${off.rule})` : '';
}

/** Judge every request the SDK sent for one operation (endpoint, signature, salt, fields, merchant, secret). */
function judgeRequests(
  t: Ctx,
  op: string,
  sent: ReturnType<typeof sentSince>,
  input: PgMessage,
  salts: Array<{ salt: string; r: Recorded }>,
  judged: { merchants: number; ownFields: Set<string> },
  /** in a property, whose failure shows the request sent itself */
  inProperty: boolean,
): void {
  const docs = documentedFields();
  for (const r of sent) {
    const f = requestFields(r);
    const path = r.path.split('?')[0]!;
    // the path the gateway serves the operation at (it answers any other 404); the signature is then
    // judged for the path called (GL-SDK-01)
    const off = offEndpoint(op, path);
    if (off) t.expect(off.rule, off.why === undefined, off.why ?? '');
    const where = secretIn(r);
    t.expect('GL-SDK-09', where === undefined, `${path}: the secret key is in ${where}`);
    // seed 001: "Данные передаются в параметрах методом POST." A GET is GL-SDK-26's alone (judged last, so a
    // failure of it in a property ends the case after the other rules); how a POST's parameters come is GL-SDK-12's
    const byPost = r.method.toUpperCase() === 'POST';
    const judgeMethod = () =>
      t.expect(
        'GL-SDK-26',
        byPost,
        `${op} was sent by ${r.method} ${path}${r.path.includes('?') ? " with its fields in the URL's query" : ''}; seed 001 passes the data of every request by POST ("Данные передаются в параметрах методом POST.")`,
      );
    const body = byPost ? (undocumentedBody(r) ?? queryParameters(r)) : undefined;
    if (byPost) t.expect('GL-SDK-12', body === undefined, `${path}: ${body}`);
    else
      t.cannotJudge(
        'GL-SDK-12',
        `no request came by POST (GL-SDK-26), so how a POST passes its parameters is not shown: ${op} was sent by ${r.method}`,
      );
    // a body no documented form reads: what it carries is unknown, not missing (no "no pg_salt")
    if (body !== undefined && Object.keys(f).length === 0) {
      const why = `${path}: no field of the request can be read, ${body} (GL-SDK-12)`;
      for (const rule of ['GL-SDK-01', 'GL-SDK-02', 'GL-SDK-03', 'GL-SDK-18', 'GL-SDK-22']) t.cannotJudge(rule, why);
      judgeMethod();
      continue;
    }
    const salt = typeof f.pg_salt === 'string' ? f.pg_salt : undefined;
    if (salt) salts.push({ salt, r });
    t.expect('GL-SDK-01', salt !== undefined && salt !== '', `${path}: no pg_salt`);
    // over the values' bytes as sent (a description in Windows-1251, signed so, is GL-SDK-18's); a path not the
    // operation's is GL-SDK-20's or -21's alone: verified for the script the SDK evidently meant too
    const meant = meantScripts(op, path);
    const { sig, verifies } = requestSignature(r, t.credentials.secretKey, meant);
    const nor = meant.length === 0 ? '' : ` nor for ${meant.map((m) => `"${m}"`).join(' or ')}, which ${op} meant`;
    // signed over the caller's values and sent otherwise (as Latin-1), or with the empty values left out:
    // said, with the request outside a property (a property's failure shows it: "sent: …")
    const scripts = [scriptName(path), ...meant];
    const over = verifies ? undefined : signedOverCallers(r, input, t.credentials.secretKey, scripts);
    const empties = verifies || over ? undefined : emptiesLeftOut(r, t.credentials.secretKey, scripts);
    const why =
      over ??
      (empties &&
        `empty values left out of the signed string (${empties.join(', ')}); they stay, giving ";;" (digest §2.2)`);
    const said = `${path}: pg_sig ${sig ?? '(none)'} does not verify for script "${scriptName(path)}"${nor}${why ? `: ${why}` : ''}`;
    t.expect('GL-SDK-01', verifies, inProperty || verifies ? said : `${said} — sent: ${sentLine(r, said)}`);
    // a field the caller did not give: one of the gateway's (pg_) the documentation does not name fails; one
    // of the SDK's own (not pg_, signed with the rest: digest §2.1 "any party may add undocumented
    // parameters") is noted
    const extra = Object.keys(f).filter((k) => !docs.has(k) && !(k in input));
    const undocumented = extra.filter((k) => k.startsWith('pg_'));
    for (const k of extra) if (!k.startsWith('pg_')) judged.ownFields.add(k);
    t.expect(
      'GL-SDK-03',
      undocumented.length === 0,
      `${path}: undocumented field(s) ${undocumented.join(', ')} that the caller did not give`,
    );
    const broken = requestSchemaBreaks(path, f);
    // a list sent in pg_xml in a shape of the SDK's own (<item> tags): what was expected, said to both rules
    const changed = callersValuesChanged(input, f);
    const shape = broken || changed.length > 0 ? listShapeInXml(r, input) : undefined;
    const expected = shape ? ` (${shape})` : '';
    t.expect('GL-SDK-03', broken === undefined, `${path}: the request breaks ${broken}${expected}`);
    // GL-SDK-22 on the pg_merchant_id sent (a missing one is GL-SDK-03's)
    if (f.pg_merchant_id !== undefined) {
      judged.merchants++;
      const other = notConfiguredMerchant(f, t.credentials.merchantId);
      t.expect('GL-SDK-22', other === undefined, `${path}: ${other}`);
    }
    t.expect(
      'GL-SDK-18',
      changed.length === 0,
      `${path}: the request departs from the caller's fields: ${changed.slice(0, 4).join('; ')}${changed.length > 4 ? ` and ${changed.length - 4} more` : ''}${expected}`,
    );
    judgeMethod();
  }
}

/** An amount field (pg_amount, pg_clearing_amount, a receipt position's price): compared as a number. */
const MONEY = /(^|_)amount$|^price$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** Where the fields a request carries depart from the caller's (GL-SDK-18): a field given and not sent
 *  (but for an empty one), another value (an amount another number). Card fields are not quoted. */
export function callersValuesChanged(given: PgMessage, sent: PgMessage, at = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(given)) {
    const name = at ? `${at}[${k}]` : k;
    const got = (sent as Record<string, unknown>)[k];
    const show = (x: unknown) => (/^pg_card_/.test(name) ? '(a card value, not shown)' : quote(JSON.stringify(x), 80));
    if (v !== null && typeof v === 'object') {
      if (got === null || typeof got !== 'object')
        out.push(
          `${name} ${got === undefined ? 'missing' : show(got)} (the caller gave ${Array.isArray(v) ? 'a list' : 'nested fields'})`,
        );
      else out.push(...callersValuesChanged(v as PgMessage, got as PgMessage, name));
      continue;
    }
    if (got === undefined) {
      if (v !== '') out.push(`${name} missing (the caller gave ${show(v)})`);
      continue;
    }
    if (got === v) continue;
    if (MONEY.test(k) && typeof v === 'string' && DECIMAL.test(v) && typeof got === 'string') {
      // an amount no number ("500,00") is a format the schema refuses: GL-SDK-03's
      if (!DECIMAL.test(got) || Number(v) === Number(got)) continue;
    }
    out.push(`${name} ${show(got)} (the caller gave ${show(v)})`);
  }
  return out;
}

/** Per resend of the first request in `sent` (the same method and path: a status request after a lost
 *  reply, /g2g/status_v2 with pg_order_id alone, is none), where its fields depart from the caller's
 *  (callersValuesChanged); a body whose fields cannot be read is left out (GL-SDK-12's). */
export function resendsChanged(given: PgMessage, sent: Recorded[]): string[][] {
  const first = sent[0];
  if (!first) return [];
  return sent.slice(1).flatMap((r) => {
    if (!sameRoute(r, first)) return [];
    const f = requestFields(r);
    return Object.keys(f).length === 0 ? [] : [callersValuesChanged(given, f)];
  });
}

function judgeSalts(t: Ctx, salts: Array<{ salt: string; r: Recorded }>): void {
  if (salts.length < 2) return; // nothing to compare: GL-SDK-02 is not judged by this run
  const first = new Map<string, Recorded>();
  for (const { salt, r } of salts) {
    const seen = first.get(salt);
    if (!seen) {
      first.set(salt, r);
      continue;
    }
    // the same request sent again (a proxy or HTTP client retrying a POST): no seed rule asks a request
    // to be sent once, but its salt is then no new one, and the gateway carries out each (a second payment)
    const path = r.path.split('?')[0]!;
    const again = sameRequest(seen, r)
      ? `: the same request to ${path} was sent twice, byte for byte, and the gateway took each as a request of its own (a payment or a refund carried out twice)`
      : '';
    t.expect('GL-SDK-02', false, `pg_salt "${salt}" was sent twice${again}`);
    return;
  }
  t.expect('GL-SDK-02', true, '');
}

async function payment(t: Ctx, sdk: SdkSession, extra: PgMessage = {}) {
  const input = cardFields(GOOD_CARD(), extra);
  const from = sdk.gateway.requests.length;
  const answer = await sdk.call('payment.create', { fields: input });
  return { input, answer, sent: sentSince(t, sdk.gateway.requests, from, 'payment.create', answer) };
}

/** Replace the XML text of a tag (or drop it when `to` is undefined). */
function retag(xml: string, tag: string, to: ((v: string) => string) | undefined): string {
  const re = new RegExp(`<${tag}>([^<]*)</${tag}>\\s*`);
  return xml.replace(re, (_m, v: string) => (to ? `<${tag}>${to(v)}</${tag}>` : ''));
}

/** How the gateway sends a result_url call: pg_request_method (seed 001 "методом Request Method"; digest
 *  §3.4 GET, POST or XML), a POST as the seed's multipart sample or urlencoded (digest §1); a query or an
 *  urlencoded body with its spaces written %20, or '+' (-plus) as a form encoder writes them (PHP's
 *  http_build_query, browsers): a handler decoding %XX only reads '+' as '+' (GL-SDK-11). */
type CallMethod = 'multipart' | 'urlencoded' | 'urlencoded-plus' | 'get' | 'get-plus' | 'xml';
const PLUS = " with its spaces written '+' (as http_build_query)";
const CALL_METHODS: Record<CallMethod, string> = {
  multipart: "by multipart POST (the seed's sample)",
  urlencoded: 'by urlencoded POST',
  'urlencoded-plus': `by urlencoded POST${PLUS}`,
  get: 'by GET (pg_request_method GET)',
  'get-plus': `by GET (pg_request_method GET)${PLUS}`,
  xml: 'as XML in pg_xml (pg_request_method XML)',
};

/** A result_url call as the gateway sends it `how`. */
function callbackRequest(fields: PgMessage, how: CallMethod = 'multipart') {
  const pairs = toForm(fields);
  const encoded = how.endsWith('-plus') ? encodeFormPlus(pairs) : encodeForm(pairs);
  if (how.startsWith('get')) return { method: 'GET', url: `${RESULT_URL}?${encoded}`, headers: {}, body: '' };
  const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (how.startsWith('urlencoded')) return { method: 'POST', url: RESULT_URL, headers: form, body: encoded };
  if (how === 'xml')
    return {
      method: 'POST',
      url: RESULT_URL,
      headers: form,
      body: encodeForm([['pg_xml', buildXml(fields, 'request')]]),
    };
  const boundary = `----paycert${randomBytes(8).toString('hex')}`;
  return {
    method: 'POST',
    url: RESULT_URL,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: encodeMultipart(pairs, boundary),
  };
}

function signedCallback(t: Ctx, extra: PgMessage = {}): PgMessage {
  const f = callbackFields(String(100000 + Math.floor(Math.random() * 899999)), extra);
  f.pg_sig = sign(scriptName(RESULT_URL), f, t.credentials.secretKey);
  return f;
}

/** Why a genuine call carrying `extra` was refused, when the SDK reads its field names otherwise (PHP's
 *  $_POST and parse_str: "." and " " as "_", decoderName): the same call, signed over the names as such a
 *  decoder reads them, taken ("… read as …"), or signed without those fields, taken ("… dropped");
 *  '' when the call has no such name or neither was taken. Neither call is judged. */
async function namesReadOtherwise(t: Ctx, sdk: SdkSession, extra: PgMessage, how: CallMethod): Promise<string> {
  const renamed = Object.keys(extra).flatMap((k): Array<[string, string]> => {
    const read = decoderName(k);
    return read === undefined ? [] : [[k, read]];
  });
  if (renamed.length === 0) return '';
  const script = scriptName(RESULT_URL);
  const tries: Array<[string, (f: PgMessage) => PgMessage, string]> = [
    [
      'signed over the field names as PHP reads them',
      (f) => Object.fromEntries(Object.entries(f).map(([k, v]) => [decoderName(k) ?? k, v])),
      `the SDK read field names otherwise, ${listed(renamed.map(([k, r]) => `"${k}" read as "${r}"`))} (the same call signed over those names was taken)`,
    ],
    [
      'signed without the fields whose names PHP reads otherwise',
      (f) => Object.fromEntries(Object.entries(f).filter(([k]) => decoderName(k) === undefined)),
      `the SDK dropped the field(s) ${listed(renamed.map(([k]) => `"${k}"`))} (the same call signed without them was taken)`,
    ],
  ];
  for (const [what, signedOver, says] of tries) {
    const f = signedCallback(t, extra);
    delete f.pg_sig;
    f.pg_sig = sign(script, signedOver(f), t.credentials.secretKey);
    const a = await handle(t, sdk, f, true, `a diagnostic call (not judged): the same call ${what}`, false, how);
    if (taken(a)) return says;
  }
  return '';
}

interface Answer {
  /** the handler gave an HTTP answer (the adapter answered the operation, not with an error) */
  given: boolean;
  /** its HTTP status */
  http?: number;
  /** the decision pg_status says, as the body says it: the seed's XML, or a JSON object naming one (read
   *  as what it says; that it is no XML answer is GL-SDK-15's), trimmed and in small letters ("OK" is
   *  ok: its spelling is GL-SDK-15's) */
  status?: string;
  /** pg_status as it is written (GL-SDK-15) */
  spelled?: string;
  /** the body's fields: an XML document's, or a JSON object's string values */
  message?: PgMessage;
  /** the body's form: an XML document (with its root element's name) or a JSON object */
  form?: { kind: 'xml'; root: string } | { kind: 'json' };
  /** the adapter's `accepted`: handed to the application as genuine; undefined when it does not report
   *  it (optional, specs/greenleaves/sdk.json): the call is then judged on its answer alone */
  accepted?: boolean;
  /** the adapter's optional `paid` (GL-SDK-13) */
  paid?: boolean;
  raw: string;
  /** what the adapter answered */
  answer: AdapterAnswer;
}

/** Taken as genuine by what the handler showed: its answer ok, or its report of handing the payment over. */
const taken = (a: Answer): boolean => a.status === 'ok' || a.accepted === true;
/** A genuine call taken: answered ok, and not reported as kept from the application. */
const tookGenuine = (a: Answer): boolean => a.status === 'ok' && a.accepted !== false;

/** A body's fields: the XML document's, else a JSON object's string values (a handler answering
 *  {"pg_status": "ok"} says ok, in a form that is not the seed's: GL-SDK-15). */
function readBody(body: string): Pick<Answer, 'message' | 'form'> {
  try {
    const { root, message } = parseXml(body);
    return { message, form: { kind: 'xml', root } };
  } catch {
    /* not XML */
  }
  try {
    // bounded as every JSON paycert reads from a subject (an adapter's answer is the SDK's output)
    const v: unknown = parseJsonBounded(body);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const strings = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string');
      return { message: Object.fromEntries(strings), form: { kind: 'json' } };
    }
  } catch {
    /* nor JSON */
  }
  return {};
}

/** What an answer is, for a reason: its HTTP status when not 200, and its body. */
function shownAnswer(a: Answer): string {
  if (!a.given) return a.raw;
  const form = a.form?.kind === 'json' ? " (JSON, not the seed's XML)" : a.form ? '' : ' (neither XML nor JSON)';
  return `${a.http === 200 ? '' : `HTTP ${a.http} `}${a.spelled ?? 'with no pg_status'}${form}: ${a.raw}`;
}

/** The handler's answer to a result_url call. A genuine call's answer is judged on GL-SDK-15 (HTTP 200
 *  and the seed's XML) when the check cites it: every answer the SDK gives the gateway. */
async function handle(
  t: Ctx,
  sdk: SdkSession,
  fields: PgMessage,
  accept: boolean,
  note: string,
  genuine: boolean,
  how: CallMethod = 'multipart',
): Promise<Answer> {
  const a = await sdk.call('callback.handle', { request: callbackRequest(fields, how), accept }, { note });
  if (!a.ok) return { given: false, raw: describeAnswer(a), answer: a };
  const body = typeof a.output.body === 'string' ? a.output.body : '';
  const { message, form } = readBody(body);
  const spelled = message && typeof message.pg_status === 'string' ? message.pg_status : undefined;
  const flag = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  const [accepted, paid] = [flag(a.output.accepted), flag(a.output.paid)];
  const answer: Answer = {
    given: true,
    http: typeof a.output.status === 'number' ? a.output.status : undefined,
    status: spelled?.trim().toLowerCase(),
    spelled,
    message,
    form,
    ...(accepted !== undefined && { accepted }),
    ...(paid !== undefined && { paid }),
    raw: quote(body, 300),
    answer: a,
  };
  // a genuine call in the XML form seed 001 never names, refused: GL-SDK-23's (INFERRED), and its answer
  // is not held against the seed's MUST on the answer's form
  const refusedXml = how === 'xml' && !tookGenuine(answer);
  if (genuine && t.check.rules.includes('GL-SDK-15') && !refusedXml) answerForm(t, answer, note);
  return answer;
}

const STATUSES = ['ok', 'rejected', 'error'];

/** GL-SDK-15: the answer to a genuine call is HTTP 200 and the seed's XML <response> with pg_status
 *  (ok, rejected or error), pg_salt and pg_sig. */
function answerForm(t: Ctx, a: Answer, what: string): void {
  t.expect(
    'GL-SDK-15',
    a.http === 200,
    `the answer to ${what} is HTTP ${a.http}, not 200 (seed 001: the gateway calls again "если … ответ от сервера был не со статусом 200", and a later call cannot be rejected): ${a.raw}`,
  );
  const xml = a.form?.kind === 'xml' && a.form.root === 'response';
  t.expect(
    'GL-SDK-15',
    xml,
    `the answer to ${what} is ${a.form?.kind === 'json' ? 'JSON' : a.form ? `XML <${a.form.root}>` : 'neither XML nor JSON'}, not the seed's XML <response>: ${a.raw}`,
  );
  if (!xml) return;
  const m = a.message ?? {};
  t.expect(
    'GL-SDK-15',
    STATUSES.includes(a.spelled ?? ''),
    `the answer to ${what}: pg_status ${a.spelled === undefined ? '(none)' : `"${a.spelled}"`} is not ok, rejected or error: ${a.raw}`,
  );
  const missing = ['pg_salt', 'pg_sig'].filter((k) => typeof m[k] !== 'string' || m[k] === '');
  t.expect('GL-SDK-15', missing.length === 0, `the answer to ${what} has no ${listed(missing)}: ${a.raw}`);
}

const OK_REPLY = /<pg_status>ok<\/pg_status>/;

/** Replies that are no XML of the gateway (GL-SDK-17): status, Content-Type, body. */
const NOT_XML_REPLIES = [
  [502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'],
  [503, 'text/plain', ''],
  [200, 'text/html; charset=utf-8', '<!DOCTYPE html><html><body><p>Service temporarily unavailable</p></body></html>'],
] as const;

export const checks = sdkChecks(base, [
  {
    id: 'gl.sdk.requests',
    title:
      "every request the SDK sends is signed for its endpoint, with a fresh salt, documented fields, the caller's values and no secret",
    rules: [
      'GL-SDK-01',
      'GL-SDK-02',
      'GL-SDK-03',
      'GL-SDK-09',
      'GL-SDK-12',
      'GL-SDK-16',
      'GL-SDK-18',
      'GL-SDK-20',
      'GL-SDK-21',
      'GL-SDK-22',
      'GL-SDK-26',
    ],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const salts: Array<{ salt: string; r: Recorded }> = [];
      const judged = { merchants: 0, ownFields: new Set<string>() };
      // an operation the SDK does not have (unsupported) and an input it refused before sending anything
      // (validation) judge nothing: the rules are judged on the requests it sent, marked as judged in part
      // (docs/sdk-adapter.md); inconclusive only when it sent (nearly) none, skipped when it has none of
      // the operations
      const unsupported: string[] = [];
      let unsupportedWhy = '';
      const refused: string[] = [];
      let given = 0;
      let firstUnsent: { op: string; answer: AdapterAnswer } | undefined;
      const send = async (
        op: string,
        fields: PgMessage,
        what: string,
        seen?: (a: AdapterAnswer, n: number) => void,
        inProperty = false,
      ) => {
        const { answer, sent } = await callOp(sdk, op, fields);
        // before the requests are judged: a failure of theirs ends the case (in a property)
        seen?.(answer, sent.length);
        if (sent.length === 0 && isUnsupported(answer)) {
          if (!unsupported.includes(op)) unsupported.push(op);
          unsupportedWhy ||= describeAnswer(answer);
          return { answer, sent };
        }
        given++;
        if (sent.length > 0) judgeRequests(t, op, sent, fields, salts, judged, inProperty);
        else {
          refused.push(`${what}: ${describeAnswer(answer)}`);
          firstUnsent ??= { op, answer };
        }
        return { answer, sent };
      };
      // descriptions within the request schema (SecureBox advice): valid input, which an SDK enforcing
      // the advice sends
      const desc = validDescriptions(60);
      // the payments the property gave that the SDK refused as invalid (GL-SDK-16), of how many
      const invalid: string[] = [];
      let payments = 0;
      // amounts the money format allows (digest §1: "fractional part optional for whole numbers; at most
      // 2 decimals"): whole tenge, or with tiyn, so that an SDK dropping the decimals is seen (GL-SDK-18)
      const amount = fc
        .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 99 }), fc.boolean())
        .map(([units, tiyn, whole]) => (whole ? String(units) : `${units}.${String(tiyn).padStart(2, '0')}`));
      await t.property(
        'GL-SDK-01',
        fc.record({ description: desc, amount }),
        async (v) => {
          const input = cardFields(GOOD_CARD(), { pg_description: v.description, pg_amount: v.amount });
          const what = `payment.create with pg_description ${JSON.stringify(v.description)}, pg_amount ${v.amount}`;
          await send(
            'payment.create',
            input,
            what,
            (answer, sent) => {
              if (sent === 0 && isUnsupported(answer)) return;
              payments++;
              if (sent === 0 && !answer.ok && answer.error.kind === 'validation')
                invalid.push(`${what}: ${describeAnswer(answer)}`);
            },
            true,
          );
        },
        // tried first in every run: the seed's own sample (a Cyrillic description with a "."), and an
        // amount with tiyn
        {
          examples: [
            { description: 'Покупка в интернет магазине Site.kz', amount: '500' },
            { description: 'Заказ 17', amount: '123.45' },
          ],
        },
      );
      if (payments > 0)
        t.expect(
          'GL-SDK-16',
          invalid.length === 0,
          `the SDK refused ${invalid.length} of ${payments} payments as invalid before sending anything, though the request's field table allows them; the first: ${invalid[0] ?? ''}`,
        );
      // nested receipt positions (signed flattened), and the caller's own fields: one with a capital
      // letter (byte order: 'S' < 'p' < 's') and one empty (an empty value still takes its place); values
      // a form must encode, where the field tables allow them (URLs with a query, an e-mail with "+", the
      // shop's own fields, of no charset: "&", "=", "+", "%", "?", "#", quotes, Cyrillic): a form joined
      // without URL-encoding, or values HTML-escaped, reach the gateway as other fields or values (GL-SDK-18)
      const receipt = [1, 2].map((i) => ({ count: String(i), name: `Item ${i}`, tax_type: '0', price: '10' }));
      const input = pageFields({
        pg_receipt_positions: receipt,
        pg_result_url: 'https://shop.example.kz/pay/result.php?order=1&lang=ru',
        pg_success_url: 'https://shop.example.kz/pay/ok?order=1&sum=700%2B0#paid',
        pg_user_contact_email: 'buyer+orders@example.kz',
        Shop_ref: 'A-1&b=2',
        shop_note: '',
        shop_comment: 'Скидка 10% + доставка = 0? #1 "ok" <b>',
      });
      // sent twice with the same input (a shop retrying an order): a salt derived from the input
      // (md5 of the order id) is then sent twice, which random inputs alone never show
      for (let i = 0; i < 2; i++)
        await send(
          'payment_page.create',
          input,
          "payment_page.create with receipt positions, URLs with a query and the caller's own fields",
        );
      // the operations on a payment: each is signed for its own endpoint
      const idOf = async () => {
        const { answer, sent } = await send(
          'payment.create',
          cardFields(GOOD_CARD(), { pg_auto_clearing: '0' }),
          'a two-step payment.create',
        );
        const id = answer.ok ? (answer.output.fields as PgMessage | undefined)?.pg_payment_id : undefined;
        return typeof id === 'string' && id !== '' ? id : (paymentIdOf(sent) ?? '1');
      };
      const [twoStep, toCancel] = [await idOf(), await idOf()];
      const ops: Array<[string, PgMessage]> = [
        ['payment.clearing', { pg_payment_id: twoStep, pg_clearing_amount: '300' }],
        ['payment.refund', { pg_payment_id: twoStep, pg_amount: '100' }],
        ['payment.cancel', { pg_payment_id: toCancel }],
        ['status.get', { pg_payment_id: twoStep }],
      ];
      for (const [op, fields] of ops) await send(op, fields, op);
      const sentCount = given - refused.length;
      if (sentCount === 0) {
        if (given === 0)
          t.skip(`the SDK does not support ${listed(unsupported)} (${unsupportedWhy}): it sent no request to judge`);
        t.inconclusive(
          `the SDK sent no request to the gateway for ${firstUnsent!.op} (it answered ${describeAnswer(firstUnsent!.answer)})${given > 1 ? `, nor for any of the ${given - 1} other inputs it was given` : ''}`,
        );
      }
      if (sentCount * 4 < given)
        t.inconclusive(
          `the SDK refused ${refused.length} of the ${given} inputs it was given before sending anything (the first: ${refused[0]}); it sent ${sentCount}, too few to judge its requests on`,
        );
      judgeSalts(t, salts);
      if (judged.merchants === 0)
        t.notJudged('GL-SDK-22', 'no request the SDK sent carried pg_merchant_id (a required field: GL-SDK-03)');
      if (judged.ownFields.size > 0)
        t.note(
          `the SDK added field(s) of its own the caller did not give: ${listed([...judged.ownFields])} (not pg_: any party may add such fields, signed with the rest, digest §2.1)`,
        );
      const part: string[] = [];
      if (unsupported.length > 0)
        part.push(
          `the SDK does not support ${listed(unsupported)} (${unsupportedWhy}), so no request of ${unsupported.length > 1 ? 'those operations' : 'it'} was judged`,
        );
      if (refused.length > 0)
        part.push(
          `the SDK refused ${refused.length} of ${given} inputs before sending anything (the first: ${refused[0]}), so those judge nothing`,
        );
      if (part.length > 0) {
        const why = part.join('; ');
        t.note(why);
        for (const rule of t.check.rules) t.judgedInPart(rule, why);
      }
    },
  },
  {
    id: 'gl.sdk.reply-verification',
    title:
      'a reply changed after signing, wrongly signed or unsigned is reported as a signature error, never as a success, whichever operation it answers',
    rules: ['GL-SDK-04'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const clean = await payment(t, sdk);
      if (!clean.answer.ok)
        t.inconclusive(
          `an untouched payment was not a success, so a tampered one cannot be told apart: ${describeAnswer(clean.answer)}`,
        );
      const anotherSig: [string, (xml: string) => string] = [
        'pg_sig of another message',
        (x) => retag(x, 'pg_sig', (v) => (v.startsWith('0') ? `1${v.slice(1)}` : `0${v.slice(1)}`)),
      ];
      const noSig: [string, (xml: string) => string] = ['no pg_sig', (x) => retag(x, 'pg_sig', undefined)];
      const tampers: Array<[string, (xml: string) => string]> = [
        ['pg_payment_id changed after signing', (x) => retag(x, 'pg_payment_id', (v) => `${v}1`)],
        anotherSig,
        // a comparison of the leading characters only (Perl's ==, which reads a hex string as its leading
        // digits; a prefix compare) takes this one: the other two differ from the first character on
        ['pg_sig with its last character changed', (x) => retag(x, 'pg_sig', lastCharChanged)],
        noSig,
      ];
      const unsupported: string[] = [];
      const notJudged: string[] = [];
      for (const [what, change] of tampers) {
        // judged only on a reply that was a success before it was changed: a refused request (a salt
        // the gateway does not take) gives an error reply, which the SDK reports as such
        let untouched = '';
        for (let attempt = 0; attempt < 2 && !OK_REPLY.test(untouched); attempt++) {
          let changed: Recorded | undefined;
          sdk.gateway.next({
            kind: 'transform',
            change: (reply, req) => {
              untouched = reply.text;
              changed = req;
              return { ...reply, text: change(reply.text) };
            },
          });
          const { answer, sent } = await payment(t, sdk);
          if (!OK_REPLY.test(untouched)) continue;
          const other = readOtherReply(sent, changed, answer);
          if (other !== undefined) {
            notJudged.push(`a reply with ${what}: ${other}`);
            break;
          }
          t.expect(
            'GL-SDK-04',
            !answer.ok && answer.error.kind === 'signature',
            `a reply with ${what} was reported as ${describeAnswer(answer)}`,
          );
        }
        if (!OK_REPLY.test(untouched))
          t.cannotJudge(
            'GL-SDK-04',
            `the payment whose reply was to get ${what} was refused twice, so there was no success reply to change: ${quote(untouched, 200)}`,
          );
      }
      // the replies of the other operations the SDK has (an SDK that verifies only /g2g/payment's
      // replies takes every other reply as it comes): a success of each with another message's pg_sig,
      // and one without pg_sig
      const paymentId = async (extra: PgMessage): Promise<string | undefined> => {
        const { answer, sent } = await callOp(
          sdk,
          'payment.create',
          cardFields(OPS_CARD(), extra),
          'a payment to call an operation on',
        );
        const id = answer.ok ? (answer.output.fields as PgMessage | undefined)?.pg_payment_id : undefined;
        return typeof id === 'string' && id !== '' ? id : paymentIdOf(sent);
      };
      let paid: string | undefined;
      const others: Array<[string, () => Promise<PgMessage | undefined>]> = [
        ['status.get', async () => ((paid ??= await paymentId({})) ? { pg_payment_id: paid } : undefined)],
        ['payment_page.create', async () => pageFields()],
        [
          'payment.clearing',
          async () => {
            const id = await paymentId({ pg_auto_clearing: '0' });
            return id ? { pg_payment_id: id, pg_clearing_amount: '300' } : undefined;
          },
        ],
        [
          'payment.cancel',
          async () => {
            const id = await paymentId({ pg_auto_clearing: '0' });
            return id ? { pg_payment_id: id } : undefined;
          },
        ],
        [
          'payment.refund',
          async () => {
            const id = await paymentId({});
            return id ? { pg_payment_id: id, pg_amount: '100' } : undefined;
          },
        ],
      ];
      for (const [op, input] of others) {
        for (const [what, change] of [anotherSig, noSig]) {
          const why = await tamperedReply(t, sdk, op, input, what, change);
          if (why === 'unsupported') {
            unsupported.push(op);
            break;
          }
          if (why !== undefined) notJudged.push(why);
        }
      }
      // a signed error reply changed after signing: an SDK verifying successes only takes a forged
      // refusal as the gateway's. The unsigned 9998 (no merchant known, digest §2.1) is never changed
      let untouched = '';
      let changed: Recorded | undefined;
      sdk.gateway.next({
        kind: 'transform',
        change: (reply, req) => {
          untouched = reply.text;
          changed = req;
          return { ...reply, text: anotherSig[1](reply.text) };
        },
      });
      const what = `the error reply to the status of an unknown payment, with ${anotherSig[0]}`;
      const { answer, sent } = await callOp(sdk, 'status.get', { pg_payment_id: '1' }, what);
      const other = readOtherReply(sent, changed, answer);
      if (other !== undefined) notJudged.push(`${what}: ${other}`);
      else if (sent.length === 0) {
        sdk.gateway.forget();
        if (isUnsupported(answer)) unsupported.push('status.get');
        else notJudged.push(`the SDK sent no status request for ${what} (it answered ${describeAnswer(answer)})`);
      } else {
        const error = genuineText(t, sent[sent.length - 1]!.path, untouched);
        if (error?.pg_status !== 'error')
          notJudged.push(
            `the gateway's reply to the status of an unknown payment is no signed error: ${quote(untouched, 200)}`,
          );
        else
          t.expect(
            'GL-SDK-04',
            !answer.ok && answer.error.kind === 'signature',
            `${what} (pg_error_code ${String(error.pg_error_code)}) was reported as ${describeAnswer(answer)}`,
          );
      }
      const part = [
        ...(unsupported.length > 0 ? [`the SDK does not support ${listed([...new Set(unsupported)])}`] : []),
        ...notJudged,
      ];
      if (part.length > 0) {
        const why = `${part.join('; ')}: the verification of those replies was not judged`;
        t.note(why);
        if (!t.asserted.has('GL-SDK-04')) t.cannotJudge('GL-SDK-04', why);
        else t.judgedInPart('GL-SDK-04', why);
      }
    },
  },
  {
    id: 'gl.sdk.genuine-replies',
    title:
      "the gateway's genuine replies to every operation reach the caller as what they say, never as a signature error",
    rules: ['GL-SDK-14'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const unsupported: string[] = [];
      const notJudged: string[] = [];
      let judged = 0;
      /** One operation's call, judged on the gateway's reply when it is genuine; the payment id it names. */
      const call = async (op: string, what: string, fields: PgMessage | undefined): Promise<string | undefined> => {
        if (!fields) {
          notJudged.push(`${what}: no payment was made to call it on`);
          return undefined;
        }
        const { answer, sent } = await callOp(sdk, op, fields, what);
        if (sent.length === 0) {
          sdk.gateway.forget();
          if (!isUnsupported(answer))
            notJudged.push(`${what}: the SDK sent no request (it answered ${describeAnswer(answer)})`);
          else if (!unsupported.includes(op)) unsupported.push(op);
          return undefined;
        }
        const r = sent[sent.length - 1]!;
        const script = scriptName(r.path.split('?')[0]!);
        const reply = genuineReply(t, r);
        if (!reply) {
          // a path the gateway does not serve (GL-SDK-20's, -21's) got its 404, no reply to sign: said so
          const off = offEndpoint(op, r.path.split('?')[0]!);
          const replied = `${r.status === undefined ? '' : ` HTTP ${r.status}`}: ${quote(r.replyText ?? '', 150)}`;
          notJudged.push(
            off?.why !== undefined
              ? `${what}: sent to ${r.path.split('?')[0]}, not a path of the gateway (${off.rule}), which answered${replied}`
              : `${what}: the gateway's reply is not signed for script "${script}": ${quote(r.replyText ?? '', 150)}`,
          );
          return undefined;
        }
        judged++;
        if (reply.pg_status === 'ok')
          t.expect(
            'GL-SDK-14',
            answer.ok,
            `${what}: the gateway's success (pg_status ok, its pg_sig verifies for script "${script}") reached the caller as ${describeAnswer(answer)}`,
          );
        else
          t.expect(
            'GL-SDK-14',
            answer.ok || answer.error.kind !== 'signature',
            `${what}: the gateway's error reply (pg_error_code ${String(reply.pg_error_code ?? '(none)')}, its pg_sig verifies for script "${script}") was reported as a signature error: ${describeAnswer(answer)}`,
          );
        const id = reply.pg_payment_id;
        return typeof id === 'string' && id !== '' ? id : undefined;
      };
      const paid = await call('payment.create', 'a payment', cardFields(OPS_CARD()));
      await call('payment_page.create', 'a payment page', pageFields());
      await call('status.get', 'the status of that payment', paid ? { pg_payment_id: paid } : undefined);
      await call(
        'payment.refund',
        'a refund of part of that payment',
        paid ? { pg_payment_id: paid, pg_amount: '100' } : undefined,
      );
      const twoStep = await call(
        'payment.create',
        'a two-step payment',
        cardFields(OPS_CARD(), { pg_auto_clearing: '0' }),
      );
      await call(
        'payment.clearing',
        'the clearing of part of that two-step payment',
        twoStep ? { pg_payment_id: twoStep, pg_clearing_amount: '300' } : undefined,
      );
      const toCancel = await call(
        'payment.create',
        'another two-step payment',
        cardFields(OPS_CARD(), { pg_auto_clearing: '0' }),
      );
      await call(
        'payment.cancel',
        'the cancel of that other two-step payment',
        toCancel ? { pg_payment_id: toCancel } : undefined,
      );
      // genuine error replies, which an SDK verifying with another script name refuses just as well
      await call('status.get', 'the status of an unknown payment (an error reply)', { pg_payment_id: '1' });
      await call(
        'payment.create',
        'a payment with a card the gateway declines (an error reply)',
        cardFields(DECLINED_CARD()),
      );
      // genuine replies whose values carry "&", "<" and quotes, written as entities and as CDATA: a reader
      // that does not decode them (a regex) verifies other values than were signed
      for (const cdata of [false, true]) {
        const how = cdata ? 'as CDATA' : 'as entities';
        sdk.gateway.next({ kind: 'transform', change: (reply, req) => withMarkup(t, reply, req, cdata) });
        await call(
          'payment_page.create',
          `a payment page whose pg_redirect_url has a query (written ${how})`,
          pageFields(),
        );
        sdk.gateway.next({ kind: 'transform', change: (reply, req) => withMarkup(t, reply, req, cdata) });
        const unknown = { pg_payment_id: '1' };
        await call(
          'status.get',
          `the status of an unknown payment, its error description with markup (${how})`,
          unknown,
        );
      }
      if (judged === 0 && notJudged.length === 0) t.skip(`the SDK does not support ${listed(unsupported)}`);
      const why = [
        ...(unsupported.length > 0 ? [`the SDK does not support ${listed(unsupported)}`] : []),
        ...notJudged,
      ].join('; ');
      if (judged === 0) return t.cannotJudge('GL-SDK-14', `no genuine reply reached the SDK: ${why}`);
      if (why) {
        t.note(why);
        t.judgedInPart('GL-SDK-14', why);
      }
    },
  },
  {
    id: 'gl.sdk.error-replies',
    title:
      'a documented error reply to any operation reaches the caller as an error with its pg_error_code; a reply that is no XML, or none, as an error',
    rules: ['GL-SDK-05', 'GL-SDK-17', 'GL-SDK-18'],
    // GL-SDK-18 on the resends of a payment whose reply was lost (gl.sdk.requests judges it on every other
    // request): judged when the SDK resent one, else this check has no result for it
    arrivalRules: ['GL-SDK-18'],
    async run(t) {
      const sdk = await t.sdk();
      /** GL-SDK-18 on the resends of a payment (probe 26: a resend as another pg_order_id is a second
       *  payment, and was passed with a note); a body whose fields cannot be read is GL-SDK-12's */
      const judgeResends = (given: PgMessage, sent: Recorded[], what: string) => {
        for (const changed of resendsChanged(given, sent))
          t.expectOnArrival(
            'GL-SDK-18',
            changed.length === 0,
            `after ${what} the SDK resent the payment with other fields than the caller's (a payment of its own, beside the first the gateway read): ${changed.slice(0, 4).join('; ')}`,
          );
      };
      const unsupported: string[] = [];
      const notJudged: string[] = [];
      /** calls answered ok with no request sent: GL-SDK-17 judged on the others */
      const unsentOk: string[] = [];
      /** GL-SDK-05 on one operation's reply; `fields` undefined: no payment to call it on. */
      const errorCase = async (what: string, op: string, fields: PgMessage | undefined) => {
        if (!fields) return void notJudged.push(`${what}: no payment was made to call it on`);
        const { answer, sent } = await callOp(sdk, op, fields, what);
        if (sent.length === 0) {
          if (isUnsupported(answer)) unsupported.push(op);
          else {
            // a success the gateway never sent (a cache, a proxy answering for it): GL-SDK-17 is about a
            // reply that is no XML, or none, to a request sent, not about a call never sent; no rule here
            // forbids the answer, so the rules are judged on the other calls, said so (as v5)
            const why = `the SDK sent no request for ${what} (it answered ${describeAnswer(answer)})`;
            notJudged.push(why);
            if (answer.ok) unsentOk.push(why);
          }
          return;
        }
        const r = sent[sent.length - 1]!;
        let code: string | undefined;
        try {
          const m = parseXml(r.replyText ?? '').message;
          if (m.pg_status === 'error' && typeof m.pg_error_code === 'string') code = m.pg_error_code;
        } catch {
          /* judged below */
        }
        if (!code)
          return void notJudged.push(
            `the gateway did not answer ${what} with an error reply: ${quote(r.replyText ?? '', 200)}${unreadBodyHint(op, sent)}`,
          );
        // an SDK that refused the reply's signature did not take it as the gateway's: whether it hands a
        // genuine error's code to its caller is not shown by it (a genuine reply refused is GL-SDK-14's)
        if (!answer.ok && answer.error.kind === 'signature')
          return void notJudged.push(
            `the SDK reported the gateway's error reply to ${what} (pg_error_code ${code}) as a signature error${genuineReply(t, r) ? ' although its pg_sig verifies (GL-SDK-14)' : ''}: ${answer.error.message ?? ''}`,
          );
        t.expect(
          'GL-SDK-05',
          !answer.ok && answer.error.kind === 'rejected' && answer.error.code === code,
          `the gateway answered ${what} with pg_error_code ${code}; the SDK reported ${describeAnswer(answer)}`,
        );
      };
      await errorCase('the status of an unknown payment', 'status.get', { pg_payment_id: '1' });
      await errorCase('a payment with a card the gateway declines', 'payment.create', cardFields(DECLINED_CARD()));
      // the operations on a payment, each refused with a signed error (seed 001: "В случае ошибок, будут
      // дополнительные параметры ответа" for every method): a one-step payment is neither cleared nor
      // cancelled (pg_error_code 490), nor refunded above the amount it took (GL-OPS-05)
      const made = await callOp(
        sdk,
        'payment.create',
        cardFields(GOOD_CARD()),
        'a one-step payment to call the operations on',
      );
      const madeId = made.answer.ok ? (made.answer.output.fields as PgMessage | undefined)?.pg_payment_id : undefined;
      const id = typeof madeId === 'string' && madeId !== '' ? madeId : paymentIdOf(made.sent);
      const on = (f: PgMessage) => (id ? { pg_payment_id: id, ...f } : undefined);
      await errorCase('the clearing of a one-step payment', 'payment.clearing', on({ pg_clearing_amount: '300' }));
      await errorCase('the cancel of a one-step payment', 'payment.cancel', on({}));
      await errorCase('a refund above the amount paid', 'payment.refund', on({ pg_amount: '99999999' }));
      // replies no gateway of this API gives (seed 001: "Ответ на запросы представляются в формате XML"):
      // a proxy's 5xx page, a 5xx with no body and an HTML page with 200, each in place of the reply to one
      // payment the gateway did make, and to its resends (failEveryResend: a failure that lasts, probe 25). An
      // SDK that got the gateway's own reply at last is not judged on that case (GL-SDK-17 passed partly)
      let pages = 0;
      const pagesNotJudged: string[] = [];
      const resentPast: string[] = [];
      for (const [status, type, text] of NOT_XML_REPLIES) {
        failEveryResend(sdk.gateway, () => ({ status, headers: { 'content-type': type }, text }));
        const shown = `HTTP ${status} ${text ? quote(text, 80) : '(no body)'}`;
        const given = cardFields(GOOD_CARD());
        const { answer, sent } = await callOp(sdk, 'payment.create', given, `its reply: ${shown}`);
        sdk.gateway.forget();
        judgeResends(given, sent, shown);
        if (sent.length === 0) {
          if (!isUnsupported(answer))
            pagesNotJudged.push(`the SDK sent no payment to get ${shown} (it answered ${describeAnswer(answer)})`);
          continue;
        }
        const last = sent[sent.length - 1]!;
        if (last.status !== status || last.replyText !== text) {
          resentPast.push(
            `after ${shown} to ${sent.length - 1} resends the SDK got HTTP ${last.status}: it reported ${describeAnswer(answer)}`,
          );
          continue;
        }
        pages++;
        t.expect(
          'GL-SDK-17',
          !answer.ok,
          `the reply ${shown} (no XML of the gateway) reached the caller as ${describeAnswer(answer)}`,
        );
      }
      // no reply at all: the connection dropped once the gateway had read (and processed) the payment
      sdk.gateway.next({ kind: 'drop-after' });
      const dropped = 'no reply (the connection dropped after the gateway read the payment)';
      const lostGiven = cardFields(GOOD_CARD());
      const lost = await callOp(sdk, 'payment.create', lostGiven, `its reply: ${dropped}`);
      judgeResends(lostGiven, lost.sent, dropped);
      const last = lost.sent[lost.sent.length - 1];
      if (!last) {
        sdk.gateway.forget();
        if (!isUnsupported(lost.answer))
          pagesNotJudged.push(`the SDK sent no payment to get ${dropped} (it answered ${describeAnswer(lost.answer)})`);
      } else if (last.status !== undefined && !sameRoute(last, lost.sent[0]!)) {
        // not the payment again: a status request for it (pg_order_id), as a sound SDK may ask after a lost reply
        t.note(
          `after ${dropped} the SDK sent ${last.method} ${last.path.split('?')[0]} and got HTTP ${last.status}: it reported ${describeAnswer(lost.answer)}`,
        );
      } else if (last.status !== undefined) {
        const first = requestFields(lost.sent[0]!).pg_order_id;
        const again = requestFields(last).pg_order_id;
        const order =
          typeof first === 'string' && typeof again === 'string'
            ? first === again
              ? ` with the same pg_order_id ${first}`
              : ` as pg_order_id ${again} (the first was ${first}: the gateway now holds two payments)`
            : '';
        t.note(
          `after ${dropped} the SDK resent the payment${order} and got HTTP ${last.status}: it reported ${describeAnswer(lost.answer)}`,
        );
      } else {
        pages++;
        t.expect(
          'GL-SDK-17',
          !lost.answer.ok,
          `a payment with ${dropped} reached the caller as ${describeAnswer(lost.answer)}`,
        );
      }
      if (pages === 0) pagesNotJudged.push(...resentPast);
      const ops = [...new Set(unsupported)];
      // nothing of its own judged (the answers' secret rule, GL-SDK-25, is judged on every check's answers)
      const judgedAny = ['GL-SDK-05', 'GL-SDK-17'].some((r) => t.asserted.has(r));
      if (!judgedAny && notJudged.length + pagesNotJudged.length === 0 && ops.length > 0)
        t.skip(`the SDK does not support ${listed(ops)}`);
      if (pages === 0)
        t.cannotJudge(
          'GL-SDK-17',
          `no payment got a reply that is no XML, or none: ${pagesNotJudged.join('; ') || "the SDK resent each one and got the gateway's reply"}`,
        );
      else if (unsentOk.length > 0) t.judgedInPart('GL-SDK-17', unsentOk.join('; '));
      if (pages > 0 && resentPast.length > 0) t.judgedInPart('GL-SDK-17', resentPast.join('; '));
      const why = ops
        .map((op) => `the SDK does not support ${op}`)
        .concat(notJudged)
        .join('; ');
      if (!t.asserted.has('GL-SDK-05')) return t.cannotJudge('GL-SDK-05', why);
      if (why) {
        t.note(why);
        t.judgedInPart('GL-SDK-05', why);
      }
    },
  },
  {
    id: 'gl.sdk.reply-entities',
    title:
      'a reply whose DOCTYPE declares an external entity is refused or read unexpanded: nothing it names is fetched',
    rules: ['GL-SDK-24'],
    async run(t) {
      const sdk = await t.sdk();
      const trap = await loopbackTrap(t.evidence, ENTITY_TEXT);
      try {
        // one reply is enough: the first request the SDK sends of these operations. What it reports for that
        // reply (an error, the value unexpanded) is no rule's: no other rule is judged here
        const ops: Array<[string, () => PgMessage]> = [
          ['payment.create', () => cardFields(GOOD_CARD())],
          ['payment_page.create', () => pageFields()],
          ['status.get', () => ({ pg_payment_id: '1' })],
        ];
        const unsupported: string[] = [];
        const unsent: string[] = [];
        for (const [op, input] of ops) {
          sdk.gateway.next({ kind: 'transform', change: (reply, req) => withExternalEntity(t, reply, req, trap) });
          const { answer, sent } = await callOp(sdk, op, input(), `${op}: its reply gets a DOCTYPE`);
          if (sent.length === 0) {
            sdk.gateway.forget();
            if (isUnsupported(answer)) unsupported.push(op);
            else unsent.push(`the SDK sent no ${op} request (it answered ${describeAnswer(answer)})`);
            continue;
          }
          t.expect(
            'GL-SDK-24',
            trap.fetched.length === 0,
            `the SDK fetched ${listed(trap.fetched)} from paycert's loopback listener, named by the DOCTYPE of the gateway's reply to ${op} (an external DTD and an external entity referenced in pg_payment_id); it reported ${describeAnswer(answer)}`,
          );
          return;
        }
        if (unsent.length === 0) t.skip(`the SDK does not support ${listed(unsupported)}`);
        t.cannotJudge('GL-SDK-24', `no reply could carry a DOCTYPE: ${unsent.join('; ')}`);
      } finally {
        await trap.close();
      }
    },
  },
  {
    id: 'gl.sdk.callback-forged',
    title: 'a forged or tampered result_url call is refused and not reported as paid',
    rules: ['GL-SDK-06', 'GL-SDK-15', 'GL-SDK-28'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const genuine = await handle(t, sdk, signedCallback(t), true, 'a genuine call', true);
      // GL-SDK-06 needs the genuine call taken, to tell a refusal apart; GL-SDK-28 is judged on every
      // forged call's answer whatever it decides (a valid pg_sig in it signs for the sender all the same)
      const control = taken(genuine);
      if (!control)
        t.cannotJudge(
          'GL-SDK-06',
          `a genuine call was neither answered ok nor handed to the application (see GL-SDK-11), so refusals cannot be told apart: ${shownAnswer(genuine)}`,
        );
      const forged: Array<[string, PgMessage]> = [];
      const changed = signedCallback(t);
      changed.pg_amount = '5';
      forged.push(['pg_amount changed after signing', changed]);
      const unsigned = signedCallback(t);
      delete unsigned.pg_sig;
      forged.push(['no pg_sig', unsigned]);
      const other = callbackFields('424242');
      other.pg_sig = sign(scriptName(RESULT_URL), other, `${t.credentials.secretKey}-not`);
      forged.push(['signed with another key', other]);
      // a comparison of the leading characters only (Perl's ==, a prefix compare) takes no other forgery
      const lastChanged = signedCallback(t);
      lastChanged.pg_sig = lastCharChanged(lastChanged.pg_sig as string);
      forged.push(['pg_sig with its last character changed', lastChanged]);
      // signed for another script name than the called URL's last path segment ("notify", digest §2.3): an
      // endpoint's, the usual names of a result or check handler, and the empty one (a URL ending in /)
      for (const script of ['payment', 'result', 'check', 'result_url', 'check_url', '']) {
        const f = callbackFields(String(434343 + forged.length));
        f.pg_sig = sign(script, f, t.credentials.secretKey);
        forged.push([`a pg_sig made for the script name "${script}"`, f]);
      }
      const calls: Array<[string, PgMessage, CallMethod]> = forged.map(([what, f]) => [what, f, 'multipart']);
      // a changed call in each other form the gateway may send it in (an SDK verifying only the seed's)
      for (const how of ['urlencoded', 'get', 'xml'] as const) {
        const f = signedCallback(t);
        f.pg_amount = '5';
        calls.push([`pg_amount changed after signing, sent ${CALL_METHODS[how]}`, f, how]);
      }
      let answers = 0;
      for (const [what, f, how] of calls) {
        // a forged call is not the gateway's: how it is answered (an HTTP 500, rejected) is not GL-SDK-15's
        const a = await handle(t, sdk, f, true, `a forged call: ${what}`, false, how);
        if (control)
          t.expect(
            'GL-SDK-06',
            !taken(a),
            `a call with ${what} was answered ${shownAnswer(a)}${a.accepted ? ' and handed to the application' : ''}`,
          );
        // the pg_sig its fields should have had, in what the answer reports: a signer for anyone's fields
        const { pg_sig: _sig, ...unsigned } = f;
        const should = sign(scriptName(RESULT_URL), unsigned, t.credentials.secretKey);
        // a call carrying the pg_sig it should have had: its answer's echo of it shows nothing new
        if (should === f.pg_sig) continue;
        answers++;
        const shown = signatureInAnswer(a.answer, [{ text: should }]);
        t.expect(
          'GL-SDK-28',
          shown === undefined,
          `a call with ${what} was ${taken(a) ? 'taken' : 'refused'} with an answer carrying the pg_sig it should have had (${shown}): anyone gets a valid pg_sig for fields of their choosing`,
        );
      }
      if (answers === 0) t.cannotJudge('GL-SDK-28', 'no forged call was answered, so no answer could be inspected');
    },
  },
  {
    id: 'gl.sdk.callback-genuine',
    title: "a genuine result_url call, with the merchant's own fields and values a form decoder can spoil, is taken",
    rules: ['GL-SDK-11', 'GL-SDK-15', 'GL-SDK-23'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      // values a form decoder can spoil: "+", "%" and "&" (in a multipart part never URL-decoded), and the
      // merchant's own value with blanks at either end (echoed as the shop gave it), signed as sent: a
      // handler that trims the values verifies others
      const values = {
        pg_user_phone: '+77077777777',
        pg_description: 'Скидка 10% & доставка +1',
        shop_order: 'a+b=c%2B',
        shop_comment: ' a b ',
      };
      // the merchant's own field names with "." and a space (the seed's "Параметры мерчанта"), which PHP's
      // $_POST and parse_str read as "_": "shop.ref" sorts before "shop_note", "shop_ref" after it
      const names = { 'shop.ref': 'r-1', shop_note: 'n-2', 'Параметры мерчанта': 'x' };
      const cases: Array<[string, PgMessage, CallMethod]> = [
        ["the seed's sample", {}, 'multipart'],
        // the seed's sample carries the merchant's own fields ("Параметры мерчанта"): they are signed too
        ["the merchant's own fields", { shop_order: 'A-7', Shop_ref: 'r1', shop_note: '' }, 'multipart'],
        ['values with "+", "%", "&" and blanks at either end', values, 'multipart'],
        ['merchant fields named with "." and a space', names, 'multipart'],
        // the other forms pg_request_method asks for (seed 001 "методом Request Method", digest §3.4), their
        // spaces written %20, then '+' as a form encoder writes them (the gateway is PHP: http_build_query)
        ...(['urlencoded', 'get', 'urlencoded-plus', 'get-plus'] as const).map(
          (how): [string, PgMessage, CallMethod] => [
            how.endsWith('-plus')
              ? `sent ${CALL_METHODS[how]}`
              : `sent ${CALL_METHODS[how]}, with the fields ${listed(Object.keys({ ...values, ...names }).map((k) => (decoderName(k) ? `"${k}"` : k)))}`,
            { ...values, ...names },
            how,
          ],
        ),
        // the XML form (pg_request_method XML), which seed 001 never names: the whole call in the single
        // form field pg_xml (GL-CB-15, INFERRED), GL-SDK-23's. An XML element's name holds no space
        ["the seed's sample, sent as XML in pg_xml", {}, 'xml'],
        [
          `sent ${CALL_METHODS.xml}, with the fields ${listed(Object.keys(values))}, "shop.ref" and shop_note`,
          { ...values, 'shop.ref': 'r-1', shop_note: 'n-2' },
          'xml',
        ],
      ];
      // which forms' calls were taken: a '+' form refused beside its %20 twin taken is '+' read as '+'
      const tookIn = new Map<CallMethod, boolean>();
      for (const [what, extra, how] of cases) {
        const rule = how === 'xml' ? 'GL-SDK-23' : 'GL-SDK-11';
        const a = await handle(t, sdk, signedCallback(t, extra), true, `a genuine call: ${what}`, true, how);
        const call = `a genuine call (${what}; its pg_sig verifies for script "${scriptName(RESULT_URL)}")`;
        // handed to the application, in an answer that says no pg_status paycert can read: whether it
        // answered ok is not shown (its form is GL-SDK-15's)
        if (a.given && a.status === undefined && a.accepted === true) {
          t.cannotJudge(
            rule,
            `${call} was handed to the application and answered ${shownAnswer(a)}: no pg_status can be read from the answer (GL-SDK-15)`,
          );
          continue;
        }
        tookIn.set(how, tookGenuine(a));
        const twin = how.endsWith('-plus') && tookIn.get(how.slice(0, -'-plus'.length) as CallMethod);
        // refused: why, if it is a '+' read as '+' or field names the SDK read otherwise (diagnostic calls, not
        // judged), said before the answer, which a reason's length may cut
        const renamed =
          tookGenuine(a) || rule !== 'GL-SDK-11'
            ? ''
            : twin
              ? "the SDK reads '+' as '+', not as a space (it took the same call written %20)"
              : await namesReadOtherwise(t, sdk, extra, how);
        t.expect(
          rule,
          tookGenuine(a),
          `${call} was ${renamed ? `refused: ${renamed}; it was ` : ''}answered ${shownAnswer(a)}${a.accepted === false ? ', not handed to the application' : ''}`,
        );
      }
    },
  },
  {
    id: 'gl.sdk.callback-repeat',
    title: 'a repeated result_url call for the same payment gets the same decision as the first',
    rules: ['GL-SDK-19', 'GL-SDK-15'],
    async run(t) {
      const sdk = await t.sdk();
      // seed 001: "Result URL будет вызван повторно для одного и того же платежа. Ответы на повторные
      // вызовы должны совпадать с первоначальным ответом": the same call again, the shop's decision unchanged
      const cases: Array<[string, PgMessage, boolean]> = [
        ['an accepted payment', signedCallback(t), true],
        ['a payment the shop cannot deliver, pg_can_reject=1', signedCallback(t, { pg_can_reject: '1' }), false],
      ];
      const description = (a: Answer) =>
        typeof a.message?.pg_description === 'string' ? a.message.pg_description : undefined;
      for (const [what, f, accept] of cases) {
        const first = await handle(t, sdk, f, accept, `${what} (a genuine call)`, true);
        if (first.status === undefined) {
          t.cannotJudge(
            'GL-SDK-19',
            `${what} was answered ${shownAnswer(first)}: no pg_status can be read from the first answer (GL-SDK-15)`,
          );
          continue;
        }
        const again = await handle(t, sdk, f, accept, `${what}, the same call again`, true);
        if (!again.given) {
          t.cannotJudge('GL-SDK-19', `the SDK gave no answer to ${what} called again: ${again.raw}`);
          continue;
        }
        // what differs first, the answers after it: a certificate's reason is cut (400 characters)
        const show = (v: string | undefined) => (v === undefined ? '(none)' : JSON.stringify(quote(v, 60)));
        const differs = (
          [
            ['pg_status', first.spelled, again.spelled],
            ['pg_description', description(first), description(again)],
          ] as const
        )
          .filter(([, a, b]) => a !== b)
          .map(([k, a, b]) => `${k} ${show(b)} where the first answer had ${show(a)}`);
        t.expect(
          'GL-SDK-19',
          again.status === first.status && description(again) === description(first),
          `${what} called again was answered with ${differs.join(' and ')}: first ${shownAnswer(first)}; again ${shownAnswer(again)}`,
        );
      }
    },
  },
  {
    id: 'gl.sdk.callback-paid',
    title: 'a genuine result_url call is reported paid only when its pg_result is 1',
    rules: ['GL-SDK-13', 'GL-SDK-15'],
    async run(t) {
      const sdk = await t.sdk();
      // the paid flag is optional in the adapter protocol: judged on the answers that carry one
      let judged = false;
      const refused: string[] = [];
      for (const [result, want] of [
        ['1', true],
        ['0', false],
      ] as const) {
        const what = `a genuine call with pg_result=${result} (${want ? 'a successful' : 'a failed'} payment, the seed's ${want ? 'positive' : 'negative'} sample)`;
        const a = await handle(t, sdk, signedCallback(t, { pg_result: result }), true, what, true);
        const paid = a.paid;
        if (!a.given) refused.push(`${what}: ${a.raw}`);
        if (paid === undefined) continue;
        // a genuine call the SDK did not take at all is GL-SDK-11's: not paid for that reason alone
        if (want && !tookGenuine(a)) continue;
        judged = true;
        t.expect('GL-SDK-13', paid === want, `${what} was reported ${paid ? 'paid' : 'not paid'}`);
      }
      // no answer at all (every call refused with an error: probe 24's misconfigured adapter) is no answer
      // without the optional flag: undecided, not "not applicable"
      if (!judged && refused.length === 2)
        t.cannotJudge('GL-SDK-13', `the SDK answered no genuine result_url call: ${refused.join('; ')}`);
      else if (!judged)
        t.notJudged('GL-SDK-13', 'the SDK reports no paid flag for a result_url call (optional, docs/sdk-adapter.md)');
    },
  },
  {
    id: 'gl.sdk.callback-answer',
    title: "the SDK's answer to a result_url call is signed for the merchant's URL",
    rules: ['GL-SDK-07', 'GL-SDK-15'],
    async run(t) {
      const sdk = await t.sdk();
      const script = scriptName(RESULT_URL);
      const cases: Array<[string, PgMessage, boolean]> = [
        ['a genuine call for a payment the shop can deliver', signedCallback(t), true],
        ['a payment the shop cannot deliver, pg_can_reject=1', signedCallback(t, { pg_can_reject: '1' }), false],
        ['a payment the shop cannot deliver, pg_can_reject=0', signedCallback(t, { pg_can_reject: '0' }), false],
      ];
      for (const [what, f, accept] of cases) {
        const a = await handle(t, sdk, f, accept, what, true);
        if (!a.given) {
          t.cannotJudge('GL-SDK-07', `the SDK gave no answer to ${what}: ${a.raw}`);
          continue;
        }
        // an answer without pg_sig (a JSON {"pg_status": "ok"}, a text "OK") carries none that verifies
        const m = a.message ?? {};
        const sig = typeof m.pg_sig === 'string' ? m.pg_sig : undefined;
        const ok = sig !== undefined && verify(script, m, t.credentials.secretKey, sig);
        // the right MD5 for the right script, only in capitals: say so, not "another script"
        const upper = !ok && sig !== undefined && verify(script, m, t.credentials.secretKey, sig.toLowerCase());
        const form =
          a.form?.kind === 'json'
            ? " (a JSON answer, not the seed's XML: GL-SDK-15)"
            : a.form
              ? ''
              : ' (neither XML nor JSON: GL-SDK-15)';
        // what the answer said, first (probe 26: "the answer to an accepted payment" quoted a pg_status error)
        const status = typeof m.pg_status === 'string' ? `pg_status ${m.pg_status}` : 'no pg_status';
        const said = `the SDK's answer (${status}) to ${what}`;
        t.expect(
          'GL-SDK-07',
          ok,
          sig === undefined
            ? `${said} has no pg_sig, so it is not signed for script "${script}"${form}: ${a.raw}`
            : upper
              ? `${said} is signed for script "${script}" but its pg_sig ${sig} is uppercase (pg_sig is 32 lowercase hex characters, compared exactly): ${quote(buildXml(m), 300)}`
              : `${said} is not signed for script "${script}": ${quote(buildXml(m), 300)}`,
        );
      }
    },
  },
  {
    id: 'gl.sdk.callback-reject',
    title: 'the SDK answers rejected a payment the shop cannot deliver while pg_can_reject=1, and only then',
    rules: ['GL-SDK-08', 'GL-SDK-10', 'GL-SDK-15'],
    async run(t) {
      const sdk = await t.sdk();
      // an SDK that does not take a genuine call answers every call alike (GL-SDK-11 judges that):
      // whether it would reject, with or without pg_can_reject=1, is then unknown. Taken: answered ok,
      // or reported handed to the application (an answer in another form than the seed's is GL-SDK-15's)
      const genuine = await handle(t, sdk, signedCallback(t), true, 'a genuine call', true);
      if (!taken(genuine)) {
        const why = `a genuine call was not taken (see GL-SDK-11), so a refusal cannot be judged: ${shownAnswer(genuine)}`;
        t.cannotJudge('GL-SDK-08', why);
        return t.cannotJudge('GL-SDK-10', why);
      }
      // the decision is read from the answer whatever its form (an HTTP 500, JSON: GL-SDK-15's)
      const unread = (what: string, a: Answer) =>
        `${what} was answered ${shownAnswer(a)}: no pg_status can be read from the answer (GL-SDK-15)`;
      const may = 'a payment the shop cannot deliver, pg_can_reject=1';
      const b = await handle(t, sdk, signedCallback(t, { pg_can_reject: '1' }), false, may, true);
      if (!b.given) t.cannotJudge('GL-SDK-10', `the SDK gave no answer to ${may}: ${b.raw}`);
      // an answer with no pg_status conveys no refusal: the gateway calls again, and "в последующих вызовах
      // Result URL не позволяет магазину отказаться от платежа" (seed 001)
      else if (b.status === undefined)
        t.expect(
          'GL-SDK-10',
          false,
          `${may} (a genuine call) was answered ${shownAnswer(b)}: no pg_status rejected the gateway can read, so the refusal is not conveyed (the gateway calls again, and a later call cannot be rejected)`,
        );
      else
        t.expect(
          'GL-SDK-10',
          b.status === 'rejected',
          `${may} (a genuine call: its pg_sig verifies for script "${scriptName(RESULT_URL)}") was answered ${shownAnswer(b)}`,
        );
      // pg_can_reject=0: never rejected, whether the shop cannot deliver or the payment failed (pg_result=0,
      // the seed's negative sample but for pg_can_reject)
      const mayNot: Array<[string, PgMessage, boolean]> = [
        ['a payment the shop cannot deliver, pg_can_reject=0', { pg_can_reject: '0' }, false],
        ['a failed payment (pg_result=0), pg_can_reject=0', { pg_can_reject: '0', pg_result: '0' }, true],
        [
          'a failed payment (pg_result=0) the shop cannot deliver, pg_can_reject=0',
          { pg_can_reject: '0', pg_result: '0' },
          false,
        ],
      ];
      for (const [what, extra, accept] of mayNot) {
        const a = await handle(t, sdk, signedCallback(t, extra), accept, what, true);
        if (a.status === undefined) t.cannotJudge('GL-SDK-08', unread(what, a));
        else t.expect('GL-SDK-08', a.status !== 'rejected', `${what} (a genuine call) was answered ${shownAnswer(a)}`);
      }
    },
  },
  {
    id: 'gl.sdk.secret-in-answers',
    title: 'nothing the SDK reports to its caller, its errors included, shows the secret key or the card it was given',
    rules: [ANSWER_RULES.greenleaves.rule, ANSWER_RULES.greenleaves.card],
    async run(t) {
      const sdk = await t.sdk();
      // the SDK's error paths; each answer is judged as it arrives (sdkChecks), what it says is other rules'
      // each to the payment and its resends (failEveryResend): an SDK that resends still ends in its error path
      // reached only when the last reply the SDK got for the payment was the one changed; else that path is
      // left unjudged (never passed on absence)
      const unreached: string[] = [];
      const misreply = async (what: string, change: (reply: Upstream) => Upstream) => {
        failEveryResend(sdk.gateway, change);
        const { answer, sent } = await callOp(sdk, 'payment.create', cardFields(GOOD_CARD()), `its reply: ${what}`);
        sdk.gateway.forget();
        if (endedOnFailure(sent) === false)
          unreached.push(
            `${what} (after ${sent.length} requests, the last answered HTTP ${sent[sent.length - 1]!.status}, the SDK reported ${describeAnswer(answer)})`,
          );
      };
      await callOp(sdk, 'status.get', { pg_payment_id: '1' }, 'the status of an unknown payment (an error reply)');
      const [status, type, text] = NOT_XML_REPLIES[0];
      await misreply(`HTTP ${status}, no XML`, () => ({ status, headers: { 'content-type': type }, text }));
      await misreply('pg_sig changed', (reply) => ({ ...reply, text: retag(reply.text, 'pg_sig', lastCharChanged) }));
      const forged = { ...signedCallback(t), pg_sig: '0'.repeat(32) };
      const call = { request: callbackRequest(forged), accept: true };
      await sdk.call('callback.handle', call, { unsupported: 'answer', note: 'a forged result_url call' });
      await callOp(sdk, 'payment.create', {}, 'a payment without its fields (refused, or sent and refused)');
      if (unreached.length > 0)
        t.partNotJudged(
          ANSWER_RULES.greenleaves.rule,
          `the SDK's error for a changed reply was never reached: ${unreached.join('; ')}`,
        );
    },
  },
]);

/** Why the SDK's answer to a call one of whose replies paycert changed (GL-SDK-04) is not shown to be
 *  its reading of that reply: it sent a request to that path again afterwards (a proxy or HTTP client
 *  retrying a POST; byte for byte, GL-SDK-02's) and may have reported the genuine reply to that one.
 *  Undefined: the changed reply was the last to that path, or the answer carries a pg_payment_id that
 *  reply alone had. */
function readOtherReply(sent: Recorded[], changed: Recorded | undefined, answer: AdapterAnswer): string | undefined {
  const at = changed ? sent.indexOf(changed) : -1;
  if (at < 0) return undefined;
  const later = sent.slice(at + 1).filter((r) => r.path === changed!.path);
  if (later.length === 0) return undefined;
  const own = paymentIdOf([changed!]);
  const reported = answer.ok ? (answer.output.fields as PgMessage | undefined)?.pg_payment_id : undefined;
  if (own !== undefined && reported === own && later.every((r) => paymentIdOf([r]) !== own)) return undefined;
  const same = later.every((r) => r.body.equals(changed!.body)) ? ', byte for byte (GL-SDK-02)' : '';
  return `the SDK sent the same request again after the reply paycert changed (${later.length + 1} requests to ${changed!.path.split('?')[0]}${same}) and reported ${describeAnswer(answer)}, which is not shown to come from the changed reply`;
}

/** GL-SDK-04 on one operation's reply: a success of `op` changed by `change` is reported as a signature
 *  error. Undefined when judged; 'unsupported' when the SDK does not have `op`; else why it was not judged. */
async function tamperedReply(
  t: Ctx,
  sdk: SdkSession,
  op: string,
  input: () => Promise<PgMessage | undefined>,
  what: string,
  change: (xml: string) => string,
): Promise<string | undefined> {
  let untouched = '';
  // judged only on a reply that was a success before it was changed (a request the gateway refused
  // gives an error reply, which the SDK reports as such): tried twice
  for (let attempt = 0; attempt < 2; attempt++) {
    const fields = await input();
    if (!fields) return `no payment was made to call ${op} on`;
    let changed: Recorded | undefined;
    sdk.gateway.next({
      kind: 'transform',
      change: (reply, req) => {
        untouched = reply.text;
        changed = req;
        return { ...reply, text: change(reply.text) };
      },
    });
    const { answer, sent } = await callOp(sdk, op, fields, `${op}: its reply gets ${what}`);
    if (sent.length === 0) {
      sdk.gateway.forget();
      return isUnsupported(answer)
        ? 'unsupported'
        : `the SDK sent no ${op} request (it answered ${describeAnswer(answer)})`;
    }
    if (!OK_REPLY.test(untouched)) continue;
    const other = readOtherReply(sent, changed, answer);
    if (other !== undefined) return `a ${op} reply with ${what}: ${other}`;
    t.expect(
      'GL-SDK-04',
      !answer.ok && answer.error.kind === 'signature',
      `a ${op} reply with ${what} was reported as ${describeAnswer(answer)}`,
    );
    return undefined;
  }
  return `the ${op} request whose reply was to get ${what} was refused twice, so there was no success reply to change: ${quote(untouched, 200)}`;
}

/** A genuine reply (its pg_sig verifies for the endpoint's script) given values with "&", "<" and quotes,
 *  signed again with the merchant's key (as the gateway signs them): a pg_redirect_url with a query, a
 *  pg_error_description with markup; written as entities (buildXml) or, `cdata`, as CDATA. Any other
 *  reply is passed on as it is. */
function withMarkup(t: Ctx, reply: Upstream, req: Recorded, cdata: boolean): Upstream {
  const m = genuineText(t, req.path, reply.text);
  if (!m) return reply;
  const field = typeof m.pg_redirect_url === 'string' ? 'pg_redirect_url' : 'pg_error_description';
  const v = typeof m[field] === 'string' ? (m[field] as string) : '';
  m[field] =
    field === 'pg_redirect_url'
      ? `${v}${v.includes('?') ? '&' : '?'}lang=ru&back="shop"&x=<1>`
      : `${v} (A & B: "<pg_payment_id>" isn't known)`;
  delete m.pg_sig;
  m.pg_sig = sign(scriptName(req.path.split('?')[0]!), m, t.credentials.secretKey);
  let text = buildXml(m);
  if (cdata)
    text = text.replace(
      /(<(\w+)>)([^<]*[&][^<]*)(<\/\2>)/g,
      (_, open: string, _n, escaped: string, close: string) => `${open}<![CDATA[${decodeEntities(escaped)}]]>${close}`,
    );
  return { ...reply, text };
}

/** What the external entity of withExternalEntity stands for (the loopback listener's answer). */
const ENTITY_TEXT = '424242';

/** The gateway's reply (a success <response> when it gave no XML: a path it does not serve) signed again
 *  with pg_payment_id ENTITY_TEXT, written as a reference to an external entity that a DOCTYPE declares,
 *  with an external DTD, both on the check's loopback listener (GL-SDK-24). Never an entity that expands
 *  to more entities (no expansion bomb). */
function withExternalEntity(t: Ctx, reply: Upstream, req: Recorded, at: { dtd: string; entity: string }): Upstream {
  let parsed: { root: string; message: PgMessage };
  try {
    parsed = parseXml(reply.text);
  } catch {
    parsed = { root: 'response', message: { pg_status: 'ok', pg_salt: 'paycertEntityReply' } };
  }
  const { root, message: m } = parsed;
  m.pg_payment_id = ENTITY_TEXT;
  delete m.pg_sig;
  m.pg_sig = sign(scriptName(req.path.split('?')[0]!), m, t.credentials.secretKey);
  const doctype = `<!DOCTYPE ${root} SYSTEM "${at.dtd}" [<!ENTITY paycert SYSTEM "${at.entity}">]>`;
  const text = buildXml(m, root)
    .replace('?>\n', `?>\n${doctype}\n`)
    .replace(`<pg_payment_id>${ENTITY_TEXT}</pg_payment_id>`, '<pg_payment_id>&paycert;</pg_payment_id>');
  return { status: 200, headers: { ...reply.headers, 'content-type': 'application/xml; charset=utf-8' }, text };
}

/** The five XML entities decoded (buildXml's escaping undone, for a CDATA section). */
const decodeEntities = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);

/** A pg_sig with only its last hex digit changed: taken by a comparison of its leading characters only
 *  (Perl's ==, which reads a hex string as its leading digits; a prefix compare). */
function lastCharChanged(sig: string): string {
  return `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
}
