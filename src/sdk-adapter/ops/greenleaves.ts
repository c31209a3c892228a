import {
  buildXml,
  fromForm,
  salt,
  scriptName,
  sign,
  verify,
  type PgMessage,
} from '../../protocols/greenleaves/index.ts';
import { parseFormBody } from '../../protocols/common/form.ts';
import { GreenleavesClient, readReply } from '../../sdk/greenleaves.ts';
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
  const onPayment = ['/g2g/clearing', '/g2g/cancel', '/g2g/refund'].includes(path);
  const sentPath = path + p.request.pathSuffix; // GL-SDK-20, GL-SDK-21
  const script = p.request.scriptName ?? ((onPayment && p.request.operationsScriptName) || scriptName(sentPath)); // GL-SDK-01
  if (p.request.merchantId !== null) fields.pg_merchant_id = p.request.merchantId; // GL-SDK-22
  if (p.request.amountWholeUnits && typeof fields.pg_amount === 'string')
    fields.pg_amount = fields.pg_amount.replace(/\.\d*$/, ''); // GL-SDK-18
  if (p.request.dropsOwnFields)
    for (const k of Object.keys(fields)) if (!k.startsWith('pg_') || k === 'pg_receipt_positions') delete fields[k]; // GL-SDK-18
  fields.pg_salt = p.request.freshSalt ? salt() : 'paycertConstantSalt1'; // GL-SDK-02
  if (p.request.extraField) fields.pg_sdk_version = '1.0.0'; // GL-SDK-03
  const client = new GreenleavesClient(ctx.send, ctx.gateway, merchantId!, secretKey!);
  let reply;
  try {
    // GL-SDK-09: the secret never leaves the SDK
    if (p.request.jsonBody || p.request.bareXmlBody) {
      // GL-SDK-12: the signed parameters as a JSON body, or as the bare XML of pg_xml
      const signed = client.signed(sentPath, fields, { script });
      const res = await ctx.send({
        url: client.url(sentPath),
        method: 'POST',
        headers: { 'content-type': p.request.jsonBody ? 'application/json' : 'application/xml; charset=utf-8' },
        body: p.request.jsonBody ? JSON.stringify(signed) : buildXml(signed, 'request'),
      });
      reply = readReply(res, secretKey!);
    } else
      reply = p.request.secretHeader
        ? await client.post(sentPath, client.signed(sentPath, fields, { script }), 'form', undefined, {
            'X-Secret-Key': secretKey!,
          })
        : await client.call(sentPath, fields, { script });
  } catch (e) {
    return fail('transport', (e as Error).message);
  }
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
  const pairs =
    method === 'GET'
      ? [...new URL(url).searchParams.entries()]
      : parseFormBody(str(req.body ?? '', 'request.body'), contentType);
  const received = fromForm(pairs);
  const fields = ctx.policy.callback.verifiesOwnFields // GL-SDK-11
    ? received
    : Object.fromEntries(Object.entries(received).filter(([k]) => k.startsWith('pg_')));
  const secret = ctx.credentials.secretKey!;
  const script = scriptName(url);
  const genuine =
    !ctx.policy.callback.verifySignature || // GL-SDK-06
    verify(script, fields, secret, typeof fields.pg_sig === 'string' ? fields.pg_sig : undefined);
  let status: string;
  let description: string;
  const id = typeof fields.pg_payment_id === 'string' ? fields.pg_payment_id : '';
  if (!genuine) [status, description] = ['error', 'invalid signature'];
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
  // GL-SDK-15: HTTP 200 and the seed's XML answer with pg_status, pg_salt and pg_sig
  if (status === 'ok' && ctx.policy.callback.okAnswerAsJson)
    return {
      status: ctx.policy.callback.answerStatus,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pg_status: 'ok' }),
      accepted,
      paid,
    };
  const answer: PgMessage = { pg_status: status, pg_description: description };
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
