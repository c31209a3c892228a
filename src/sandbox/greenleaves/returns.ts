// The payer's return from the hosted page to the merchant's pg_success_url / pg_failure_url
// (seed 001 "Ответ на result_url от мерчанта"; digest §3.4 Success/Failure redirect).
import { encodeForm } from '../../protocols/common/form.ts';
import { salt, scriptName, setField, sign, toForm, type PgMessage } from '../../protocols/greenleaves/index.ts';
import type { Gw } from './context.ts';
import type { Payment } from './store.ts';

const s = (m: PgMessage, k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);

export interface Return {
  /** where the payer goes (undefined: the payment named no such URL) */
  url?: string;
  /** the fields to post there (pg_success_url_method / pg_failure_url_method POST); else they are in url */
  post?: Array<[string, string]>;
  ok: boolean;
  /** the merchant's reason, shown to the payer (GL-RET-04) */
  reason?: string;
}

/** Where the payer goes once the payment is over and the merchant has answered the first result_url
 *  call: to the failure URL when the payment failed or the merchant rejected it, otherwise to the
 *  success URL (GL-RET-01), with pg_order_id, pg_payment_id, the merchant's params, signed (GL-RET-02/03). */
export function payerReturn(gw: Gw, p: Payment, taken: boolean): Return {
  const r = gw.policy.returns;
  const rejected = p.state === 'revoked' && p.callbacks.answer === 'rejected';
  const ok = taken && (!rejected || !r.followsAnswer);
  const reason = rejected && r.showsDescription ? p.callbacks.description : undefined;
  const toSuccess = taken ? ok : !r.failedToFailure; // GL-RET-06
  const base = s(p.request, toSuccess ? 'pg_success_url' : 'pg_failure_url');
  if (!base) return { ok, reason };
  const f: PgMessage = { pg_order_id: p.orderId };
  if (r.paymentId) f.pg_payment_id = p.id;
  for (const [k, v] of Object.entries(p.request))
    if (typeof v === 'string' && (!k.startsWith('pg_') || /^pg_param[123]$/.test(k))) setField(f, k, v); // also __proto__
  if (!toSuccess && r.errorFields) {
    f.pg_error_code = rejected ? '400' : '10001';
    f.pg_error_description = rejected ? (p.callbacks.description ?? 'Платеж отменен') : 'Платеж отклонен';
  }
  f.pg_salt = salt();
  f.pg_sig = sign(r.scriptName ?? scriptName(base), f, gw.secret);
  const post = s(p.request, toSuccess ? 'pg_success_url_method' : 'pg_failure_url_method') === 'POST' && r.postMethod; // GL-RET-05
  if (post) return { url: base, post: toForm(f), ok, reason };
  return { url: `${base}${base.includes('?') ? '&' : '?'}${encodeForm(toForm(f))}`, ok, reason };
}
