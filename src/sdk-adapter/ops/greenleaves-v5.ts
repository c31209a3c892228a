import { randomUUID } from 'node:crypto';
import { GreenleavesV5Client } from '../../sdk/greenleaves-v5.ts';
import { g2gHeader, signDetached } from '../../protocols/greenleaves-v5/jws.ts';
import type { V5Operation } from '../../protocols/greenleaves-v5/endpoints.ts';
import type { GreenleavesV5SdkPolicy } from '../policy.ts';
import { fail, obj, type Op as AnyOp, type OpContext as AnyContext } from './types.ts';

type Op = AnyOp<GreenleavesV5SdkPolicy>;
type OpContext = AnyContext<GreenleavesV5SdkPolicy>;

const OPERATIONS: Record<string, V5Operation> = {
  'payment.create': 'create',
  'payment.read': 'status',
  'payment.reverse': 'reverse',
  'payment.refund': 'refund',
  'payment.clearing': 'clearing',
};

/** A lost reply (the connection closed after the request was written) is retried once with the
 *  same X-Request-Id, so the gateway answers the first request again instead of paying twice. */
async function call(ctx: OpContext, op: V5Operation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const body = Buffer.from(JSON.stringify(obj(input.body, 'input.body')), 'utf8');
  const { authId, secretKey } = ctx.credentials;
  const p = ctx.policy;
  const client = new GreenleavesV5Client(ctx.send, ctx.gateway, authId!, secretKey!);
  const extra: Record<string, string> = {};
  if (p.contentType !== null) extra['Content-Type'] = p.contentType; // V5-SDK-04
  if (p.secretHeader) extra['X-Secret'] = secretKey!;
  const sent = await client.request(op, body, { headers: extra });
  if (p.headerUri !== null) {
    // V5-SDK-01
    const sig = await signDetached(body, g2gHeader(p.headerUri, authId!), secretKey!);
    sent.headers = Object.fromEntries(
      Object.entries(sent.headers).map(([k, v]) => [k, k.toLowerCase() === 'x-jws-signature' ? sig : v]),
    );
  }
  const setId = (id: string) => {
    sent.headers = Object.fromEntries(Object.entries(sent.headers).filter(([k]) => k.toLowerCase() !== 'x-request-id'));
    sent.headers['X-Request-Id'] = id;
  };
  setId(p.freshRequestId ? randomUUID() : '00000000-0000-4000-8000-000000000000'); // V5-SDK-02
  let reply;
  try {
    reply = await client.send(sent);
  } catch {
    if (!p.retryKeepsRequestId) setId(randomUUID()); // V5-SDK-03
    try {
      reply = await client.send(sent);
    } catch (e) {
      return fail('transport', (e as Error).message);
    }
  }
  if (reply.error && !p.errorAsSuccess)
    // V5-SDK-05
    return fail(
      'rejected',
      reply.error.message?.en ?? reply.error.name ?? 'refused',
      reply.error.code === undefined ? undefined : String(reply.error.code),
    );
  if (reply.http.status >= 400 && !p.errorAsSuccess) return fail('rejected', `HTTP ${reply.http.status}`);
  if (reply.json === undefined) return fail('transport', `the reply is not JSON (HTTP ${reply.http.status})`);
  return { body: reply.json as Record<string, unknown> };
}

export const OPS: Record<string, Op> = Object.fromEntries(
  Object.entries(OPERATIONS).map(([name, op]): [string, Op] => [name, (ctx, input) => call(ctx, op, input)]),
);
