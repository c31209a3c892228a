import { randomBytes } from 'node:crypto';
import {
  decodeProtectedHeader,
  g2gHeader,
  serialiseHeader,
  signDetachedRaw,
  verifyCallback,
  verifySignature,
  type CallbackStatus,
} from '../../protocols/greenleaves-v5/index.ts';
import { credentials } from '../../spec/credentials.ts';
import type { Clock } from '../../reference/clock.ts';
import { text, type Incoming, type Outgoing } from '../../reference/server.ts';
import type { SandboxHandle } from '../../reference/handle.ts';
import type { DeclaredOrder } from '../../harness/declaration.ts';
import type { MerchantOptions } from '../registry-types.ts';
import { startMerchant } from '../start.ts';
import type { Answer, MerchantStore } from '../store.ts';
import { GREENLEAVES_V5_MERCHANT_DEFECTS, GREENLEAVES_V5_MERCHANT_VARIANTS } from './defects.ts';
import { DEFAULT_GREENLEAVES_V5_MERCHANT_POLICY, type GreenleavesV5MerchantPolicy } from './policy.ts';
import { cp1251 } from '../../protocols/common/charset.ts';

/** What the control API offers the suite (the run's config names it before any worker starts this) */
export const GREENLEAVES_V5_MERCHANT_CAPABILITIES: readonly string[] = ['inspect'];

// The v5 callbacks are INFERRED throughout (src/protocols/greenleaves-v5/callbacks.ts, V5-MCB-*).
const RESULT = '/shop/v5/result';
const CHECK = '/shop/v5/check';

interface Ctx {
  authId: string;
  secret: string;
  /** the gateway's other merchant, a tenant of the shop's only in the keys-of-every-tenant defect */
  other: { authId: string; secret: string };
  store: MerchantStore;
  clock: Clock;
  policy: GreenleavesV5MerchantPolicy;
  /** payments whose first answer is being decided (only the slow-decision defect ever has one) */
  inflight: Set<string>;
  /** orders a forged call cancelled (only the forged-cancels defect ever has one) */
  cancelled: Set<string>;
}

type Decision = { answer: Pick<Answer, 'status' | 'description'>; paid: boolean };

function seedOrders(policy: GreenleavesV5MerchantPolicy): DeclaredOrder[] {
  const prefix = `PC${randomBytes(3).toString('hex').toUpperCase()}`;
  const payable = Array.from({ length: 24 }, (_, i): DeclaredOrder => ({
    orderId: `${prefix}V${i + 1}`,
    // defect amount-compared-as-text: its orders as typed, every other one a whole amount with ".00"
    amount: policy.amountAsText ? (i % 2 === 1 ? `${500 + i * 10}.00` : `${500 + i * 10}.5`) : `${500 + i * 10}.50`,
    currency: 'KZT',
    state: 'payable',
  }));
  const expired = Array.from({ length: 3 }, (_, i): DeclaredOrder => ({
    orderId: `${prefix}X${i + 1}`,
    amount: '750',
    currency: 'KZT',
    state: 'expired',
  }));
  return [...payable, ...expired];
}

function reply(c: Ctx, given: Pick<Answer, 'status' | 'description'>): Outgoing {
  const p = c.policy.answer;
  // every refusal in one text (a variant): its reason does not show
  const a = p.terse && given.status !== 'ok' ? answer('rejected', 'Платёж не принят') : given;
  if (p.format === 'text') return text(a.status === 'ok' ? 'OK' : a.status.toUpperCase()); // V5-MCB-01
  // V5-MCB-01: every word upper case is a defect ("OK" is no ok); the refusals' alone a variant
  const upper = p.statusUpper === true || (p.statusUpper === 'refusals' && a.status !== 'ok');
  const status = upper ? a.status.toUpperCase() : a.status;
  const json = p.pretty
    ? JSON.stringify({ status, description: a.description, shop_ref: 'paycert-reference' }, null, 2)
    : JSON.stringify({ status, description: a.description });
  // V5-MCB-01: status written twice (a defect), a byte order mark (a defect); text/html, PHP's default (a variant)
  const once = p.statusTwice ? `{"status":${JSON.stringify(a.status)},${json.slice(1)}` : json;
  const body = p.bom ? `\ufeff${once}` : once;
  if (p.cp1251)
    return {
      status: 200,
      headers: { 'content-type': `${p.contentType}; charset=windows-1251` },
      body: Buffer.from(cp1251(body), 'latin1'),
    };
  return { status: 200, headers: { 'content-type': `${p.contentType}; charset=utf-8` }, body };
}

const answer = (status: CallbackStatus, description: string): Decision['answer'] => ({ status, description });

/** X-JWS-Signature: under any letter case of its name, or one spelling only, or never (V5-MCB-01, defects) */
function tokenOf(c: Ctx, req: Incoming): string | undefined {
  const name = c.policy.signatureHeader;
  if (name === 'php-fpm-exact') return undefined; // getallheaders() gives X-Jws-Signature, looked up as X-JWS-Signature
  return name === 'any-case' || req.names?.includes(name) ? req.headers['x-jws-signature'] : undefined;
}

async function signatureOk(c: Ctx, req: Incoming, kind: 'result' | 'check', path: string): Promise<boolean> {
  if (!c.policy.verifySignature) return true; // V5-MCB-02
  const token = tokenOf(c, req);
  if (c.policy.signaturePresentOnly) return !!token; // V5-MCB-02 (a defect)
  if (kind === 'check' && c.policy.checkSignature === 'present') return !!token; // V5-MCB-02 (a defect)
  if (c.policy.acceptsAlgNone && token && algOf(token) === 'none') return true; // V5-MCB-02 (a defect)
  const carried = attachedPayload(c, token);
  if (token && carried) {
    // V5-MCB-02: the payload carried is verified; the body received (a defect) or that payload (a
    // variant, callback()) is what gets processed
    const [header, , signature] = token.split('.');
    return (await verifyCallback(`${header}..${signature}`, carried, path, c.authId, c.secret)).ok;
  }
  // V5-MCB-01: the body received, or re-serialised (defects)
  const raw =
    c.policy.signedBody === 'reserialised'
      ? reserialised(req)
      : c.policy.signedBody === 'php-reencoded'
        ? phpReencoded(req)
        : req.raw;
  const p = c.policy;
  if (token && (p.key !== 'own' || p.protectedHeader === 'rebuilt' || !p.algCompared || p.macAlg !== 'HS256'))
    return handVerified(c, token, raw, path);
  if (!c.policy.bindUri) return !!token && (await verifySignature(token, raw, c.secret, ['HS256'])).ok;
  if (c.policy.signatureCompare !== 'whole' && token) return prefixMatches(c, token, raw, path);
  return (await verifyCallback(token, raw, path, c.authId, c.secret)).ok;
}

/** A defect's verification: the header as the reference checks it, the signature on its first ten
 *  characters only (a forgery that differs near the end passes), or any non-empty beginning of it. */
async function prefixMatches(c: Ctx, token: string, raw: Buffer, path: string): Promise<boolean> {
  // the signature taken as text, as such a handler takes it: not decoded, so any cut of it is read
  const dot = token.lastIndexOf('.');
  const d = decodeProtectedHeader(token.slice(0, dot + 1));
  if (!d.ok) return false;
  const expected = signDetachedRaw(d.headerText, raw, c.secret);
  const want = expected.split('..')[1]!;
  const got = token.slice(dot + 1);
  const ok =
    c.policy.signatureCompare === 'prefix'
      ? got.slice(0, 10) === want.slice(0, 10)
      : c.policy.signatureCompare === 'mac-bytes'
        ? Buffer.from(got, 'base64url').equals(Buffer.from(want, 'base64url')) // spare bits ignored (a variant)
        : got.length > 0 && want.startsWith(got);
  return ok && (await verifyCallback(expected, raw, path, c.authId, c.secret)).ok;
}

/** The payload a token carries (header.payload.signature), where the policy verifies one (defect, variant). */
function attachedPayload(c: Ctx, token: string | undefined): Buffer | undefined {
  if (c.policy.attachedPayload === 'refused' || !token) return undefined;
  const d = decodeProtectedHeader(token);
  return d.ok && d.segments.payload !== '' ? Buffer.from(d.segments.payload, 'base64url') : undefined;
}

/** A defect's verification, hand-written: the header's uri checked, its alg (unless the defect ignores
 *  it), the HS256 MAC over the header's bytes received or rebuilt from its parsed JSON (a defect), with
 *  the defect's key: the one a `keys[auth_id] ?? ''` lookup gives (the auth_id then not compared), its
 *  own and else the seed's example key 123456, or the key of the tenant the auth_id names. */
function handVerified(c: Ctx, token: string, raw: Buffer, path: string): boolean {
  const d = decodeProtectedHeader(token);
  if (!d.ok || d.segments.payload !== '' || d.header.uri !== path) return false;
  // the alg the header names, where the defect computes with it: an HMAC one it knows, else refused
  const alg = c.policy.macAlg === 'from-header' ? HMAC_ALGS.find((a) => a === d.header.alg) : 'HS256';
  if (!alg || (c.policy.algCompared && c.policy.macAlg === 'HS256' && d.header.alg !== 'HS256')) return false;
  const header = c.policy.protectedHeader === 'rebuilt' ? JSON.stringify(d.header) : d.headerText;
  return keysFor(c, d.header.auth_id).some(
    (k) => signDetachedRaw(header, raw, k, alg).split('..')[1] === d.segments.signature,
  );
}

const HMAC_ALGS = ['HS256', 'HS384', 'HS512'] as const;

function keysFor(c: Ctx, authId: unknown): string[] {
  const own = authId === c.authId;
  if (c.policy.key === 'by-auth-id') return [own ? c.secret : ''];
  if (own) return c.policy.key === 'doc-key-fallback' ? [c.secret, '123456'] : [c.secret];
  return c.policy.key === 'tenants' && authId === c.other.authId ? [c.other.secret] : [];
}

function algOf(token: string): unknown {
  const d = decodeProtectedHeader(token);
  return d.ok ? d.header.alg : undefined;
}

function reserialised(req: Incoming): Buffer {
  try {
    return Buffer.from(JSON.stringify(JSON.parse(req.text)), 'utf8');
  } catch {
    return req.raw;
  }
}

/** The body as PHP's json_encode re-encodes it: "/" as "\\/", non-ASCII as \\uXXXX (a defect's bytes). */
function phpReencoded(req: Incoming): Buffer {
  try {
    const json = JSON.stringify(JSON.parse(req.text))
      .replace(/\//g, '\\/')
      .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return Buffer.from(json, 'utf8');
  } catch {
    return req.raw;
  }
}

function body(req: Incoming | string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(typeof req === 'string' ? req : req.text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const s = (b: Record<string, unknown>, k: string): string => (typeof b[k] === 'string' ? (b[k] as string) : '');

/** amount (a JSON number; a cleared payment's cleared_amount, a variant) and currency as the order's */
function matches(
  c: Ctx,
  o: DeclaredOrder,
  b: Record<string, unknown>,
  kind: 'result' | 'check',
  text?: string,
): boolean {
  // defect amount-compared-as-text: the amount's JSON text against the order's (2500 is not "2500.00")
  if (kind === 'result' && c.policy.amountAsText && text !== undefined)
    return (
      /"amount"\s*:\s*(-?[0-9][0-9.eE+-]*)/.exec(text)?.[1] === o.amount && s(b, 'currency') === (o.currency ?? 'KZT')
    );
  // V5-MCB-07's defects are result_url's; check_url's is V5-MCB-09's (decideCheck)
  const loose = kind === 'result' ? c.policy.amountCompare : 'exact';
  if (kind === 'result' && !c.policy.checksAmount) return true; // V5-MCB-07
  const field = c.policy.amountField === 'cleared_amount' && b.status === 'cleared' ? 'cleared_amount' : 'amount';
  const got = b[field];
  if (typeof got !== 'number' || s(b, 'currency') !== (o.currency ?? 'KZT')) return false;
  const want = Number(o.amount);
  // exact, or the defects': whole tenge only, or only an amount above the order's refused
  if (loose === 'whole-tenge') return Math.trunc(got) === Math.trunc(want);
  if (loose === 'not-above') return Math.round(got * 100) <= Math.round(want * 100);
  return got === want;
}

function decideCheck(c: Ctx, b: Record<string, unknown>): Decision['answer'] {
  const o = c.store.order(s(b, 'order_id'));
  // V5-MCB-05
  if (!o)
    return c.policy.checkRefusesUnknown
      ? answer(c.policy.checkUnknownStatus === 'error' ? 'error' : 'rejected', 'Заказ не найден')
      : answer('ok', 'Заказ найден');
  // V5-MCB-09: an order it has but cannot take (each refusal off: a defect)
  const r = c.policy.checkRefuses;
  const can =
    (o.state === 'payable' || !r.expired) && (matches(c, o, b, 'check') || !r.amount) && (!o.paidBy || !r.paid);
  return can ? answer('ok', 'Заказ можно оплатить') : answer('rejected', 'Заказ нельзя оплатить');
}

function decideResult(c: Ctx, b: Record<string, unknown>, text?: string): Decision {
  const o = c.store.order(s(b, 'order_id'));
  const id = s(b, 'id');
  const status = s(b, 'status');
  if (status === 'declined')
    // V5-MCB-06: acknowledged; the order stays payable (a defect marks it paid)
    return {
      answer: answer(c.policy.declined === 'rejected' ? 'rejected' : 'ok', 'Неуспешный платеж принят к сведению'),
      paid: c.policy.declinedMarksPaid && !!o,
    };
  if (status !== 'cleared' && status !== 'authorized')
    return { answer: answer('ok', 'Принято к сведению'), paid: false };
  // V5-MCB-12: an order it does not have is refused (a defect takes the payment, recording nothing)
  if (!o)
    return {
      answer: c.policy.resultRefusesUnknown ? answer('rejected', 'Заказ не найден') : answer('ok', 'Платёж принят'),
      paid: false,
    };
  // an expired order's payment: refused here; no rule judges it (v5 has no pg_can_reject: GL-MCB-13's
  // rejected and GL-MCB-05's ok or error are all defensible)
  if (o.state !== 'payable') return { answer: answer('rejected', 'Бронь истекла'), paid: false };
  // V5-MCB-03: cancelled by a forged call (a defect)
  if (c.cancelled.has(o.orderId)) return { answer: answer('rejected', 'Заказ отменён'), paid: false };
  if (!matches(c, o, b, 'result', text))
    return { answer: answer('rejected', 'Сумма или валюта не совпадает с заказом'), paid: false };
  if (o.paidBy && o.paidBy !== id) return { answer: answer('rejected', 'Заказ уже оплачен'), paid: false };
  return { answer: answer('ok', 'Заказ оплачен'), paid: true };
}

/** V5-MCB-11 (a defect): the signature a call should have carried, under its token's protected header or
 *  the documented one for `path`, as a handler's "expected …" message gives it. */
function expectedSignature(c: Ctx, req: Incoming, path: string): string {
  const token = tokenOf(c, req);
  const d = token ? decodeProtectedHeader(token.slice(0, token.lastIndexOf('.') + 1)) : undefined;
  const header = d?.ok ? d.headerText : serialiseHeader(g2gHeader(path, c.authId));
  return signDetachedRaw(header, req.raw, c.secret).split('..')[1]!;
}

const UNSTORED: Outgoing = text('the merchant cannot record the answer now', 500);

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

/** V5-MCB-10 (a defect): Django's DEBUG 500 page for a KeyError on the missing header. As Django's
 *  technical_500_response, the HTML page (its frames' locals: the key) to a request that accepts
 *  text/html (`*` too, or no Accept), the plain-text traceback (no locals) to any other (probe 25). */
function debugPage(c: Ctx, req: Incoming): Outgoing {
  const accept = req.headers.accept ?? '*/*';
  if (!/text\/html|text\/\*|\*\/\*/.test(accept))
    return text(
      `KeyError at ${req.path}\n'HTTP_X_JWS_SIGNATURE'\n\nTraceback (most recent call last):\n  File "shop/jws.py", line 34, in verify\n`,
      500,
    );
  const secret = `'${c.secret}'`.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
  return {
    status: 500,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html><html><head><title>KeyError at ${req.path}</title></head><body><h1>KeyError at ${req.path}</h1><pre class="exception_value">'HTTP_X_JWS_SIGNATURE'</pre><table class="vars"><tbody><tr><td>secret</td><td class="code"><pre>${secret}</pre></td></tr></tbody></table></body></html>`,
  };
}

async function callback(c: Ctx, req: Incoming, kind: 'result' | 'check', path: string): Promise<Outgoing> {
  if (req.method !== 'POST') return text('POST only', 405);
  if (c.policy.debugPage && tokenOf(c, req) === undefined) return debugPage(c, req); // V5-MCB-10 (a defect)
  let b = body(req);
  // V5-MCB-09: answers kept by the payment's id (by order_id: a defect)
  const keyOf = (x: Record<string, unknown> | undefined) =>
    `${kind}:${x ? s(x, c.policy.answersKeptBy === 'order' ? 'order_id' : 'id') : ''}`;
  let key = keyOf(b);
  // V5-MCB-02: a known payment's answer given before the signature is verified (a defect)
  const known = kind === 'result' && b && c.policy.repeatBeforeVerify ? c.store.answer(key) : undefined;
  if (known) return reply(c, known);
  const verified = await signatureOk(c, req, kind, path);
  // V5-MCB-02: the signed payload a token carries is what is acted on (a variant)
  const carried = c.policy.attachedPayload === 'payload-used' ? attachedPayload(c, tokenOf(c, req)) : undefined;
  if (verified && carried) {
    b = body(carried.toString('utf8'));
    key = keyOf(b);
  }
  if (!verified) {
    // defect secret-in-refusal (V5-MCB-10): the credentials it verified with, Base64 as in an Authorization header
    const forged = answer(
      'error',
      c.policy.secretInRefusal
        ? `Неверная подпись (Basic ${Buffer.from(`${c.authId}:${c.secret}`).toString('base64')})`
        : // defects refusal-quotes-expected-signature, check-refusal-quotes-expected-signature (V5-MCB-11)
          c.policy.forgedQuotesExpected === 'both' || (c.policy.forgedQuotesExpected === 'check' && kind === 'check')
          ? `Неверная подпись, ожидалась ${expectedSignature(c, req, path)}`
          : 'Неверная подпись',
    );
    // V5-MCB-03: a forged callback cancels its order (a defect)
    if (kind === 'result' && c.policy.forgedCancels && b) c.cancelled.add(s(b, 'order_id'));
    // V5-MCB-03: a forged callback changes nothing (a defect remembers its answer)
    if (
      kind === 'result' &&
      c.policy.forgedRemembered &&
      b &&
      !c.store.tryRemember(key, { ...forged, at: c.clock.now() })
    )
      return UNSTORED;
    if (c.policy.forgedAnswer === 'http-401') return text('signature does not verify', 401);
    return reply(c, forged);
  }
  if (!b) return reply(c, answer('error', 'Не удалось прочитать запрос'));
  if (kind === 'check') {
    // V5-MCB-05: an order it does not have refused by HTTP status, as get_object_or_404 does (a variant)
    const unknown = c.policy.checkRefusesUnknown && !c.store.order(s(b, 'order_id'));
    if (unknown && c.policy.checkUnknownStatus === 'http-404') return text('order not found', 404);
    const d = decideCheck(c, b);
    // V5-MCB-05: "success" where the answer is ok (a defect)
    return reply(c, d.status === 'ok' && c.policy.checkOkWord === 'success' ? { ...d, status: 'success' } : d);
  }
  // V5-MCB-06 (a defect): a Rails app's validation refusing a declined payment (ActiveRecord::RecordInvalid),
  // answered by its production exceptions app, as it answers a CSRF refusal
  if (c.policy.declined === 'rails-422' && s(b, 'status') === 'declined')
    return {
      status: 422,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"status":422,"error":"Unprocessable Entity"}',
    };
  const prev = c.store.answer(key);
  // V5-MCB-04: the first answer; or error (a defect), or the first status in other words (a variant)
  if (prev && c.policy.repeat === 'own-text') return reply(c, answer(prev.status as CallbackStatus, 'Уже обработано'));
  if (prev) return c.policy.repeat === 'error' ? reply(c, answer('error', 'Платеж уже обработан')) : reply(c, prev);
  // deciding and recording are one synchronous step; only the slow-decision defect awaits between
  // them, so only it ever sees a duplicate in flight (V5-MCB-08)
  if (c.inflight.has(key))
    return c.policy.busy === 'http-409'
      ? text('payment in progress', 409)
      : reply(c, answer('error', 'Платеж обрабатывается'));
  c.inflight.add(key);
  try {
    // long enough that duplicates sent together overlap it even on a loaded machine
    if (c.policy.slowDecision) await new Promise((r) => setTimeout(r, 100));
    const { answer: a, paid } = decideResult(c, b, req.text);
    const payment = paid ? { orderId: s(b, 'order_id'), paymentId: s(b, 'id') } : undefined;
    if (!c.store.tryRemember(key, { ...a, at: c.clock.now() }, payment)) return UNSTORED;
    return reply(c, a);
  } finally {
    c.inflight.delete(key);
  }
}

export function startGreenleavesV5Merchant(opts: MerchantOptions = {}): Promise<SandboxHandle> {
  return startMerchant(opts, {
    profile: 'greenleaves-v5',
    capabilities: [...GREENLEAVES_V5_MERCHANT_CAPABILITIES],
    policy: DEFAULT_GREENLEAVES_V5_MERCHANT_POLICY,
    defects: GREENLEAVES_V5_MERCHANT_DEFECTS,
    variants: GREENLEAVES_V5_MERCHANT_VARIANTS,
    seed: seedOrders,
    context: (base): Ctx => {
      const creds = credentials('greenleaves-v5');
      return {
        ...base,
        authId: creds.authId,
        secret: creds.secretKey,
        other: { authId: creds.otherAuthId, secret: creds.otherSecretKey },
        inflight: new Set(),
        cancelled: new Set(),
      };
    },
    unstored: UNSTORED,
    route: (c, req) =>
      req.path === RESULT
        ? callback(c, req, 'result', RESULT)
        : req.path === CHECK
          ? callback(c, req, 'check', CHECK)
          : undefined,
    declare: (url, orders) => ({
      profile: 'greenleaves-v5',
      resultUrl: `${url}${RESULT}`,
      checkUrl: `${url}${CHECK}`,
      orders: [...orders, { orderId: 'NO-SUCH-ORDER-1', state: 'unknown' }],
    }),
    url: (d) => d.resultUrl!,
  });
}
