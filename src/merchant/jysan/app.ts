import { randomBytes } from 'node:crypto';
import { verify, REDIRECT_SIGNED_FIELDS } from '../../protocols/jysan/signature.ts';
import { sameCurrency } from '../../protocols/jysan/currency.ts';
import { sameDecimal } from '../../protocols/common/decimal.ts';
import { credentials } from '../../spec/credentials.ts';
import type { Clock } from '../../reference/clock.ts';
import { html, text, type Incoming, type Outgoing } from '../../reference/server.ts';
import { parseFormBody } from '../../protocols/common/form.ts';
import type { SandboxHandle } from '../../reference/handle.ts';
import type { DeclaredOrder } from '../../harness/declaration.ts';
import type { MerchantOptions } from '../registry-types.ts';
import { startMerchant } from '../start.ts';
import type { MerchantStore } from '../store.ts';
import { JYSAN_MERCHANT_DEFECTS, JYSAN_MERCHANT_VARIANTS } from './defects.ts';
import { DEFAULT_JYSAN_MERCHANT_POLICY, type JysanMerchantPolicy } from './policy.ts';

/** What the control API offers the suite (the run's config names it before any worker starts this) */
export const JYSAN_MERCHANT_CAPABILITIES: readonly string[] = ['inspect'];

const BACKREF = '/shop/jysan/back';
/** variant order-status-pages: each order's status page, rendered from its state (JY-MRD-19) */
const STATUS_PAGE = /^\/shop\/jysan\/orders\/([0-9]{1,20})(?:\/(success|failure))?$/;

interface Ctx {
  secret: string;
  store: MerchantStore;
  clock: Clock;
  /** what this merchant does (the reference, or a defect's / variant's patch of it) */
  policy: JysanMerchantPolicy;
  /** defect repeat-fulfils-again: the shipments made per result (its redirect's or POST's key) */
  shipped: Map<string, number>;
  /** defect post-trusts-known-sign: the server POSTs' signs verified so far */
  verifiedSigns: Set<string>;
}

function seedOrders(): DeclaredOrder[] {
  // Jysan ORDER is N(6-10): digits only, leading zeros allowed. Every other order has one (a check's
  // two orders in a row are one of each, JY-MRD-02); ten digits, so that none is an array index and
  // the store lists them in this order (an object lists integer keys first, ascending)
  const base = 100000 + Math.floor(Math.random() * 800000);
  return Array.from({ length: 32 }, (_, i): DeclaredOrder => ({
    orderId: `${i % 2 === 0 ? '0' : '9'}${base}${String(i).padStart(3, '0')}`,
    amount: `${1000 + i}.50`,
    currency: 'KZT',
    state: 'payable',
  }));
}

function page(c: Ctx, status: number, title: string): Outgoing {
  const to = (path: string): Outgoing => ({
    status: 303,
    headers: { location: `${path}?title=${encodeURIComponent(title)}`, 'content-type': 'text/plain' },
    body: title,
  });
  if (c.policy.redirectsToResult && status < 300) return to('/shop/jysan/done');
  if (c.policy.redirectsRefusals && status >= 400 && status < 500) return to('/shop/jysan/failed');
  return html(
    `<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>${title}</title></head><body><h1 id="result">${title}</h1></body></html>\n`,
    status,
  );
}

/** defect repeat-fulfils-again: the result `key` (of a paid order, on `channel`) shipped once more,
 *  the shipment's number; undefined when the policy ships once, or the result paid nothing. */
function shipment(c: Ctx, channel: 'redirect' | 'post', key: string, f: Record<string, string>): number | undefined {
  const policy = channel === 'redirect' ? c.policy.repeat : c.policy.postRepeat;
  if (policy !== 'fulfils-again' || c.store.order(f.order!)?.paidBy !== f.mpi_order) return undefined;
  const n = (c.shipped.get(key) ?? 0) + 1;
  c.shipped.set(key, n);
  return n;
}

/** Text outside ASCII: the bank's Russian res_desc (defect declined-cyrillic-crashes). */
const NON_ASCII = /[^\x00-\x7f]/;

/** Variant answers-stamped: a request token and the time in every answer, made afresh for each. */
function stamped(c: Ctx, o: Outgoing): Outgoing {
  if (!c.policy.stamped || typeof o.body !== 'string') return o;
  const mark = `Запрос ${randomBytes(16).toString('hex')}, ${new Date().toISOString()}`;
  const body = o.body.includes('</body>')
    ? o.body.replace('</body>', `<p class="stamp">${mark}</p></body>`)
    : `${o.body} (${mark})`;
  return { ...o, body };
}

/** Defect secret-in-refusal (JY-MRD-18): a refusal carrying the shop's debug line, SHARED_SECRET in it. */
function debugged(c: Ctx, o: Outgoing): Outgoing {
  if (!c.policy.secretInRefusal || typeof o.body !== 'string') return o;
  const line =
    c.policy.secretInRefusal === 'chars'
      ? `<!-- debug: key=[${[...c.secret].join(', ')}] -->`
      : `<!-- debug: base=${c.secret}order;mpi_order;rrn;res_code;amount;currency;res_desc; -->`;
  return {
    ...o,
    body: o.body.includes('</body>') ? o.body.replace('</body>', `${line}</body>`) : `${o.body}\n${line}`,
  };
}

/** The sign check both channels share: undefined when the result is taken as genuine, else what is
 *  answered (a refusal, or the 500 of a defect's throwing compare). */
function signRefusal(
  c: Ctx,
  q: Record<string, string>,
  fields: Record<string, string>,
  verifying: boolean,
  channel: 'redirect' | 'post',
) {
  const sign = q.sign;
  if (!verifying || (!sign && !c.policy.signRequired)) return undefined; // defect sign-optional
  // defects rrn-required, redirect-rrn-required
  if (q.rrn === undefined && (c.policy.rrnRequired === 'both' || c.policy.rrnRequired === channel)) return 'refused';
  if (sign !== undefined && sign.length !== 128 && c.policy.otherLengthSign === 'crash') return 'crash';
  // defect order-read-as-number: ORDER taken as a number (0004100 as 4100) in the sign base
  const order = c.policy.orderAsNumber && /^[0-9]+$/.test(fields.order!) ? String(Number(fields.order)) : fields.order;
  // defect sign-drops-leading-zero: its own sign one digit short when the digest starts with 0
  if (c.policy.signDropsLeadingZero && sign?.startsWith('0')) return 'refused';
  // defect strips-crlf-pairs-only: "\r\n" removed, a lone LF or CR left in the sign base
  const pairsOnly = c.policy.lineBreaks === 'pairs';
  const res_desc = pairsOnly ? fields.res_desc!.replace(/\r\n/g, '') : fields.res_desc;
  const opts = pairsOnly ? { ...c.policy.signBase, stripLineBreaks: false } : c.policy.signBase;
  return verify('redirect', { ...fields, order, res_desc }, c.secret, sign ?? '', opts) ? undefined : 'refused';
}

/** Whether the result's amount is not the order's (JY-MRD-12, read as a number, JY-MRD-14) or
 *  its currency is another (JY-MRD-13). */
function otherAmount(c: Ctx, order: DeclaredOrder, amount: string, currency: string): boolean {
  const want = order.currency ?? 'KZT';
  // JY-MRD-16: KZT or 398 (defect currency-letters-only: the letters only)
  const same = c.policy.currencyForms === 'letters' ? currency.toUpperCase() === want : sameCurrency(currency, want);
  if (c.policy.refusesOtherCurrency && !same) return true;
  return otherSum(c, order.amount!, amount);
}

function otherSum(c: Ctx, orderAmount: string, amount: string): boolean {
  if (!c.policy.refusesOtherAmount) return false;
  switch (c.policy.amountCompare) {
    case 'number': // JY-MRD-14: the same amount however it is spelled ("1000.5" for "1000.50")
      return !sameDecimal(orderAmount, amount);
    case 'text': // a defect
      return orderAmount !== amount;
    case 'whole': // a defect
      return parseInt(orderAmount, 10) !== parseInt(amount, 10);
  }
}

/** A paid order's page title (variant paid-page-shows-amount: its amount as the order has it, not as
 *  the result spelled it). */
function paidTitle(c: Ctx, order: DeclaredOrder): string {
  const amount = c.policy.paidPageShowsAmount
    ? `. Сумма: ${Number(order.amount).toFixed(2)} ${order.currency ?? 'KZT'}`
    : '';
  return `Заказ оплачен${amount}`;
}

/** Defect sanitizes-input: every value HTML-escaped (htmlspecialchars) before the sign is verified. */
const escapedHtml = (v: string): string =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');

/** A value as the shop reads it (defect sanitizes-input: HTML-escaped). */
const read = (c: Ctx, v: string): string => (c.policy.sanitizesInput ? escapedHtml(v) : v);

/** The page when the store cannot record the outcome: nothing was decided, so a reload is treated
 *  like the first redirect. */
const UNSTORED: Outgoing = text('the shop cannot record the payment now', 500);

/** A decoded value decoded once more (defect decodes-twice: a framework's decoded parameters passed
 *  through urldecode again, `+` a space and a `%XX` a byte; decodes-percent-twice: through rawurldecode,
 *  a `%XX` alone, as Perl's uri_unescape does). */
function decodeAgain(c: Ctx, v: string): string {
  const w = c.policy.decodesTwice === 'form' ? v.replace(/\+/g, ' ') : v;
  return w.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Text decoded as UTF-8 read again as ISO-8859-1, byte for byte: what a server decoding %XX as
 *  ISO-8859-1 (Tomcat's default) gets (defect post-latin1). */
const asLatin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

/** The values the shop acts on: the verified ones, or (defect sign-first-act-last) each parameter's
 *  last value, read from another map of the request than the one the sign was verified over. */
function actedOn(c: Ctx, verified: Record<string, string>, pairs: Array<[string, string]>): Record<string, string> {
  if (c.policy.duplicates === 'first') return verified;
  const last = Object.fromEntries(pairs.map(([k, v]) => [k, read(c, c.policy.decodesTwice ? decodeAgain(c, v) : v)]));
  return Object.fromEntries(REDIRECT_SIGNED_FIELDS.map((k) => [k, last[k] ?? '']));
}

/** The bank's server-to-server POST of the result to BACKREF (no redirect=true, digest §A10): the
 *  redirect's fields and sign in a form body; answered with a short text, never a page. */
function posted(c: Ctx, req: Incoming): Outgoing {
  if (c.policy.post === 'refused') return { ...text('method not allowed', 405), headers: { allow: 'GET' } }; // JY-MRD-08
  const q: Record<string, string> = Object.create(null) as Record<string, string>;
  const pairs =
    c.policy.postDecoding === 'uri'
      ? req.raw
          .toString('utf8')
          .split('&')
          .map((kv): [string, string] => {
            const [k = '', v = ''] = kv.split('=');
            return [decodeURIComponent(k), decodeURIComponent(v)];
          })
      : c.policy.postDecoding === 'latin1'
        ? parseFormBody(req.raw, req.headers['content-type'] ?? '').map(([k, v]): [string, string] => [
            asLatin1(k),
            asLatin1(v),
          ])
        : parseFormBody(req.raw, req.headers['content-type'] ?? '');
  for (const [k, v] of pairs) q[k] ??= read(c, c.policy.decodesTwice ? decodeAgain(c, v) : v);
  const signedFields = Object.fromEntries(REDIRECT_SIGNED_FIELDS.map((k) => [k, q[k] ?? '']));
  const fields = actedOn(c, signedFields, pairs);
  if (c.policy.postPaysBeforeVerify && fields.res_code === '0') {
    // defect post-forged-pays: the order is updated first, the sign verified afterwards
    const o = c.store.order(fields.order!);
    if (o && o.paidBy === undefined) {
      const a = { status: '200', description: 'OK', at: c.clock.now() };
      if (
        !c.store.tryRemember(`post-first:${fields.order}`, a, { orderId: fields.order!, paymentId: fields.mpi_order! })
      )
        return UNSTORED;
    } else if (o?.paidBy !== undefined && o.paidBy !== fields.mpi_order) return text('order already paid', 409);
  }
  // defect accepts-forged-post-paid-guard: a paid order's POST of another payment refused first
  if (c.policy.postPaidGuardFirst) {
    const o = c.store.order(fields.order!);
    if (o?.paidBy !== undefined && o.paidBy !== fields.mpi_order) return text('order already paid', 409);
  }
  // JY-MRD-07: only the bank can sign the result (defect post-trusts-known-sign: a sign verified before
  // is taken as it is, whatever it is sent with)
  const known = c.policy.postTrustsKnownSign && q.sign !== undefined && c.verifiedSigns.has(q.sign);
  const bad = signRefusal(c, q, signedFields, c.policy.verifyPostSign && !known, 'post');
  if (!bad && q.sign !== undefined && c.policy.postTrustsKnownSign) c.verifiedSigns.add(q.sign);
  if (bad === 'crash') return text('internal error', 500);
  if (bad) {
    // defect post-forged-blocks-order (JY-MRD-17)
    if (
      c.policy.postForgedBlocksOrder &&
      !c.store.tryRemember(`blocked:${fields.order}`, { status: '403', description: 'blocked', at: c.clock.now() })
    )
      return UNSTORED;
    return debugged(c, text('sign does not verify', c.policy.refusalStatus));
  }
  // defect accepts-forged-post-order-as-number: ORDER read as a number finds no order with leading
  // zeros, whatever the result says
  if (c.policy.postFindsOrderAsNumber && /^0[0-9]/.test(fields.order!)) return text('unknown order', 404);
  const key = `post:${fields.order}:${fields.mpi_order}`;
  const prev = c.store.answer(key);
  if (prev) {
    // JY-MRD-10: the first answer again
    if (c.policy.postRepeat === 'conflict') return text('already processed', 409);
    const n = shipment(c, 'post', key, fields);
    if (c.policy.postRepeat === 'ignored' && c.store.order(fields.order!)?.paidBy === fields.mpi_order)
      return text('DUPLICATE IGNORED', 200);
    return text(n === undefined ? prev.description : `${prev.description} ${n}`, Number(prev.status));
  }
  if (c.store.answer(`blocked:${fields.order}`)) return text('order blocked', 403);
  // JY-MRD-11 (defect declined-cyrillic-crashes: the bank's Russian res_desc)
  const failureCrashes =
    c.policy.postFailure === 'crash' || (c.policy.declinedTextCrash && NON_ASCII.test(fields.res_desc!));
  if (fields.res_code !== '0' && failureCrashes) return text('internal error', 500);
  if (fields.res_code !== '0' && c.policy.postFailure === 'refused')
    return text('sign does not verify', c.policy.refusalStatus); // JY-MRD-08
  const order = c.store.order(fields.order!);
  const differs = !!order && otherAmount(c, order, fields.amount!, fields.currency!); // JY-MRD-12
  // defect post-declined-pays: res_code not read on the POST, a failed payment's taken as a paid one's
  const success = fields.res_code === '0' || c.policy.postFailure === 'pays';
  const paid = success && !!order && !differs;
  // defect declined-unpays (JY-MRD-19): a failed attempt's result turns a paid order back
  const unpays = !success && order?.paidBy !== undefined && c.policy.declinedUnpays;
  const [status, description] = !success
    ? [c.policy.postFailureStatus, 'payment failed: noted']
    : !order
      ? c.policy.unknownOrder === 'paid'
        ? [c.policy.postOkStatus, 'OK'] // defect accepts-unknown-order
        : [404, 'unknown order'] // JY-MRD-15
      : !paid
        ? [409, 'amount differs from the order']
        : [c.policy.postOkStatus, 'OK'];
  if (
    !c.store.tryRemember(
      key,
      { status: String(status), description, at: c.clock.now() },
      paid ? { orderId: fields.order!, paymentId: fields.mpi_order! } : unpays ? { unpaid: fields.order! } : undefined,
    )
  )
    return UNSTORED;
  const n = shipment(c, 'post', key, fields);
  return text(n === undefined ? description : `${description} ${n}`, status); // JY-MRD-08
}

/** The merchant's page at BACKREF: the browser lands here after the payment (GET, redirect=true). */
/** Apache's own 403 page, as a mod_rewrite [F] rule answers it. */
const APACHE_403 =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>\n</body></html>\n';

function backref(c: Ctx, req: Incoming): Outgoing {
  if (req.method === 'POST') return posted(c, req);
  // defect edge-refuses-quotes: a rule in front of the shop refusing a quote or '<' in the query
  if (c.policy.edgeRefusesQuotes && /%22|%27|%3C|["'<]/i.test(req.url.search))
    return { status: 403, headers: { 'content-type': 'text/html; charset=iso-8859-1' }, body: APACHE_403 };
  // JY-MRD-05
  if (c.policy.basicAuth && !req.headers.authorization) {
    return {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="shop"', 'content-type': 'text/plain' },
      body: 'authentication required',
    };
  }
  // JY-MRD-02: a `+` in the query is a space (defect redirect-plus-kept: decodeURIComponent alone)
  const pairs =
    c.policy.queryDecoding === 'uri'
      ? req.url.search
          .slice(1)
          .split('&')
          .map((kv): [string, string] => {
            const [k = '', v = ''] = kv.split('=');
            return [decodeURIComponent(k), decodeURIComponent(v)];
          })
      : [...req.url.searchParams.entries()];
  // a parameter sent twice: its first value (the POST's too)
  const q: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of pairs) q[k] ??= read(c, c.policy.decodesTwice ? decodeAgain(c, v) : v);
  const signedFields = Object.fromEntries(REDIRECT_SIGNED_FIELDS.map((k) => [k, q[k] ?? '']));
  const fields = actedOn(c, signedFields, pairs);
  // JY-MRD-01, JY-MRD-02: sign over the seven values, CR/LF removed from res_desc
  const bad = signRefusal(c, q, signedFields, c.policy.verifySign, 'redirect');
  if (bad === 'crash') return text('internal error', 500);
  // defect accepts-forged-redirect-order-as-number: no order with leading zeros is found
  if (c.policy.redirectFindsOrderAsNumber && /^0[0-9]/.test(fields.order!)) return page(c, 404, 'Заказ не найден');
  const genuine = !bad;
  const key = `redirect:${fields.order}:${fields.mpi_order}`;
  if (!genuine) {
    // JY-MRD-03: a forged redirect changes nothing
    if (
      c.policy.forgedBlocksOrder &&
      !c.store.tryRemember(`blocked:${fields.order}`, { status: '403', description: 'blocked', at: c.clock.now() })
    )
      return UNSTORED;
    // JY-MRD-01 (variant forged-page-200: the error page with HTTP 200)
    const status = c.policy.refusalPageOk ? 200 : c.policy.refusalStatus;
    return debugged(c, page(c, status, 'Подпись результата неверна'));
  }
  const prev = c.store.answer(key);
  if (prev) {
    // JY-MRD-04: the first page again
    if (c.policy.repeat === 'conflict') return page(c, 409, 'Уже обработано');
    if (c.policy.repeat === 'error-page') return page(c, 200, 'Ошибка: этот платёж уже был обработан ранее');
    const n = shipment(c, 'redirect', key, fields);
    const again = Number(prev.status);
    const to = toStatusPage(c, again, fields.order!, prev.description);
    return to ?? page(c, again, n === undefined ? prev.description : `${prev.description}. Отправление №${n}`);
  }
  if (c.store.answer(`blocked:${fields.order}`)) return page(c, 403, 'Заказ заблокирован');
  const order = c.store.order(fields.order!);
  let status = 200;
  let title: string;
  let paid = false;
  let unpays = false;
  // defect declined-shown-paid: res_code not read, a failed payment's result taken as a paid one's
  if (fields.res_code !== '0' && c.policy.failure !== 'paid') {
    // JY-MRD-06 (defect declined-cyrillic-crashes: the bank's Russian res_desc)
    if (c.policy.failure === 'crash' || (c.policy.declinedTextCrash && NON_ASCII.test(fields.res_desc!)))
      return text('internal error', 500);
    // a failed attempt for an order already paid: the order's page as it is (JY-MRD-11 tells by it
    // whether a failed payment's POST took the order as paid)
    // (JY-MRD-19: it stays paid; defect declined-unpays: turned back, the failure page)
    unpays = order?.paidBy !== undefined && c.policy.declinedUnpays;
    if (order?.paidBy !== undefined && !unpays) title = paidTitle(c, order);
    else {
      status = c.policy.failureStatus;
      title = 'Оплата не прошла';
    }
  } else if (!order && c.policy.unknownOrder === 'paid') {
    title = 'Заказ оплачен'; // defect accepts-unknown-order
  } else if (!order) {
    status = 404; // JY-MRD-15
    title = 'Заказ не найден';
  } else if (!c.policy.redirectPays) {
    // variant redirect-awaits-post: the server POST alone pays the order (an unknown one is 404)
    title = 'Спасибо! Результат оплаты получен, ждём подтверждения банка';
  } else if (c.policy.redirectComparesAmount && otherAmount(c, order, fields.amount!, fields.currency!)) {
    // JY-MRD-12 (defect redirect-ignores-amount-status-page: the server POST alone compares)
    status = 409;
    title = 'Сумма не совпадает с заказом';
  } else {
    title = paidTitle(c, order);
    paid = true;
  }
  // variant pages-show-result: the result as the redirect carried it
  if (c.policy.pageShowsResult && status < 300)
    title += escapedHtml(
      `. Сумма: ${fields.amount} ${fields.currency}. RRN: ${fields.rrn}. Ответ банка: ${fields.res_desc}`,
    );
  if (
    !c.store.tryRemember(
      key,
      { status: String(status), description: title, at: c.clock.now() },
      paid ? { orderId: fields.order!, paymentId: fields.mpi_order! } : unpays ? { unpaid: fields.order! } : undefined,
    )
  )
    return UNSTORED;
  const n = shipment(c, 'redirect', key, fields);
  return (
    toStatusPage(c, status, fields.order!, title) ??
    page(c, status, n === undefined ? title : `${title}. Отправление №${n}`)
  );
}

/** Variant order-status-pages: a result answered with a page of an order it has is sent (303) to that
 *  order's status page, the paid one's or the failure one's; undefined: answered as the policy says. */
function toStatusPage(c: Ctx, status: number, orderId: string, title: string): Outgoing | undefined {
  if (!c.policy.statusPages || status >= 300 || !c.store.order(orderId)) return undefined;
  const kind = title.startsWith('Заказ оплачен') ? 'success' : 'failure';
  const at = `/shop/jysan/orders/${orderId}${c.policy.statusPages === 'one-place' ? '' : `/${kind}`}`;
  return {
    status: 303,
    headers: { location: at, 'content-type': 'text/plain' },
    body: kind,
  };
}

/** Variant order-status-pages: the order's page as its state is now, whichever of the two is asked (a
 *  paid order turned back, defect declined-unpays-status-page, shows the failure page at /success). */
function statusPage(c: Ctx, req: Incoming): Outgoing | undefined {
  const m = c.policy.statusPages && req.method === 'GET' ? STATUS_PAGE.exec(req.path) : null;
  const order = m ? c.store.order(m[1]!) : undefined;
  if (!order) return undefined;
  return page(
    c,
    200,
    order.paidBy !== undefined ? `Заказ ${order.orderId} оплачен` : `Оплата заказа ${order.orderId} не прошла`,
  );
}

export function startJysanMerchant(opts: MerchantOptions = {}): Promise<SandboxHandle> {
  return startMerchant(opts, {
    profile: 'jysan',
    capabilities: [...JYSAN_MERCHANT_CAPABILITIES],
    policy: DEFAULT_JYSAN_MERCHANT_POLICY,
    defects: JYSAN_MERCHANT_DEFECTS,
    variants: JYSAN_MERCHANT_VARIANTS,
    seed: seedOrders,
    context: (base): Ctx => ({
      ...base,
      secret: credentials('jysan').sharedSecret,
      shipped: new Map(),
      verifiedSigns: new Set(),
    }),
    unstored: UNSTORED,
    route: (c, req) => (req.path === BACKREF ? stamped(c, backref(c, req)) : statusPage(c, req)),
    declare: (url, orders) => ({
      profile: 'jysan',
      backref: `${url}${BACKREF}?redirect=true`,
      orders: [...orders, { orderId: '9999999999', state: 'unknown' }],
    }),
    url: (d) => d.backref!,
  });
}
