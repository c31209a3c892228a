import { randomUUID } from 'node:crypto';
import { GreenleavesV5Client } from '../../sdk/greenleaves-v5.ts';
import { g2gHeader, signDetached } from '../../protocols/greenleaves-v5/jws.ts';
import type { V5Operation } from '../../protocols/greenleaves-v5/endpoints.ts';
import { fail, obj, type Op, type OpContext } from './types.ts';

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
  const d = ctx.defects;
  const client = new GreenleavesV5Client(ctx.send, ctx.gateway, authId!, secretKey!);
  const extra: Record<string, string> = {};
  if (d.has('text-content-type')) extra['Content-Type'] = 'text/plain';
  if (d.has('secret-in-header')) extra['X-Secret'] = secretKey!;
  const sent = await client.request(op, body, { headers: extra });
  if (d.has('wrong-uri-in-header')) {
    const sig = await signDetached(body, g2gHeader('/v5/g2g', authId!), secretKey!);
    sent.headers = Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k, k.toLowerCase() === 'x-jws-signature' ? sig : v]));
  }
  const setId = (id: string) => {
    sent.headers = Object.fromEntries(Object.entries(sent.headers).filter(([k]) => k.toLowerCase() !== 'x-request-id'));
    sent.headers['X-Request-Id'] = id;
  };
  setId(d.has('constant-request-id') ? '00000000-0000-4000-8000-000000000000' : randomUUID());
  let reply;
  try {
    reply = await client.send(sent);
  } catch {
    if (d.has('new-request-id-on-retry')) setId(randomUUID());
    try {
      reply = await client.send(sent);
    } catch (e) {
      return fail('transport', (e as Error).message);
    }
  }
  if (reply.error && !d.has('error-as-success')) return fail('rejected', reply.error.message?.en ?? reply.error.name ?? 'refused', reply.error.code === undefined ? undefined : String(reply.error.code));
  if (reply.http.status >= 400 && !d.has('error-as-success')) return fail('rejected', `HTTP ${reply.http.status}`);
  if (reply.json === undefined) return fail('transport', `the reply is not JSON (HTTP ${reply.http.status})`);
  return { body: reply.json as Record<string, unknown> };
}

export const OPS: Record<string, Op> = Object.fromEntries(
  Object.entries(OPERATIONS).map(([name, op]): [string, Op] => [name, (ctx, input) => call(ctx, op, input)]),
);
