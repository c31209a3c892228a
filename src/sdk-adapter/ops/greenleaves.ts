import {
  buildXml,
  fromForm,
  fromPairs,
  salt,
  scriptName,
  sign,
  toForm,
  verify,
  verifyAnyOrder,
  type PgMessage,
  type PgValue,
} from '../../protocols/greenleaves/index.ts';
import { encodeForm, parseFormBody } from '../../protocols/common/form.ts';
import { GreenleavesClient, readReply, type GreenleavesReply } from '../../sdk/greenleaves.ts';
import { escapeMarkup } from '../../protocols/common/xml-text.ts';
import { cp1251, lowBytes } from '../../protocols/common/charset.ts';
import type { GreenleavesSdkPolicy } from '../policy.ts';
import { fail, obj, str, type Op as AnyOp, type OpContext as AnyContext } from './types.ts';

type Op = AnyOp<GreenleavesSdkPolicy>;
type OpContext = AnyContext<GreenleavesSdkPolicy>;

/** g2g endpoints the reference adapter calls, by operation (specs/greenleaves/sdk.json). */
const PATHS: Record<string, string> = {
  'payment.create': '/g2g/payment',
  'payment_page.create': '/g2g/payment_page',
  'status.get': '/g2g/status_v2',
  'payment.clearing': '/g2g/clearing',
  'payment.cancel': '/g2g/cancel',
  'payment.refund': '/g2g/refund',
};

async function call(ctx: OpContext, path: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const fields = { ...(obj(input.fields, 'input.fields') as PgMessage) };
  const { merchantId, secretKey } = ctx.credentials;
  const p = ctx.policy;
  const desc = fields.pg_description;
  if (p.request.maxDescription !== null && typeof desc === 'string' && [...desc].length > p.request.maxDescription)
    return fail('validation', `pg_description is longer than ${p.request.maxDescription} characters`); // GL-SDK-16
  if (p.request.refusesBlankDescription && typeof desc === 'string' && desc.trim() === '')
    return fail('validation', 'pg_description is blank');
  if (p.request.htmlEscapesValues)
    for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') fields[k] = htmlEscaped(v); // GL-SDK-18
  const onPayment = ['/g2g/clearing', '/g2g/cancel', '/g2g/refund'].includes(path);
  const sentPath = path + p.request.pathSuffix; // GL-SDK-20, GL-SDK-21
  const signedPath = p.request.signsPathSent ? sentPath : path;
  const script = p.request.scriptName ?? ((onPayment && p.request.operationsScriptName) || scriptName(signedPath)); // GL-SDK-01
  if (p.request.merchantId !== null) fields.pg_merchant_id = p.request.merchantId; // GL-SDK-22
  if (p.request.amountWholeUnits && typeof fields.pg_amount === 'string')
    fields.pg_amount = fields.pg_amount.replace(/\.\d*$/, ''); // GL-SDK-18
  if (p.request.dropsOwnFields)
    for (const k of Object.keys(fields)) if (!k.startsWith('pg_') || k === 'pg_receipt_positions') delete fields[k]; // GL-SDK-18
  fields.pg_salt = p.request.freshSalt ? salt() : 'paycertConstantSalt1'; // GL-SDK-02
  if (p.request.extraField) fields.pg_sdk_version = '1.0.0'; // GL-SDK-03
  if (p.request.ownVersionField) fields.sdk_version = 'paycert-reference-1.0';
  const client = new GreenleavesClient(ctx.send, ctx.gateway, merchantId!, secretKey!);
  const callOpts = {
    script,
    skipEmpty: p.request.signsSkippingEmpty, // GL-SDK-01
    encoding: p.request.encoding, // a variant: multipart, or XML in pg_xml (GL-SDK-12 allows both)
  };
  let reply;
  try {
    // GL-SDK-09: the secret never leaves the SDK
    if (p.request.getQuery || p.request.postQuery) {
      // GL-SDK-26: a GET, its signed fields (card data, pg_sig) in the URL's query; GL-SDK-12: a POST so
      const query = encodeForm(toForm(client.signed(sentPath, fields, { script })));
      const method = p.request.getQuery ? 'GET' : 'POST';
      const res = await ctx.send({ url: `${client.url(sentPath)}?${query}`, method, headers: {} });
      reply = readReply(res, secretKey!);
    } else if (p.request.jsonBody || p.request.bareXmlBody) {
      // GL-SDK-12: the signed parameters as a JSON body, or as the bare XML of pg_xml
      const signed = client.signed(sentPath, fields, { script });
      const res = await ctx.send({
        url: client.url(sentPath),
        method: 'POST',
        headers: { 'content-type': p.request.jsonBody ? 'application/json' : 'application/xml; charset=utf-8' },
        body: p.request.jsonBody ? JSON.stringify(signed) : buildXml(signed, 'request'),
      });
      reply = readReply(res, secretKey!);
    } else if (p.request.unencodedForm || p.request.descriptionCp1251 || p.request.latin1Body) {
      // GL-SDK-18: the form written otherwise than the client writes it (signed as sent; Latin-1: not)
      const signed = client.signed(sentPath, fields, { script });
      const written = p.request.latin1Body ? (s: string) => urlencodedBytes(lowBytes(s)) : (s: string) => s;
      const body = p.request.descriptionCp1251
        ? cp1251Form(signed, script, secretKey!)
        : toForm(signed)
            .map(([k, v]) => `${written(k)}=${written(v)}`)
            .join('&');
      const res = await ctx.send({
        url: client.url(sentPath),
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      reply = readReply(res, secretKey!);
    } else
      reply = p.request.secretHeader
        ? await client.post(sentPath, client.signed(sentPath, fields, { script }), 'form', undefined, {
            'X-Secret-Key': secretKey!,
          })
        : await client.call(sentPath, fields, callOpts);
  } catch (e) {
    // GL-SDK-18: a dropped payment resent as another order (the caller's pg_order_id changed)
    const order = fields.pg_order_id;
    if (p.request.resendsDroppedWithNewOrder && path === '/g2g/payment' && typeof order === 'string') {
      try {
        const again = { ...fields, pg_order_id: `${order}-r1`, pg_salt: p.request.freshSalt ? salt() : fields.pg_salt };
        reply = await client.call(sentPath, again, callOpts);
      } catch (e2) {
        return fail('transport', (e2 as Error).message);
      }
    } else {
      // GL-SDK-17: no reply at all (a dropped connection) is an error
      if (p.reply.transportErrorAsSuccess) return { fields: { pg_status: 'ok', pg_payment_status: 'pending' } };
      return fail('transport', (e as Error).message);
    }
  }
  if (p.reply.resolvesExternalEntities)
    reply = readReply({ ...reply.http, text: await entitiesResolved(ctx, reply.http.text) }, secretKey!); // GL-SDK-24
  if (p.reply.regexParse) reply = regexRead(reply, secretKey!); // GL-SDK-14
  // GL-SDK-17: a reply that is no XML <response> (a proxy's 5xx page, an empty body) is an error
  if (p.reply.serverErrorAsSuccess && (reply.http.status >= 500 || reply.root !== 'response'))
    return { fields: reply.message ?? {} };
  if (!reply.message || reply.root !== 'response')
    return fail(
      'transport',
      `the reply is no XML <response> (HTTP ${reply.http.status}): ${reply.parseError ?? `<${reply.root}>`}`,
    );
  // GL-SDK-04: every endpoint's reply verified (GL-SDK-14: with the script name of the endpoint called)
  const verifies =
    p.reply.verifySignature &&
    (p.reply.verifiesEveryOperation || path === '/g2g/payment') &&
    (p.reply.verifiesErrorReplies || reply.field('pg_status') === 'ok');
  if (verifies && !reply.signedAs(p.reply.verifyScriptName ?? scriptName(path)))
    return fail('signature', 'the reply signature does not verify');
  const errorAsSuccess = p.reply.errorAsSuccess || (onPayment && p.reply.operationsErrorAsSuccess);
  if (reply.field('pg_status') === 'error' && !errorAsSuccess) {
    // GL-SDK-05
    return fail('rejected', reply.field('pg_error_description') ?? 'error', reply.field('pg_error_code'));
  }
  return { fields: reply.message };
}

/** The payments a handler with repeatAnsweredError answered (bounded: the adapter serves many runs). */
const answered = new Set<string>();
function remember(id: string): void {
  if (answered.size >= 10_000) answered.clear();
  answered.add(id);
}

/** The merchant side: answer a result_url/check_url call as the SDK would. `accept` says whether the
 *  shop can deliver; `rejected` is only possible while pg_can_reject=1 (seed 001). */
const handleCallback: Op = async (ctx, input) => {
  const req = obj(input.request, 'input.request');
  const url = str(req.url, 'request.url');
  const method = str(req.method ?? 'POST', 'request.method').toUpperCase();
  const headers = obj(req.headers ?? {}, 'request.headers') as Record<string, string>;
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const cb = ctx.policy.callback;
  const body = str(req.body ?? '', 'request.body');
  // GL-SDK-11: a '+' kept '+' (decodeURIComponent alone) where the policy says so
  const plusKept = (q: string) => [...new URLSearchParams(q.replaceAll('+', '%2B')).entries()];
  const urlencoded = /application\/x-www-form-urlencoded/i.test(contentType);
  let pairs =
    cb.multipartOnly && !/multipart\/form-data/i.test(contentType) // GL-SDK-11
      ? []
      : method === 'GET'
        ? cb.plusAsSpace
          ? [...new URL(url).searchParams.entries()]
          : plusKept(new URL(url).search)
        : urlencoded && !cb.plusAsSpace
          ? plusKept(body)
          : parseFormBody(body, contentType);
  if (cb.trimsMultipartValues && /multipart\/form-data/i.test(contentType))
    pairs = pairs.map(([k, v]) => [k, v.trim()]); // GL-SDK-11
  if (cb.phpFieldNames) pairs = pairs.map(([k, v]) => [k.replace(/[ .]/g, '_'), v]); // GL-SDK-11
  // the fields of a form, or of the <request> in its single field pg_xml (pg_request_method XML)
  let received: PgMessage;
  try {
    received = cb.pgXmlAsField ? fromForm(pairs) : fromPairs(pairs); // GL-SDK-23
  } catch {
    received = {};
  }
  const fields = ctx.policy.callback.verifiesOwnFields // GL-SDK-11
    ? received
    : Object.fromEntries(Object.entries(received).filter(([k]) => k.startsWith('pg_')));
  const secret = ctx.credentials.secretKey!;
  const script = scriptName(url);
  const sig = typeof fields.pg_sig === 'string' ? fields.pg_sig : undefined;
  const genuine =
    !cb.verifySignature || // GL-SDK-06
    verify(script, fields, secret, sig) ||
    (cb.laxScriptName && LAX_SCRIPTS.some((s) => verify(s, fields, secret, sig)));
  let status: string;
  let description: string;
  const id = typeof fields.pg_payment_id === 'string' ? fields.pg_payment_id : '';
  if (!genuine)
    [status, description] = [
      'error',
      cb.refusalShowsExpected // GL-SDK-28
        ? `invalid signature (expected ${sign(script, Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'pg_sig')), secret)})`
        : 'invalid signature',
    ];
  else if (ctx.policy.callback.repeatAnsweredError && answered.has(id))
    [status, description] = ['error', 'already processed']; // GL-SDK-19
  // GL-SDK-08: rejected only with pg_can_reject=1
  else if (ctx.policy.callback.rejectsFailedPayments && fields.pg_result === '0')
    [status, description] = ['rejected', 'the payment failed'];
  else if (input.accept !== false) [status, description] = ['ok', 'accepted'];
  else if (
    (fields.pg_can_reject === '1' && ctx.policy.callback.rejectsWhenAllowed) || // GL-SDK-10
    !ctx.policy.callback.rejectsOnlyWhenAllowed
  )
    // GL-SDK-08
    [status, description] = ['rejected', 'cannot deliver'];
  else [status, description] = ['ok', 'accepted: the payment can no longer be rejected'];
  if (genuine && ctx.policy.callback.repeatAnsweredError) remember(id);
  const accepted = genuine && status === 'ok';
  const paid = accepted && (ctx.policy.callback.paidAlways || fields.pg_result === '1'); // GL-SDK-13
  // GL-SDK-10: a refusal the gateway cannot read
  if (status === 'rejected' && cb.rejectsAsHttp500Text)
    return {
      status: 500,
      headers: { 'content-type': 'text/plain' },
      body: 'Order cannot be delivered',
      accepted,
      paid,
    };
  // GL-SDK-15: HTTP 200 and the seed's XML answer with pg_status, pg_salt and pg_sig
  if (status === 'ok' && ctx.policy.callback.okAnswerAsJson)
    return {
      status: ctx.policy.callback.answerStatus,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pg_status: 'ok' }),
      accepted,
      paid,
    };
  const answer: PgMessage = {
    pg_status: cb.answerStatusUpper ? status.toUpperCase() : status, // GL-SDK-15
    pg_description: description,
  };
  if (ctx.policy.callback.answerSalt) answer.pg_salt = salt();
  answer.pg_sig = sign(ctx.policy.callback.answerScriptName ?? script, answer, secret); // GL-SDK-07
  return {
    status: ctx.policy.callback.answerStatus,
    headers: { 'content-type': 'application/xml; charset=utf-8' },
    body: buildXml(answer, 'response'),
    accepted,
    paid,
  };
};

export const OPS: Record<string, Op> = {
  ...Object.fromEntries(
    Object.entries(PATHS).map(([op, path]): [string, Op] => [op, (ctx, input) => call(ctx, path, input)]),
  ),
  'callback.handle': handleCallback,
};

/** The script names a lax verifier tries besides the called one (GL-SDK-06). */
const LAX_SCRIPTS = ['result', 'check', 'result_url', 'check_url', ''];

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' };
/** PHP's htmlspecialchars(ENT_QUOTES) */
const htmlEscaped = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML[c]!);

/** A text's UTF-8 bytes as a Latin-1 string (one character a byte). */
const bytesOf = (v: PgValue): PgValue =>
  typeof v === 'string'
    ? Buffer.from(v, 'utf8').toString('latin1')
    : Array.isArray(v)
      ? v.map(bytesOf)
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bytesOf(x)]));

/** A Latin-1 string's bytes URL-encoded (PHP's urlencode of the bytes). */
const urlencodedBytes = (s: string): string =>
  s.replace(/[^A-Za-z0-9_.-]/g, (c) =>
    c === ' ' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );

/** A signed request's form with pg_description as Windows-1251 bytes, signed again over the bytes sent. */
function cp1251Form(signed: PgMessage, script: string, secret: string): string {
  const bytes = bytesOf(signed) as PgMessage;
  if (typeof signed.pg_description === 'string') bytes.pg_description = cp1251(signed.pg_description);
  delete bytes.pg_sig;
  bytes.pg_sig = sign(bytesOf(script) as string, bytes, bytesOf(secret) as string, { charset: 'latin1' });
  return toForm(bytes)
    .map(([k, v]) => `${urlencodedBytes(k)}=${urlencodedBytes(v)}`)
    .join('&');
}

/** A reply as a parser that resolves a DOCTYPE's external entities reads it (GL-SDK-24): each
 *  <!ENTITY name SYSTEM "url"> fetched, its references replaced by what came, the DOCTYPE dropped.
 *  Only a loopback URL is fetched (a deliberate defect never reaches outside 127.0.0.1). */
async function entitiesResolved(ctx: OpContext, text: string): Promise<string> {
  const doctype = /<!DOCTYPE[^[>]*(\[[^\]]*\])?\s*>/.exec(text)?.[0];
  if (!doctype) return text;
  const entities = new Map<string, string>();
  for (const [, name, url] of doctype.matchAll(/<!ENTITY\s+(\w+)\s+SYSTEM\s+"([^"]*)"\s*>/g)) {
    const loopback = /^http:\/\/127\.0\.0\.1[:/]/.test(url!);
    entities.set(name!, loopback ? escapeMarkup((await ctx.send({ url: url!, method: 'GET' })).text) : '');
  }
  return text.replace(doctype, '').replace(/&(\w+);/g, (ref, name: string) => entities.get(name) ?? ref);
}

/** A reply read with a regex, as some SDKs read it: each <pg_x>…</pg_x> as it is written, entities and
 *  CDATA not decoded (GL-SDK-14). */
function regexRead(reply: GreenleavesReply, secret: string): GreenleavesReply {
  const m: PgMessage = {};
  for (const [, k, v] of reply.http.text.matchAll(/<(pg_\w+)>(.*?)<\/\1>/gs)) m[k!] = v!;
  const found = Object.keys(m).length > 0;
  return {
    ...reply,
    message: found ? m : undefined,
    root: found ? 'response' : undefined,
    signedAs: (script) => verifyAnyOrder(script, m, secret, typeof m.pg_sig === 'string' ? m.pg_sig : undefined),
    field: (name) => (typeof m[name] === 'string' ? (m[name] as string) : undefined),
  };
}
