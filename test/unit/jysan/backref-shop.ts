// A small Jysan BACKREF shop for the merchant checks' unit tests, modelled on a probe's Python shop
// (written from seed 002 and digest §A10): the payer's GET redirect and the bank's server POST, the
// result's sign verified, the order's amount and currency compared, each answer in one of the styles
// real shops use. `bugs` plants what the probe found paycert judged wrongly.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '../../../src/protocols/jysan/signature.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { realSubjectOf } from '../../../src/harness/reference.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { checks } from '../../../suites/jysan/index.ts';

export type Bug =
  /** a failed payment's result taken as a paid one's (res_code never read) */
  | 'ignore-res-code'
  /** the sign verified over ORDER read as a number: 0004100 as 4100 */
  | 'order-int'
  /** the query and body decoded with decodeURIComponent alone: a `+` stays a `+` */
  | 'plus-literal'
  /** a result for an order it does not have answered as a paid one */
  | 'accept-unknown'
  /** the result's currency compared with the order's letters only (398 for KZT refused) */
  | 'currency-letters-only'
  /** a result for an order it does not have sent (303) to the paid page, /thanks */
  | 'unknown-to-thanks'
  /** a failed payment's result whose res_desc is not ASCII answered HTTP 500 (the raw bytes joined to
   *  UTF-8 text: Ruby's Encoding::CompatibilityError), on both channels */
  | 'crash-cyrillic-declined'
  /** the redirect takes any amount (the server POST compares it) */
  | 'ignore-amount-redirect'
  /** only res_code "00" is a success (an ISO 8583 habit): the bank's "0" is read as a failure */
  | 'success-00'
  /** a failed payment makes the order unpayable: a later success is answered as a failure */
  | 'declined-kills-order'
  /** a repeat of a paid result answered otherwise: "DUPLICATE IGNORED", an "already processed" page */
  | 'repeat-text'
  /** every repeat of a paid result ships the order again: "OK 2", "Отправление №2" */
  | 'double-fulfil'
  /** a forged result locks the order: the genuine one after it is refused as forged */
  | 'lock-on-forged'
  /** a failed payment's server POST answered as a forged one (400 "invalid sign") */
  | 'post-declined-as-forged'
  /** a failed payment's server POST marks the order paid (res_code not read there), answered "OK" */
  | 'declined-post-pays'
  /** every value HTML-escaped (htmlspecialchars) before the sign is verified, on both channels */
  | 'sanitize-input'
  /** an amount up to the order's taken ("never more than ordered"): underpayment accepted */
  | 'amount-le'
  /** any numeric currency code taken (840 for a KZT order), the letters compared */
  | 'currency-numeric-any'
  /** every value trimmed before the sign is verified */
  | 'trim'
  /** a successful result marks its order paid before the sign, amount and currency are verified */
  | 'paid-before-verify'
  /** a repeat of a paid result answered with the failed payment's page (200 "Оплата не прошла") */
  | 'repeat-failure-page'
  /** every result sets the order's state, last write wins: a failed one turns a paid order back to
   *  unpaid, and the paid one sent again pays it again (a probe's Perl shop) */
  | 'failed-unpays'
  /** a redirect without an rrn parameter (a declined payment's) refused as a forged one (the sign base
   *  built from an rrn taken as always there; an rrn present but empty verifies) */
  | 'redirect-rrn-required';

export type Style =
  /** 200 pages, 400 for a forged result, 404 for an unknown order */
  | 'page'
  /** every result of an order it has sent (302) to the order's status page, which shows whether it is paid */
  | 'status'
  /** 302 to /thanks when paid, to /payment-failed otherwise */
  | 'redirect-302'
  /** one page for every redirect, whatever became of it ("the result is received") */
  | 'one-page'
  /** a paid result's page in place (200), every refusal 303 to /payment-failed */
  | 'refusal-303'
  /** every redirect, refused ones too, sent (302, a forged one 303) to the order's status page on
   *  another host (https://www.shop.invalid) */
  | 'elsewhere'
  /** the redirect's sign verified, and every genuine successful one answered with one page
   *  ("awaiting the bank's confirmation"), whatever its order, amount or currency: only the server
   *  POST pays an order */
  | 'awaits-post'
  /** every genuine result of an order it has sent (302) to the order in the payer's account, behind
   *  a login (/account/orders/N sends a browser without a session to /login) */
  | 'account'
  /** as 'status', but with a 200 "please wait" page moving the browser on by a meta refresh (and
   *  location.replace) to the order's status page */
  | 'meta'
  /** as 'meta', by location.replace alone (no meta refresh) */
  | 'script';

export interface ShopOptions {
  bugs?: Bug[];
  style?: Style;
  /** the status of the POST answer for a failed payment (200 by default) */
  declinedPostStatus?: number;
  orders: Array<{ orderId: string; amount: string; currency?: string }>;
  /** the CSRF token each status page carries, made afresh for every page (none by default) */
  csrf?: () => string;
  /** every page and POST answer carries a request token and the time it was made */
  stamp?: boolean;
  unknown?: string;
  /** a paid order's page echoes the result: its amount, currency, rrn and res_desc (HTML-escaped) */
  details?: boolean;
  /** BACKREF without redirect=true: the bank sends only its server POST */
  noRedirect?: boolean;
  /** a redirect it refuses (forged, an order it does not have, another amount or currency) answered
   *  HTTP 200 with a refusal page in place, whatever the style (a probe's Perl shop) */
  refusals200?: boolean;
  /** every redirect it refuses and every failed payment's answered alike: HTTP 400 "Оплата не прошла"
   *  (a terse shop that verifies signs) */
  terse400?: boolean;
}

const FIELDS = ['order', 'mpi_order', 'rrn', 'res_code', 'amount', 'currency', 'res_desc'] as const;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>\n`;

/** Starts the shop; its subject as a real target's, with a declaration of its orders. */
export async function startShop(o: ShopOptions): Promise<{ subject: Subject; close: () => Promise<void> }> {
  const bugs = new Set(o.bugs ?? []);
  const style = o.style ?? 'page';
  const secret = credentials('jysan').sharedSecret;
  const state = new Map(
    o.orders.map((x) => [
      x.orderId,
      { ...x, currency: x.currency ?? 'KZT', paid: false, mpi: '', shipments: 0, locked: false, dead: false },
    ]),
  );
  const stamp = () => (o.stamp ? ` Запрос ${randomBytes(16).toString('hex')}, ${new Date().toISOString()}.` : '');

  const parse = (raw: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const part of raw.split('&')) {
      if (!part) continue;
      const [k = '', v = ''] = part.split('=');
      const dec = (s: string) => decodeURIComponent(bugs.has('plus-literal') ? s : s.replace(/\+/g, ' '));
      const value = bugs.has('sanitize-input') ? esc(dec(v)) : dec(v);
      out[dec(k)] ??= bugs.has('trim') ? value.trim() : value;
    }
    return out;
  };
  const signOk = (p: Record<string, string>) => {
    const f = Object.fromEntries(FIELDS.map((k) => [k, p[k] ?? '']));
    if (bugs.has('order-int') && /^[0-9]+$/.test(f.order!)) f.order = String(Number(f.order));
    return !!p.sign && sign('redirect', f, secret) === p.sign.toLowerCase();
  };
  type Kind = 'forged' | 'unknown' | 'failed' | 'mismatch' | 'paid' | 'crash' | 'repeat' | 'awaiting';
  const judge = (p: Record<string, string>, redirect: boolean): Kind => {
    const early = state.get(p.order ?? '');
    if (bugs.has('paid-before-verify') && p.res_code === '0' && early && !early.paid)
      Object.assign(early, { paid: true, mpi: p.mpi_order, shipments: 1 });
    if (!signOk(p) || (redirect && bugs.has('redirect-rrn-required') && p.rrn === undefined)) {
      if (bugs.has('lock-on-forged') && state.has(p.order ?? '')) state.get(p.order ?? '')!.locked = true;
      return 'forged';
    }
    if (redirect && style === 'awaits-post') return p.res_code === '0' ? 'awaiting' : 'failed';
    const order = state.get(p.order ?? '');
    if (!order) return bugs.has('accept-unknown') ? 'paid' : 'unknown';
    if (order.locked) return 'forged';
    const success = bugs.has('success-00') ? p.res_code === '00' : p.res_code === '0';
    if (!success && !bugs.has('ignore-res-code')) {
      if (bugs.has('crash-cyrillic-declined') && /[^\x00-\x7f]/.test(p.res_desc ?? '')) return 'crash';
      if (bugs.has('declined-kills-order')) order.dead = true;
      if (bugs.has('failed-unpays')) Object.assign(order, { paid: false, mpi: '' });
      if (!redirect && bugs.has('declined-post-pays') && !order.paid)
        Object.assign(order, { paid: true, mpi: p.mpi_order });
      return 'failed';
    }
    if (order.dead) return 'failed';
    const anyAmount = redirect && bugs.has('ignore-amount-redirect');
    const sameAmount = bugs.has('amount-le')
      ? Number(p.amount) <= Number(order.amount)
      : Number(p.amount) === Number(order.amount);
    if (!anyAmount && (!sameAmount || !/^[0-9.]+$/.test(p.amount ?? ''))) return 'mismatch';
    const numbers: Record<string, string> = { KZT: '398', USD: '840' };
    const cur = p.currency ?? '';
    const anyNumber = bugs.has('currency-numeric-any') && /^[0-9]{3}$/.test(cur);
    if (cur !== order.currency && !anyNumber && (bugs.has('currency-letters-only') || cur !== numbers[order.currency]))
      return 'mismatch';
    if (order.paid && order.mpi === p.mpi_order) {
      if (bugs.has('double-fulfil')) order.shipments++;
      if (bugs.has('repeat-text')) return 'repeat';
      if (bugs.has('repeat-failure-page')) return 'failed';
    } else if (!order.paid) Object.assign(order, { paid: true, mpi: p.mpi_order, shipments: 1 });
    return 'paid';
  };
  const shipments = (id: string) => state.get(id)?.shipments ?? 0;
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
  const redirect = (res: ServerResponse, kind: Kind, p: Record<string, string>) => {
    const id = p.order ?? '';
    if (kind === 'crash') return send(res, 500, 'Internal Server Error', { 'content-type': 'text/plain' });
    if (o.terse400 && kind !== 'paid' && kind !== 'repeat' && kind !== 'awaiting')
      return send(res, 400, page('Оплата не прошла', 'Оплата не прошла.'));
    if (o.refusals200 && (kind === 'forged' || kind === 'unknown' || kind === 'mismatch'))
      return send(res, 200, page('Ошибка оплаты', 'Результат оплаты не принят.'));
    if ((style === 'meta' || style === 'script') && kind !== 'unknown') {
      const to = `/orders/${encodeURIComponent(id)}/status`;
      const meta = style === 'meta' ? `<meta http-equiv="refresh" content="0;url=${esc(to)}">` : '';
      return send(
        res,
        200,
        `<!doctype html><html><head><meta charset="utf-8">${meta}<title>Переход</title></head><body><p>Подождите… <a href="${esc(to)}">Перейти</a></p><script>location.replace(${JSON.stringify(to)});</script></body></html>`,
      );
    }
    if (style === 'elsewhere')
      return send(res, kind === 'forged' ? 303 : 302, '', {
        location: `https://www.shop.invalid/orders/${encodeURIComponent(id)}/status`,
      });
    if (style === 'account' && (kind === 'paid' || kind === 'failed'))
      return send(res, 302, '', { location: `/account/orders/${encodeURIComponent(id)}` });
    if (kind === 'awaiting')
      return send(res, 200, page('Спасибо!', `Мы получили результат оплаты заказа №${id} и ждём подтверждения банка.`));
    if (kind === 'repeat') return send(res, 200, page('Уже обработано', `Заказ ${id} уже был оплачен ранее.`));
    if (style === 'status' && kind !== 'unknown')
      return send(res, 302, '', { location: `/orders/${encodeURIComponent(id)}/status` });
    if (style === 'one-page') return send(res, 200, page('Спасибо', 'Результат оплаты получен.'));
    if (style === 'redirect-302')
      return kind === 'paid'
        ? send(res, 302, '', { location: `/thanks?order=${encodeURIComponent(id)}` })
        : send(res, 302, '', { location: `/payment-failed?order=${encodeURIComponent(id)}` });
    if (kind === 'unknown' && bugs.has('unknown-to-thanks'))
      return send(res, 303, '', { location: `/thanks?order=${encodeURIComponent(id)}` });
    if (style === 'refusal-303' && kind !== 'paid' && kind !== 'failed')
      return send(res, 303, '', { location: `/payment-failed?order=${encodeURIComponent(id)}` });
    if (kind === 'paid') {
      const shipped = bugs.has('double-fulfil') ? ` Отправление №${shipments(id)}.` : '';
      const details = o.details
        ? ` Сумма: ${esc(`${p.amount} ${p.currency}`)}. RRN: ${esc(p.rrn ?? '')}. Ответ банка: ${esc(p.res_desc ?? '')}`
        : '';
      return send(res, 200, page('Спасибо за оплату', `Заказ ${id} оплачен.${shipped}${details}${stamp()}`));
    }
    if (kind === 'failed') return send(res, 200, page('Оплата не прошла', `Заказ ${id} не оплачен.`));
    if (kind === 'unknown') return send(res, 404, page('Заказ не найден', 'Заказ не найден'));
    return send(res, 400, page('Ошибка', 'Оплата не принята.'));
  };
  const info = (res: ServerResponse, url: URL, cookie = '') => {
    const id = url.searchParams.get('order') ?? '';
    if (url.pathname.startsWith('/account/') && !cookie.includes('session='))
      return send(res, 302, '', { location: `/login?next=${encodeURIComponent(url.pathname)}` });
    if (url.pathname === '/login') return send(res, 200, page('Вход', 'Войдите, чтобы увидеть заказ.'));
    if (url.pathname === '/thanks') return send(res, 200, page('Спасибо за оплату', `Заказ ${id} оплачен.`));
    if (url.pathname === '/payment-failed') return send(res, 200, page('Оплата не прошла', `Заказ ${id} не оплачен.`));
    const order = state.get(decodeURIComponent(url.pathname.split('/')[2] ?? ''));
    if (!order) return send(res, 404, page('Заказ не найден', 'Заказ не найден'));
    const csrf = o.csrf ? `<meta name="csrf-token" content="${o.csrf()}">` : '';
    return send(
      res,
      200,
      csrf +
        page(
          `Заказ ${order.orderId}`,
          `Статус: ${order.paid ? 'оплачен' : 'ожидает оплаты'}.${bugs.has('double-fulfil') ? ` Отправление №${order.shipments}.` : ''}${stamp()}`,
        ),
    );
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname !== '/shop/back') return info(res, url, req.headers.cookie);
    if (req.method === 'GET') {
      const p = parse(url.search.slice(1));
      return redirect(res, judge(p, true), p);
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const p = parse(body);
      const kind = judge(p, false);
      const text = (status: number, t: string) => send(res, status, t + stamp(), { 'content-type': 'text/plain' });
      if (kind === 'crash') return text(500, 'Internal Server Error');
      if (kind === 'repeat') return text(200, 'DUPLICATE IGNORED');
      if (kind === 'paid') return text(200, bugs.has('double-fulfil') ? `OK ${shipments(p.order ?? '')}` : 'OK');
      if (kind === 'failed' && bugs.has('post-declined-as-forged')) return text(400, 'invalid sign');
      if (kind === 'failed') return text(o.declinedPostStatus ?? 200, o.declinedPostStatus ? 'declined noted' : 'OK');
      if (kind === 'forged') return text(400, 'invalid sign');
      if (kind === 'unknown') return text(404, 'unknown order');
      return text(400, 'refused');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const backref = `http://127.0.0.1:${port}/shop/back${o.noRedirect ? '' : '?redirect=true'}`;
  const dir = mkdtempSync(join(tmpdir(), 'paycert-jyshop-'));
  const declarationPath = join(dir, 'declaration.json');
  const declared = [
    ...o.orders.map((x) => ({ ...x, currency: x.currency ?? 'KZT', state: 'payable' })),
    ...(o.unknown ? [{ orderId: o.unknown, state: 'unknown' }] : []),
  ];
  writeFileSync(declarationPath, JSON.stringify({ profile: 'jysan', backref, orders: declared }));
  const handle = { profile: 'jysan', url: backref, declarationPath } as Parameters<typeof realSubjectOf>[0];
  const subject = realSubjectOf(handle, 'merchant');
  return {
    subject,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** `n` payable orders, every third with leading zeros from the first (as the probe's declaration). */
export function ordersFor(n: number, first = 0): ShopOptions['orders'] {
  const amounts = ['1500.50', '700', '12345.67'];
  return Array.from({ length: n }, (_, i) => ({
    orderId: (i + first) % 3 === 0 ? String(4100 + i).padStart(7, '0') : String(5100200 + i),
    amount: amounts[i % 3]!,
  }));
}

const started: Array<() => Promise<void>> = [];

/** The Jysan merchant check `id` (seed 1, full plan, 5 cases) against a shop of its own with `o` (30
 *  orders, an unknown one): its result and, as text for an assertion's message, its reasons, failures and
 *  partly marks. The shops are closed by closeShops (a file's afterAll). */
export async function judgedAtShop(id: string, o: Partial<ShopOptions>) {
  const shop = await startShop({ orders: ordersFor(30), unknown: '8888888888', ...o });
  started.push(shop.close);
  const check = checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  const r = await runCheck(check, shop.subject, { seed: 1, plan: 'full', runs: 5 });
  return { ...r, why: `${JSON.stringify(r.ruleReasons)} ${JSON.stringify(r.failures)} ${JSON.stringify(r.partly)}` };
}

export async function closeShops(): Promise<void> {
  for (const c of started.splice(0)) await c();
}

/** The messages of a result's failures of `rule`, one a line. */
export const failuresOf = (r: { failures: Array<{ rule: string; message: string }> }, rule: string) =>
  r.failures
    .filter((f) => f.rule === rule)
    .map((f) => f.message)
    .join('\n');
