import { randomBytes } from 'node:crypto';
import { buildXml, fromPairs, salt, sign, verify, type PgMessage } from '../../protocols/greenleaves/index.ts';
import { sameDecimal } from '../../protocols/common/decimal.ts';
import { credentials } from '../../spec/credentials.ts';
import type { Clock } from '../../reference/clock.ts';
import { formFields, text, xml, type Incoming, type Outgoing } from '../../reference/server.ts';
import { parseFormBody } from '../../protocols/common/form.ts';
import type { SandboxHandle } from '../../reference/handle.ts';
import type { DeclaredOrder } from '../../harness/declaration.ts';
import type { MerchantOptions } from '../registry-types.ts';
import { startMerchant } from '../start.ts';
import type { Answer, MerchantStore } from '../store.ts';
import { GREENLEAVES_MERCHANT_DEFECTS, GREENLEAVES_MERCHANT_VARIANTS } from './defects.ts';
import { DEFAULT_GREENLEAVES_MERCHANT_POLICY, type GreenleavesMerchantPolicy } from './policy.ts';

/** What the control API offers the suite (the run's config names it before any worker starts this) */
export const GREENLEAVES_MERCHANT_CAPABILITIES: readonly string[] = ['clock', 'inspect'];

const RESULT = '/shop/pay/result';
const CHECK = '/shop/pay/check';
const LIFETIME_S = 86_400;

interface Ctx {
  secret: string;
  store: MerchantStore;
  clock: Clock;
  /** what this merchant does (the reference, or a defect's / variant's patch of it) */
  policy: GreenleavesMerchantPolicy;
  inflight: Set<string>;
}

function seedOrders(policy: GreenleavesMerchantPolicy): DeclaredOrder[] {
  const prefix = `PC${randomBytes(3).toString('hex').toUpperCase()}`;
  const { tiyn, tiynEvery } = policy.declares;
  const withTiyn = (i: number) => tiyn > 0 && (tiynEvery === 0 || (i + 1) % tiynEvery === 0);
  const payable = Array.from({ length: 30 }, (_, i): DeclaredOrder => ({
    orderId: `${prefix}P${i + 1}`,
    amount: withTiyn(i) ? (500 + i * 10 + tiyn / 100).toFixed(2) : String(500 + i * 10),
    currency: 'KZT',
    state: 'payable',
  }));
  const expired = Array.from({ length: 6 }, (_, i): DeclaredOrder => ({
    orderId: `${prefix}X${i + 1}`,
    amount: '750',
    currency: 'KZT',
    state: 'expired',
  }));
  return [...payable, ...expired];
}

/** Django's 403 page for a POST without its CSRF token (DEBUG off), as its default csrf_failure view
 *  writes it (the head of it) */
const DJANGO_CSRF_403 = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>403 Forbidden</title>
</head>
<body>
<div id="summary">
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>
</div>
</body>
</html>
`;

const FIXED_DESCRIPTIONS: Record<string, string> = { ok: 'Принято', rejected: 'Отказ', error: 'Ошибка' };

function answerXml(c: Ctx, script: string, a: Pick<Answer, 'status' | 'description'>): Outgoing {
  const p = c.policy.answer;
  const description = p.fixedDescriptions
    ? (FIXED_DESCRIPTIONS[a.status] ?? a.status) // a variant
    : p.rejectionReason !== true && a.status === 'rejected'
      ? p.rejectionReason === 'blank'
        ? ' '
        : ''
      : a.description; // GL-MCB-16
  const m: PgMessage = { pg_status: a.status };
  if (p.descriptionAlways || a.status === 'rejected') m.pg_description = description;
  if (p.extraField) m.shop_ref = 'paycert-reference';
  const status = a.status === 'rejected' ? p.rejectionStatus : 200; // a defect when not 200
  if (p.rejectionBare && script === 'result' && a.status === 'rejected') return text('Internal Server Error', status);
  if (!p.signed) return xml(buildXml(m), status); // GL-MCB-01, GL-MCB-02
  m.pg_salt = salt();
  m.pg_sig = sign(p.scriptName ?? script, m, c.secret); // GL-MCB-02
  const body = buildXml(m);
  // a defect: the description put into the XML as it is (an f-string), "&" and all
  return xml(
    p.echoesUnescaped
      ? body.replace(/(<pg_description>)([^<]*)/, (_, tag, d: string) => tag + d.replaceAll('&amp;', '&'))
      : body,
    status,
  );
}

function message(c: Ctx, req: Incoming): PgMessage {
  // GL-MCB-15: GET query, multipart or urlencoded POST, pg_xml
  const readsOnlyUrlencoded = c.policy.reads === 'urlencoded';
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const queryOnly = c.policy.reads === 'query' || (readsOnlyUrlencoded && type.includes('multipart/'));
  if (c.policy.plusAsSpace) return fromPairs(queryOnly ? [...req.url.searchParams.entries()] : formFields(req));
  // a defect: a '+' kept a '+' (a decoder of %XX only)
  const plusKept = (s: string) => [...new URLSearchParams(s.replaceAll('+', '%2B')).entries()];
  const body = queryOnly
    ? []
    : type.includes('application/x-www-form-urlencoded')
      ? plusKept(req.raw.toString('utf8'))
      : parseFormBody(req.raw, type);
  const pairs = [...plusKept(req.url.search), ...body];
  return fromPairs(pairs);
}

function signatureOk(c: Ctx, script: string, m: PgMessage): boolean {
  if (!c.policy.verifySignature) return true; // GL-MCB-03
  // GL-MCB-10: every field received takes part, pg_ or not; its URL's own query fields as the policy says
  const own = c.policy.signsOwnQuery ? [] : [...new URLSearchParams(c.policy.declares.query).keys()];
  const fields = Object.fromEntries(
    Object.entries(m).filter(([k]) => !own.includes(k) && (c.policy.signedFields !== 'pg-only' || k.startsWith('pg_'))),
  );
  const got = typeof m.pg_sig === 'string' ? m.pg_sig : undefined;
  const changed = VALUES_CHANGED[c.policy.signedValues as keyof typeof VALUES_CHANGED];
  if (changed)
    return verify(
      script,
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? changed(v) : v])),
      c.secret,
      got,
    ); // a defect
  if (c.policy.signedValues === 'non-empty') return verify(script, fields, c.secret, got, { skipEmpty: true }); // a defect
  const compare = c.policy.signatureCompare;
  if (compare === 'when-present' && !got) return true; // a defect
  if ((compare === 'prefix' && got !== undefined) || (compare === 'prefix-non-empty' && got))
    return sign(script, fields, c.secret).startsWith(got); // a defect
  if (compare === 'number' && got !== undefined)
    return parseInt(got, 16) === parseInt(sign(script, fields, c.secret), 16); // a defect
  // GL-MCB-23: the names ordered byte-wise, as the gateway signs ('folded' is a defect's)
  return verify(script, fields, c.secret, got, c.policy.nameOrder === 'folded' ? { order: 'folded' } : {});
}

/** How the defects change each value before verifying pg_sig over it (signedValues). */
const VALUES_CHANGED = {
  'url-encoded': encodeURIComponent,
  trimmed: (v: string) => v.trim(),
  'slashes-added': (v: string) => v.replace(/[\\'"]/g, '\\$&').replaceAll('\0', '\\0'),
  'decoded-again': (v: string) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  },
};

const s = (m: PgMessage, k: string) => (typeof m[k] === 'string' ? (m[k] as string) : '');

function amountMatches(how: GreenleavesMerchantPolicy['amountCompare'], declared: string | undefined, sent: string) {
  if (declared === undefined) return false;
  switch (how) {
    case 'number': // GL-MCB-21: the same amount however it is spelled
      return sameDecimal(declared, sent);
    case 'text': // the defects
      return declared === sent;
    case 'two-decimals-text':
      return Number(declared).toFixed(2) === sent;
    case 'whole-tenge':
      return parseInt(declared, 10) === parseInt(sent, 10);
    case 'not-above':
      return Number(sent) <= Number(declared);
    case 'money-format': // a variant: the gateway never sends more than two decimals (digest §1)
      return /^\d+(\.\d{1,2})?$/.test(sent) && sameDecimal(declared, sent);
  }
}

/** What this merchant answers to a first call for a payment. */
function decide(
  c: Ctx,
  kind: 'result' | 'check',
  m: PgMessage,
): { answer: Pick<Answer, 'status' | 'description'>; paid: boolean } {
  const order = c.store.order(s(m, 'pg_order_id'));
  const payment = s(m, 'pg_payment_id');
  const sameAmount = !!order && amountMatches(c.policy.amountCompare, order.amount, s(m, 'pg_amount'));
  const sameCurrency = !c.policy.comparesCurrency || (order?.currency ?? 'KZT') === s(m, 'pg_currency');
  const matches = !!order && sameAmount && sameCurrency;
  if (!order && c.policy.unknownOrderError)
    return { answer: { status: 'error', description: 'Заказ не найден' }, paid: false };
  // a defect: an integer amount column, a pg_amount with tiyn refused whatever the order's
  const tiynRefused = c.policy.refusesTiyn && !/^\d+$/.test(s(m, 'pg_amount'));
  if (kind === 'check') {
    if (tiynRefused) return { answer: { status: 'rejected', description: 'Неверная сумма' }, paid: false };
    if (!order && !c.policy.checkRefusesUnknown)
      return { answer: { status: 'ok', description: 'Заказ найден' }, paid: false };
    // GL-MCB-12
    const amountOk = sameAmount || !c.policy.checkComparesAmount;
    const can = order?.state === 'payable' && amountOk && sameCurrency && (!order.paidBy || order.paidBy === payment);
    return {
      answer: can
        ? { status: 'ok', description: 'Заказ можно оплатить' }
        : { status: 'rejected', description: order ? 'Заказ нельзя оплатить' : 'Заказ не найден' },
      paid: false,
    };
  }
  if (s(m, 'pg_result') !== '1') {
    // GL-MCB-09
    if (c.policy.failedPayment === 'error')
      return { answer: { status: 'error', description: 'Платеж не прошел' }, paid: false };
    if (c.policy.failedPayment === 'reject-when-allowed' && s(m, 'pg_can_reject') === '1')
      return { answer: { status: 'rejected', description: 'Платеж отменен' }, paid: false };
    return {
      answer: { status: 'ok', description: 'Неуспешный платеж принят к сведению' },
      paid: c.policy.failedPaymentPays && !!order, // GL-MCB-20 (a defect when true)
    };
  }
  // GL-MCB-05: rejected only with pg_can_reject=1; GL-MCB-13, GL-MCB-18: then it refuses what it cannot take
  const anyway = c.policy.rejectsWhenNotAllowed;
  const refuse = (why: string, kind?: 'other-amount' | 'paid-order') => ({
    answer:
      s(m, 'pg_can_reject') === '1' || anyway === 'always' || (kind !== undefined && anyway === kind)
        ? { status: 'rejected', description: why }
        : { status: 'ok', description: `Платеж принят (${why})` },
    paid: false,
  });
  if (!order)
    return c.policy.refusesUnknownOrder
      ? refuse('Заказ не найден')
      : { answer: { status: 'ok', description: 'Платеж принят' }, paid: false };
  if (order.state === 'expired' && c.policy.refusesUndeliverable) return refuse('Бронь истекла');
  if (tiynRefused) return refuse('Сумма или валюта не совпадает с заказом', 'other-amount');
  if (c.policy.refusesUnknownFields && Object.keys(m).some((k) => !k.startsWith('pg_')))
    return refuse('Неизвестный параметр');
  if (!matches && c.policy.refusesOtherAmount) return refuse('Сумма или валюта не совпадает с заказом', 'other-amount'); // GL-MCB-14 when it matches, GL-MCB-19
  if (order.paidBy && order.paidBy !== payment) return refuse('Заказ уже оплачен', 'paid-order');
  return { answer: { status: 'ok', description: 'Заказ оплачен' }, paid: true };
}

/** The answer when the store cannot record a first answer: nothing was decided, so the gateway's
 *  repeat is treated like a first call. */
const UNSTORED: Outgoing = text('the merchant cannot record the answer now', 500);

async function callback(c: Ctx, req: Incoming, kind: 'result' | 'check'): Promise<Outgoing> {
  // GL-MCB-22: a defect answers check_url later than the gateway waits
  if (kind === 'check' && c.policy.checkAnswerDelayMs > 0)
    await new Promise((r) => setTimeout(r, c.policy.checkAnswerDelayMs));
  // defects: Django's CSRF middleware or its APPEND_SLASH redirect in front of check_url's handler
  if (kind === 'check' && req.method !== 'GET' && c.policy.checkRefusal === 'django-csrf')
    return {
      status: 403,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: DJANGO_CSRF_403,
    };
  if (kind === 'check' && c.policy.checkRefusal === 'append-slash')
    return {
      status: 301,
      headers: { location: `${CHECK}/${req.url.search}`, 'content-type': 'text/html; charset=utf-8' },
      body: '',
    };
  // GL-MCB-11, GL-MCB-17
  if (c.policy.basicAuth[kind] && !req.headers.authorization) {
    return {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="shop"', 'content-type': 'text/plain' },
      body: 'authentication required',
    };
  }
  let m: PgMessage;
  try {
    m = message(c, req);
  } catch {
    return answerXml(c, kind, { status: 'error', description: 'Не удалось прочитать запрос' });
  }
  // a defect looks result_url's answers up by the order (a new payment of it gets the first one's)
  const byOrder = kind === 'result' && c.policy.answersBy === 'order';
  const key = `${kind}:${byOrder ? `order ${s(m, 'pg_order_id')}` : s(m, 'pg_payment_id')}`;
  const verifies = kind === 'result' || c.policy.checkVerifiesSignature; // GL-MCB-03 (a defect when not)
  if (
    verifies &&
    !signatureOk(c, c.policy.verifyScriptName ?? (kind === 'check' ? c.policy.checkVerifyScriptName : null) ?? kind, m)
  ) {
    const forged = {
      status: c.policy.unverifiedRejected && s(m, 'pg_can_reject') === '1' ? 'rejected' : 'error',
      // defect secret-in-refusal (GL-MCB-25): the sign base it expected, secret_key in it
      description: c.policy.secretInRefusal
        ? `Неверная подпись: ожидалась md5(${kind};…;${c.secret})`
        : 'Неверная подпись',
    };
    // GL-MCB-04: a forged call changes nothing
    if (c.policy.forgedRemembered && !c.store.tryRemember(key, { ...forged, at: c.clock.now() })) return UNSTORED;
    return answerXml(c, kind, forged);
  }
  const prev = c.store.answer(key);
  if (prev && c.policy.forgetsAfterLifetime && c.clock.now() - prev.at > LIFETIME_S * 1000) {
    return answerXml(c, kind, { status: 'error', description: 'Срок жизни заказа истек' });
  }
  if (prev) {
    // GL-MCB-24: the gateway's retry (pg_can_reject=0) of a payment answered rejected, that answer lost,
    // is a payment completed whatever the answer (seed 001): taken, and kept for the retries after it
    if (
      kind === 'result' &&
      prev.status === 'rejected' &&
      s(m, 'pg_can_reject') !== '1' &&
      c.policy.takesRetryAfterRejection
    ) {
      const taken = { status: 'ok', description: `Платеж принят (${prev.description})` };
      if (!c.store.tryRemember(key, { ...taken, at: prev.at })) return UNSTORED;
      return answerXml(c, kind, taken);
    }
    // GL-MCB-06: a repeat gets the first answer
    if (c.policy.repeat === 'http-500') return text('duplicate', 500);
    if (c.policy.repeat === 'error')
      return answerXml(c, kind, { status: 'error', description: 'Платеж уже обработан' });
    if (c.policy.repeat === 'failed-error' && kind === 'result' && s(m, 'pg_result') !== '1')
      return answerXml(c, kind, { status: 'error', description: 'Платеж уже зарегистрирован' });
    return answerXml(c, kind, prev);
  }
  // deciding and recording are one synchronous step; only the concurrent-race defect awaits between
  // them, so only it ever sees a call for the same payment in flight
  if (c.inflight.has(key))
    return c.policy.busy === 'http-409'
      ? text('payment in progress', 409)
      : answerXml(c, kind, { status: 'error', description: 'Платеж обрабатывается' });
  c.inflight.add(key);
  try {
    // the defect's handler does slow I/O before it records anything, so repeats overlap it
    if (c.policy.slowDecision) await new Promise((r) => setTimeout(r, 50));
    const { answer, paid } = decide(c, kind, m);
    if (paid && c.policy.answer.echoesUnescaped) answer.description += `: ${s(m, 'pg_description')}`; // a defect
    if (
      !c.store.tryRemember(
        key,
        { ...answer, at: c.clock.now() },
        paid ? { orderId: s(m, 'pg_order_id'), paymentId: s(m, 'pg_payment_id') } : undefined,
      )
    )
      return UNSTORED;
    return answerXml(c, kind, answer);
  } finally {
    c.inflight.delete(key);
  }
}

export function startGreenleavesMerchant(opts: MerchantOptions = {}): Promise<SandboxHandle> {
  return startMerchant(opts, {
    profile: 'greenleaves',
    capabilities: [...GREENLEAVES_MERCHANT_CAPABILITIES],
    policy: DEFAULT_GREENLEAVES_MERCHANT_POLICY,
    defects: GREENLEAVES_MERCHANT_DEFECTS,
    variants: GREENLEAVES_MERCHANT_VARIANTS,
    seed: seedOrders,
    context: (base): Ctx => ({ ...base, secret: credentials('greenleaves').secretKey, inflight: new Set() }),
    unstored: UNSTORED,
    route: (c, req) =>
      req.path === RESULT ? callback(c, req, 'result') : req.path === CHECK ? callback(c, req, 'check') : undefined,
    declare: (url, orders, policy) => ({
      profile: 'greenleaves',
      resultUrl: `${url}${RESULT}${policy.declares.query && `?${policy.declares.query}`}`,
      checkUrl: `${url}${CHECK}${policy.declares.query && `?${policy.declares.query}`}`,
      requestMethod: policy.declares.requestMethod,
      postEncoding: policy.declares.postEncoding,
      lifetimeSeconds: LIFETIME_S,
      orders: [...orders, { orderId: 'NO-SUCH-ORDER-1', state: 'unknown' }],
    }),
    url: (d) => d.resultUrl!,
  });
}
