import { request } from 'undici';
import { callbackAgent, loopbackUrl } from '../../reference/callbacks.ts';
import { encodeMultipart, encodeForm } from '../../protocols/common/form.ts';
import {
  buildXml,
  parseXml,
  salt,
  scriptName,
  setField,
  sign,
  verify,
  toForm,
  type PgMessage,
} from '../../protocols/greenleaves/index.ts';
import type { Gw } from './context.ts';
import { maskedPan } from '../../spec/greenleaves-cards.ts';
import { cents, money, type Payment } from './store.ts';
import { readReplyBody } from '../../protocols/common/reply.ts';
import { decodeBody } from '../../protocols/common/charset.ts';

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The merchant's own parameters: non-pg_ fields and pg_param1..3, echoed in callbacks. */
function merchantParams(req: PgMessage): PgMessage {
  const out: PgMessage = Object.create(null) as PgMessage; // a field named __proto__ stays a field
  for (const [k, v] of Object.entries(req))
    if (typeof v === 'string' && (!k.startsWith('pg_') || /^pg_param[123]$/.test(k))) out[k] = v;
  return out;
}

function str(req: PgMessage, k: string): string | undefined {
  const v = req[k];
  return typeof v === 'string' ? v : undefined;
}

/** pg_can_reject as the call writes it: absent where the field is left out (seed 001: only a call
 *  with pg_can_reject=1 allows "rejected") */
function canRejectOf(c: Gw['policy']['callbacks'], canReject: boolean): PgMessage {
  if (!c.canRejectField || (!canReject && !c.canRejectZero)) return {};
  return { pg_can_reject: canReject ? '1' : '0' };
}

function without(m: PgMessage, k: string): PgMessage {
  const { [k]: _, ...rest } = m;
  return rest;
}

export function resultFields(gw: Gw, p: Payment, canReject: boolean, attemptAt: number): PgMessage {
  const c = gw.policy.callbacks;
  const total = cents(p.clearingAmount ?? p.amount);
  const f: PgMessage = {
    pg_order_id: p.orderId,
    pg_payment_id: p.id,
    pg_amount: p.amount,
    pg_currency: p.currency,
    pg_net_amount: money(Math.round(total * 0.965)), // GL-CB-02
    pg_ps_amount: p.amount,
    pg_ps_full_amount: p.amount,
    pg_ps_currency: p.currency,
    pg_description: p.description,
    pg_result: p.state === 'success' || p.state === 'authorized' ? '1' : c.failureResult, // GL-CB-04
    pg_payment_date: stamp(c.fixedPayload ? (p.paidAt ?? p.createdAt) : attemptAt), // GL-CB-07
  };
  Object.assign(f, canRejectOf(c, canReject)); // GL-CB-09
  for (const k of ['pg_user_phone', 'pg_user_contact_email'] as const) if (str(p.request, k)) f[k] = str(p.request, k)!;
  if (str(p.request, 'pg_user_email') && !f.pg_user_contact_email)
    f.pg_user_contact_email = str(p.request, 'pg_user_email')!;
  f.pg_testing_mode = c.testingModeEchoed ? (str(p.request, 'pg_testing_mode') ?? '1') : '0'; // GL-OPS-07
  f.pg_captured = p.captured ? '1' : '0';
  if (p.pan && c.cardPan) f.pg_card_pan = c.maskedPan ? maskedPan(p.pan) : p.pan; // GL-CB-12
  f.pg_payment_method = 'bankcard';
  if (gw.policy.replies.traceId) f.pg_trace_id = `T${p.id}`;
  if (c.merchantParams) for (const [k, v] of Object.entries(merchantParams(p.request))) setField(f, k, v); // GL-CB-13
  if (!c.netAmount) delete f.pg_net_amount; // GL-CB-02
  if (c.paymentData === 'net-amount') f.pg_amount = money(Math.round(total * 0.965)); // GL-CB-18
  if (c.paymentData === 'whole-amount') f.pg_amount = String(Math.trunc(Number(p.amount))); // GL-CB-18
  if (c.paymentData === 'latin1-description') f.pg_description = p.description.replace(/[^\x00-\xff]/g, '?'); // GL-CB-18
  return f;
}

function allowed(gw: Gw, url: string): boolean {
  return gw.anyCallbackHost ? URL.canParse(url) : loopbackUrl(url);
}

interface Answer {
  delivered: boolean;
  status?: 'ok' | 'rejected' | 'error';
  signed?: boolean;
  description?: string;
  /** no answer within the time allowed */
  timedOut?: boolean;
}

/** The method a call goes with: pg_request_method, unless the policy falls back to POST for it. */
function methodFor(gw: Gw, p: Payment, kind: 'result' | 'check'): string {
  const asked = (str(p.request, 'pg_request_method') ?? 'POST').toUpperCase();
  const m = gw.policy.callbacks.methods;
  if (asked === 'GET' && !(kind === 'result' ? m.resultGet : m.checkGet)) return 'POST'; // GL-CB-14, GL-CB-16
  if (asked === 'XML' && !(kind === 'result' ? m.resultXml : m.checkXml)) return 'POST'; // GL-CB-15, GL-CB-16
  return asked;
}

/** How long check_url may take before the payment is refused (GL-CB-17): the figure one gateway of
 *  this family documents (digest, open question 10). PAYCERT_SANDBOX_CHECK_TIMEOUT_MS overrides it. */
export const CHECK_TIMEOUT_MS =
  Number(process.env.PAYCERT_SANDBOX_CHECK_TIMEOUT_MS) > 0
    ? Number(process.env.PAYCERT_SANDBOX_CHECK_TIMEOUT_MS)
    : 30_000;

/** The check_url calls in flight, by payment id: what `check/expire` can cut short. */
const PENDING_CHECKS = new WeakMap<Gw['store'], Map<string, () => void>>();
function pendingChecks(gw: Gw): Map<string, () => void> {
  let m = PENDING_CHECKS.get(gw.store);
  if (!m) PENDING_CHECKS.set(gw.store, (m = new Map()));
  return m;
}

/** Control action `check/expire` {payment}: that payment's check_url call reaches its deadline now. */
export function expireCheck(gw: Gw, body: unknown): { expired: boolean } {
  const { payment } = (body ?? {}) as { payment?: unknown };
  if (typeof payment !== 'string' || payment === '')
    throw new Error('payment: the pg_payment_id of the check_url call');
  const expire = pendingChecks(gw).get(payment);
  expire?.();
  return { expired: !!expire };
}

/** A defect's <request>: each value pasted between its tags as it is (a "&" or "<" in it breaks the document). */
function unescapedXml(message: PgMessage): string {
  const fields = Object.entries(message).map(([k, v]) => `<${k}>${String(v)}</${k}>`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<request>${fields.join('')}</request>`;
}

/** Send one signed call to a merchant URL the way pg_request_method asks, and read the answer. */
async function call(gw: Gw, url: string, fields: PgMessage, method: string, kind: 'result' | 'check'): Promise<Answer> {
  if (!allowed(gw, url)) return { delivered: false };
  // GL-CB-03, GL-CB-11
  const script =
    (kind === 'result' ? gw.policy.callbacks.resultScriptName : gw.policy.callbacks.checkScriptName) ?? scriptName(url);
  const message: PgMessage =
    gw.policy.callbacks.salt || kind !== 'result'
      ? { ...fields, pg_salt: salt(Math.random, gw.policy.replies.saltLength) }
      : { ...fields }; // GL-CB-02
  if (gw.policy.callbacks.signed) message.pg_sig = sign(script, message, gw.secret); // GL-CB-02
  const pairs = toForm(message);
  let target = url;
  let body: string | undefined;
  const headers: Record<string, string> = {};
  if (method === 'GET') target = `${url}${url.includes('?') ? '&' : '?'}${encodeForm(pairs)}`;
  else if (method === 'XML') {
    const xml = gw.policy.callbacks.xmlEscaped ? buildXml(message, 'request') : unescapedXml(message); // GL-CB-15, GL-CB-16
    body = encodeForm([['pg_xml', xml]]);
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  } else if (gw.policy.callbacks.postEncoding === 'urlencoded') {
    body = encodeForm(pairs);
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  } else {
    const boundary = `----paycert${salt()}`;
    body = encodeMultipart(pairs, boundary);
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
  }
  // GL-CB-17: check_url's deadline runs in real time (a shared clock moved by another check must not
  // cut an honest answer short); a check reaches it at once through the control action `check/expire`
  const deadline = kind === 'check' ? new AbortController() : undefined;
  let timer: NodeJS.Timeout | undefined;
  const paymentId = str(fields, 'pg_payment_id');
  if (deadline) {
    const expire = () => deadline.abort();
    timer = setTimeout(expire, gw.checkTimeoutMs);
    timer.unref();
    if (paymentId) pendingChecks(gw).set(paymentId, expire);
  }
  try {
    const res = await request(target, {
      method: method === 'GET' ? 'GET' : 'POST',
      headers,
      body,
      dispatcher: callbackAgent,
      reset: true,
      signal: deadline?.signal,
      headersTimeout: deadline ? gw.checkTimeoutMs + 60_000 : gw.callbackTimeoutMs, // a check: the deadline decides
      bodyTimeout: deadline ? gw.checkTimeoutMs + 60_000 : gw.callbackTimeoutMs,
    });
    const text = decodeBody(await readReplyBody(res), res.headers['content-type']).text;
    if (res.statusCode !== 200) return { delivered: false };
    try {
      const { message: answer } = parseXml(text);
      const status = str(answer, 'pg_status');
      return {
        delivered: true,
        status: status === 'ok' || status === 'rejected' || status === 'error' ? status : undefined,
        signed: verify(scriptName(url), answer, gw.secret, str(answer, 'pg_sig')),
        description: str(answer, 'pg_description'),
      };
    } catch {
      return { delivered: true };
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    return {
      delivered: false,
      timedOut: !!deadline?.signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT',
    };
  } finally {
    clearTimeout(timer);
    if (paymentId && deadline) pendingChecks(gw).delete(paymentId);
  }
}

/** Queue the result_url calls of a finished payment: the first now, then (policy callbacks.retry)
 *  every 30 minutes for 2 hours while the merchant is unreachable or answers other than 200. Different payments' calls go
 *  out concurrently; one payment's attempts run one after the other (keyed by its id). Resolves once
 *  the first call has been answered (or failed): the payer's return waits for it (GL-RET-01). */
export function scheduleResult(gw: Gw, p: Payment): Promise<void> {
  const url = str(p.request, 'pg_result_url');
  if (!url) return Promise.resolve();
  const c = gw.policy.callbacks;
  if (p.state === 'failed' && !c.onFailure) return Promise.resolve(); // GL-CB-01
  // GL-CB-19: a failed payment's first call may go out later; the payer's return does not wait for it
  const delay = p.state === 'failed' ? c.failureCallDelayMs : 0;
  let answered!: () => void;
  const firstDone = new Promise<void>((resolve) => (answered = resolve));
  const every = c.retry.intervalMs; // GL-CB-05
  const first = gw.clock.now() + delay;
  p.callbacks.first = first;
  let captured: PgMessage | undefined;
  const attempt = async (n: number): Promise<void> => {
    // GL-CB-06: a later call after a failed first one never lets the merchant refuse
    const canReject = n === 0 ? c.canRejectFirst || c.canRejectOnRetry : c.canRejectOnRetry;
    // GL-CB-07: the payment's data is fixed at the first call; only salt, signature and pg_can_reject vary
    const fields =
      captured && c.fixedPayload
        ? { ...without(captured, 'pg_can_reject'), ...canRejectOf(c, canReject) }
        : resultFields(gw, p, canReject, gw.clock.now());
    captured ??= fields;
    p.callbacks.attempts++;
    const answer = await call(gw, url, fields, methodFor(gw, p, 'result'), 'result');
    if (answer.delivered) {
      p.callbacks.done = true;
      p.callbacks.answer = answer.status;
      p.callbacks.description = answer.description;
      if (answer.status === 'rejected' && answer.signed) onRejected(gw, p, canReject || c.honoursLateRejection); // GL-CB-09
      if (c.retriesAfterSuccess && n === 0) gw.scheduler.at(first + every, () => attempt(1), p.id); // GL-CB-10
      return;
    }
    if (n + 1 <= c.retry.count) gw.scheduler.at(first + (n + 1) * every, () => attempt(n + 1), p.id); // GL-CB-05
  };
  gw.scheduler.at(first, () => attempt(0).finally(answered), p.id);
  return delay > 0 ? Promise.resolve() : firstDone;
}

function onRejected(gw: Gw, p: Payment, mayReject: boolean): void {
  if (!mayReject || !gw.policy.callbacks.honoursRejection) return; // GL-CB-08
  if (p.state === 'success' || p.state === 'authorized') {
    p.state = 'revoked';
    p.captured = false;
  }
}

/** Ask check_url before taking money; anything but a signed "ok" is a refusal. */
export async function askCheck(gw: Gw, p: Payment): Promise<'ok' | 'rejected'> {
  const url = str(p.request, 'pg_check_url');
  if (!url || !gw.policy.callbacks.checkUrl) return 'ok'; // GL-CB-11
  const fields: PgMessage = {
    pg_order_id: p.orderId,
    pg_payment_id: p.id,
    pg_amount: p.amount,
    pg_currency: p.currency,
    pg_ps_amount: p.amount,
    pg_ps_currency: p.currency,
    pg_ps_full_amount: p.amount,
    ...merchantParams(p.request),
  };
  const answer = await call(gw, url, fields, methodFor(gw, p, 'check'), 'check');
  if (answer.timedOut && !gw.policy.callbacks.checkTimeoutRefuses) return 'ok'; // GL-CB-17
  return answer.delivered && answer.status === 'ok' && answer.signed ? 'ok' : 'rejected';
}
