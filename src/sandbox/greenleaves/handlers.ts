import { randomBytes } from 'node:crypto';
import type { PgMessage } from '../../protocols/greenleaves/index.ts';
import { html, type Outgoing } from '../../reference/server.ts';
import { error, iso, isoNow, reply, type Gw } from './context.ts';
import { askCheck, scheduleResult } from './callbacks.ts';
import { cents, money, type Payment } from './store.ts';
import type { TestCard } from '../../spec/greenleaves-cards.ts';
import { recurringProfile } from './recurring.ts';
import { acsForm, acsReturn, amountForm, paymentForm, resultPage } from './pages.ts';
import { payerReturn } from './returns.ts';

export const CODES = {
  badSignature: 1100,
  generic: 9999,
  unknownMerchant: 9998,
  notFound: 340,
  impossible: 490,
  declined: 10001,
  threeDs: 10004,
  cardData: 10005,
  notEnabled: 9992,
} as const;

const s = (m: PgMessage, k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);

export function newPayment(gw: Gw, m: PgMessage, kind: Payment['kind']): Payment {
  return gw.store.add({
    id: gw.store.newPaymentId(),
    orderId: s(m, 'pg_order_id') ?? '',
    amount: s(m, 'pg_amount') ?? '',
    currency: s(m, 'pg_currency') ?? 'KZT',
    description: s(m, 'pg_description') ?? '',
    state: 'new',
    captured: false,
    refunded: 0,
    autoClearing: s(m, 'pg_auto_clearing') !== '0' || !gw.policy.payment.twoStep, // GL-PAY-05
    userId: s(m, 'pg_user_id'),
    saveCard: s(m, 'pg_save_card') === '1' || s(m, 'pg_user_id') !== undefined,
    createdAt: gw.clock.now(),
    kind,
    request: m,
    callbacks: { attempts: 0, done: false },
  });
}

function expired(gw: Gw, month: string, year: string): boolean {
  const now = new Date(gw.clock.now());
  const y = 2000 + Number(year);
  const mo = Number(month);
  return y < now.getUTCFullYear() || (y === now.getUTCFullYear() && mo < now.getUTCMonth() + 1);
}

/** Authorised: captured now (one-step) or left for /g2g/clearing (two-step); the card is saved
 *  when the payer is known; result_url is called (resolves once its first call is answered). */
export function authorise(gw: Gw, p: Payment, card: { pan: string; cardAdd: boolean }): Promise<void> {
  p.state = p.autoClearing ? 'success' : 'authorized';
  p.captured = p.autoClearing;
  p.pan = card.pan;
  p.paidAt = gw.clock.now();
  if (p.saveCard && p.userId && card.cardAdd && !p.cardToken)
    p.cardToken = gw.store.saveCard(p.userId, card.pan, true).token;
  else if (p.cardToken) confirmCard(gw, p.cardToken); // GL-CARD-07: saved while waiting for 3-D Secure
  return scheduleResult(gw, p);
}

function confirmCard(gw: Gw, token: string): void {
  const saved = gw.store.tokens.get(token);
  if (saved) saved.approved = true;
}

export function fail(gw: Gw, p: Payment, pan?: string): Promise<void> {
  p.state = 'failed';
  if (pan) p.pan = pan;
  p.paidAt = gw.clock.now();
  return scheduleResult(gw, p);
}

function paidReply(gw: Gw, script: string, p: Payment): Outgoing {
  const pay = gw.policy.payment;
  // a variant: pending from /g2g/payment and its classic twin payment.php (GL-TX-07), not from paymentAcs
  const f: PgMessage = { pg_status: script !== 'paymentAcs' && pay.pendingReply ? 'pending' : 'ok' };
  // GL-PAY-01 (/g2g/payment), GL-ACS-01 (/g2g/paymentAcs)
  if (script === 'paymentAcs' ? pay.paymentIdInAcsReply : pay.paymentIdInReply) f.pg_payment_id = p.id;
  if (pay.optionalReplyFields) {
    f.pg_3ds = '0';
    f.pg_auth_code = String(100000 + (Number(p.id) % 900000));
    f.pg_reference = `4${p.id.slice(-11).padStart(11, '0')}`;
  }
  // GL-PAY-08
  if (pay.datetime)
    f.pg_datetime =
      !pay.datetimeOffset && script === 'payment' ? isoNow(gw).slice(0, 19).replace('T', ' ') : isoNow(gw);
  if (p.cardToken) f.pg_card_token = p.cardToken;
  if (pay.fullPanInReply && p.pan) f.pg_card_pan = p.pan; // GL-PAY-12
  const profile = recurringProfile(gw, p); // GL-REC-01
  if (profile) f.pg_recurring_profile = profile;
  return reply(gw, script, f);
}

export async function cardPayment(gw: Gw, script: string, m: PgMessage): Promise<Outgoing> {
  const pan = s(m, 'pg_card_pan')!;
  const card = gw.cards.get(pan);
  const p = newPayment(gw, m, 'card');
  if (!card || expired(gw, s(m, 'pg_card_month')!, s(m, 'pg_card_year')!)) {
    fail(gw, p, pan);
    return error(gw, script, CODES.cardData, card ? 'card expired' : 'not a test card', { pg_payment_id: p.id });
  }
  if ((await askCheck(gw, p)) === 'rejected') {
    fail(gw, p, pan);
    return error(gw, script, CODES.generic, 'the merchant refused the payment at check_url', { pg_payment_id: p.id });
  }
  // GL-PAY-04, GL-ERR-03
  if (!card.auth && gw.policy.payment.honoursDecline) {
    fail(gw, p, pan);
    return error(gw, script, gw.policy.errors.cardDeclineCode, undefined, { pg_payment_id: p.id });
  }
  if (card.threeDs && gw.policy.payment.threeDs) {
    // GL-PAY-06
    p.state = 'pending3ds';
    p.pan = pan;
    const md = randomBytes(8).toString('hex');
    gw.store.setKey(p, 'md', md);
    // GL-CARD-07: the card is in the list at once, approved only when the payment completes
    if (p.saveCard && p.userId && card.cardAdd) p.cardToken = gw.store.saveCard(p.userId, pan, false).token;
    const pareq = Buffer.from(JSON.stringify({ payment: p.id, md })).toString('base64');
    return reply(gw, script, {
      pg_status: 'ok',
      pg_payment_id: p.id,
      pg_3ds: '1',
      pg_3d_acsurl: `${gw.base()}/acs`,
      pg_3d_md: md,
      pg_3d_pareq: pareq,
      pg_datetime: isoNow(gw),
    });
  }
  authorise(gw, p, card);
  return paidReply(gw, script, p);
}

export async function tokenPayment(gw: Gw, script: string, m: PgMessage): Promise<Outgoing> {
  const saved = gw.store.tokens.get(s(m, 'pg_card_token')!);
  const p = newPayment(gw, m, 'token');
  if (gw.policy.token.requiresCvc && !s(m, 'pg_card_cvc')) {
    // GL-TOK-01
    p.state = 'failed';
    return error(gw, script, CODES.cardData, 'pg_card_cvc is required', { pg_payment_id: p.id }); // GL-TOK-01
  }
  const userOk = saved && (saved.userId === s(m, 'pg_user_id') || !gw.policy.token.checksUser); // GL-TOK-02
  if (!saved || !userOk || !saved.approved) {
    p.state = 'failed';
    return error(gw, script, CODES.cardData, 'the token is not an approved card of this pg_user_id', {
      pg_payment_id: p.id,
    });
  }
  const card = gw.cards.get(saved.pan);
  if (!card?.auth) {
    fail(gw, p, saved.pan);
    return error(gw, script, CODES.declined, undefined, { pg_payment_id: p.id });
  }
  p.cardToken = saved.token;
  authorise(gw, p, card);
  return takenReply(gw, script, p);
}

/** card/pay and paymentAcs: the card was charged. */
function takenReply(gw: Gw, script: string, p: Payment): Outgoing {
  return reply(gw, script, {
    pg_status: 'ok',
    pg_payment_id: p.id,
    pg_merchant_id: gw.merchantId,
    pg_order_id: p.orderId,
    pg_datetime: isoNow(gw),
  });
}

export function paymentAcs(gw: Gw, script: string, m: PgMessage): Outgoing {
  const p = gw.store.payments.get(s(m, 'pg_payment_id')!);
  if (!p) return error(gw, script, CODES.notFound);
  // GL-ACS-03
  if (p.state === 'success' && !gw.policy.acs.refusesReplay) return paidReply(gw, script, p);
  if (p.state !== 'pending3ds')
    return error(gw, script, CODES.impossible, `the payment is ${p.state}, not waiting for 3-D Secure`, {
      pg_payment_id: p.id,
    });
  const md = s(m, 'pg_md') ?? (gw.policy.acs.mdRequired ? undefined : p.md); // GL-ACS-02
  if (md !== p.md || s(m, 'pg_pares') !== p.pares) {
    return error(gw, script, CODES.threeDs, 'PaRes or MD does not belong to this payment', { pg_payment_id: p.id });
  }
  const verdict = JSON.parse(Buffer.from(p.pares!, 'base64').toString('utf8')) as { ok: boolean };
  const card = gw.cards.get(p.pan!)!;
  if (!verdict.ok) {
    fail(gw, p);
    return error(gw, script, CODES.threeDs, 'the payer did not pass 3-D Secure', { pg_payment_id: p.id });
  }
  authorise(gw, p, card);
  return paidReply(gw, script, p);
}

/** The ACS of the test issuer: the password form, then the self-submitting return to TermUrl. */
export function acs(gw: Gw, fields: Map<string, string>, confirm: boolean): Outgoing {
  const md = fields.get('MD') ?? '';
  const found = gw.store.byKey('md', md);
  const p = found?.state === 'pending3ds' ? found : undefined;
  const termUrl = fields.get('TermUrl') ?? '';
  if (!p || !termUrl) return html(resultPage(false, 'unknown MD or no TermUrl'), 400);
  if (!confirm) return html(acsForm(`${gw.base()}/acs/confirm`, fields.get('PaReq') ?? '', md, termUrl));
  const card = gw.cards.get(p.pan!)!;
  const ok = fields.get('password') === card.otp;
  p.pares = Buffer.from(JSON.stringify({ md, ok, n: randomBytes(6).toString('hex') })).toString('base64');
  return html(acsReturn(termUrl, p.pares, gw.policy.acs.returnsMd ? md : '')); // GL-ACS-04
}

/** invoiceUrl, any_amount, payment_page: a payment waiting on a hosted page. */
export function hosted(gw: Gw, script: string, m: PgMessage, kind: 'invoice' | 'any_amount' | 'page'): Outgoing {
  const p = newPayment(gw, m, kind);
  gw.store.setKey(p, 'pageToken', randomBytes(12).toString('hex'));
  p.lifetimeS = Number(s(m, 'pg_lifetime') ?? '86400');
  p.amountFrom = s(m, 'pg_amount_interval_from');
  p.amountTo = s(m, 'pg_amount_interval_to');
  gw.scheduler.at(p.createdAt + p.lifetimeS * 1000, async () => {
    if (p.state === 'new' && gw.policy.hosted.expires) fail(gw, p); // GL-PAGE-02
  });
  const path = kind === 'any_amount' && !p.amount ? 'amount' : 'pay';
  const f: PgMessage = {
    pg_status: 'ok',
    pg_payment_id: p.id,
    pg_redirect_url: `${gw.base()}/${path}/${p.pageToken}`,
    pg_redirect_url_type: 'need data',
  };
  const hp = gw.policy.hosted;
  if (kind === 'invoice' && !hp.invoiceRedirectUrl) delete f.pg_redirect_url; // GL-INV-01
  if (kind === 'any_amount' && !hp.anyAmountRedirectUrl) delete f.pg_redirect_url; // GL-ANY-01
  if (kind === 'page' && !hp.pageRedirectUrl) delete f.pg_redirect_url; // GL-PAGE-01
  // optional (a variant leaves it out)
  if ((kind === 'any_amount' && !hp.anyAmountUrlType) || (kind === 'page' && !hp.pageUrlType))
    delete f.pg_redirect_url_type;
  return reply(gw, script, f);
}

function pageOpen(gw: Gw, p: Payment | undefined): p is Payment {
  // GL-PAGE-02
  return (
    !!p &&
    p.state === 'new' &&
    (!gw.policy.hosted.expires || gw.clock.now() < p.createdAt + (p.lifetimeS ?? 86400) * 1000)
  );
}

export function amountPage(gw: Gw, token: string, fields: Map<string, string> | undefined): Outgoing {
  const p = gw.store.byKey('pageToken', token);
  if (!pageOpen(gw, p)) return html(resultPage(false, 'Срок действия счета истек'), 410);
  const action = `${gw.base()}/amount/${token}`;
  if (!fields) return html(amountForm(action, p.amountFrom, p.amountTo));
  const a = fields.get('amount') ?? '';
  const c = Math.round(Number(a) * 100);
  const lo = p.amountFrom ? cents(p.amountFrom) : 1;
  const hi = p.amountTo ? cents(p.amountTo) : 99_999_999_99;
  // GL-ANY-02
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(a) || (gw.policy.hosted.amountInterval && (c < lo || c > hi)))
    return html(amountForm(action, p.amountFrom, p.amountTo), 422);
  p.amount = money(c);
  return { status: 303, headers: { location: `${gw.base()}/pay/${token}` } };
}

export async function payPage(gw: Gw, token: string, fields: Map<string, string> | undefined): Promise<Outgoing> {
  const p = gw.store.byKey('pageToken', token);
  if (!pageOpen(gw, p)) return html(resultPage(false, 'Срок действия счета истек'), 410);
  if (!p.amount) return { status: 303, headers: { location: `${gw.base()}/amount/${token}` } };
  if (!fields) return html(paymentForm(`${gw.base()}/pay/${token}`, p.amount, p.currency, p.description));
  const card: TestCard | undefined = gw.cards.get(fields.get('card_pan') ?? '');
  if (
    !card ||
    fields.get('card_cvc') !== card.cvc ||
    expired(gw, fields.get('card_month') ?? '00', fields.get('card_year') ?? '00')
  ) {
    return html(paymentForm(`${gw.base()}/pay/${token}`, p.amount, p.currency, 'Неверные данные карты'), 422);
  }
  if ((await askCheck(gw, p)) === 'rejected' || !card.auth || (card.threeDs && fields.get('otp') !== card.otp)) {
    void fail(gw, p, card.pan);
    const failed = payerReturn(gw, p, false);
    return html(resultPage(false, 'Платеж отклонен', failed.url, failed.post));
  }
  // GL-RET-01: the payer's return follows the merchant's answer to the first result_url call
  const answered = authorise(gw, p, card);
  if (gw.policy.returns.followsAnswer) await answered;
  const back = payerReturn(gw, p, true);
  const message = back.ok ? 'Платеж проведен' : (back.reason ?? 'Платеж отменен магазином');
  return html(resultPage(back.ok, message, back.url, back.post));
}

export function cardInit(gw: Gw, script: string, m: PgMessage): Outgoing {
  const saved = gw.store.tokens.get(s(m, 'pg_card_token')!);
  if (!saved || saved.userId !== s(m, 'pg_user_id') || !saved.approved) {
    return error(gw, script, CODES.cardData, 'the token is not an approved card of this pg_user_id');
  }
  const p = newPayment(gw, m, 'saved-card');
  p.cardToken = saved.token;
  p.pan = saved.pan;
  return reply(gw, script, {
    pg_status: 'ok',
    pg_payment_id: p.id,
    pg_merchant_id: gw.merchantId,
    pg_order_id: p.orderId,
  });
}

export function cardPay(gw: Gw, script: string, m: PgMessage): Outgoing {
  const p = gw.store.payments.get(s(m, 'pg_payment_id')!);
  if (!p || p.kind !== 'saved-card' || !gw.policy.savedCard.findsPayment) return error(gw, script, CODES.notFound); // GL-CARD-01
  // GL-CARD-02
  if (p.state !== 'new' && gw.policy.savedCard.paysOnce)
    return error(gw, script, CODES.impossible, `the payment is ${p.state}`, { pg_payment_id: p.id });
  const card = gw.cards.get(p.pan!);
  if (!card?.auth) {
    fail(gw, p);
    return error(gw, script, CODES.declined, undefined, { pg_payment_id: p.id });
  }
  authorise(gw, p, card);
  return takenReply(gw, script, p);
}

/** A defect's status lookup without its condition: the newest payment of the store. */
function latest(gw: Gw): Payment | undefined {
  let last: Payment | undefined;
  for (const p of gw.store.payments.values()) last = p;
  return last;
}

function find(gw: Gw, m: PgMessage): Payment | undefined {
  const id = s(m, 'pg_payment_id');
  if (id) return gw.store.payments.get(id);
  const order = s(m, 'pg_order_id');
  return order && gw.policy.ops.findsByOrderId ? gw.store.byOrder(order) : undefined; // GL-OPS-01
}

export function status(gw: Gw, script: string, m: PgMessage): Outgoing {
  const p = find(gw, m) ?? (gw.policy.ops.statusUnknownLatest ? latest(gw) : undefined); // GL-OPS-02
  if (!p && gw.policy.ops.statusUnknownAsZero) return reply(gw, script, { pg_status: 'ok', pg_payment_id: '0' });
  if (!p) return error(gw, script, gw.policy.errors.statusNotFoundCode); // GL-ERR-05
  const f: PgMessage = {
    pg_status: 'ok',
    pg_payment_id: p.id,
    pg_order_id: p.orderId,
    pg_payment_status:
      p.state === 'pending3ds' || p.state === 'authorized'
        ? p.state === 'authorized'
          ? 'success'
          : 'pending'
        : p.state,
    pg_amount: p.amount,
    pg_currency: gw.policy.ops.statusCurrency ?? p.currency, // GL-OPS-01
  };
  if (gw.policy.ops.statusCaptured) f.pg_captured = p.captured ? '1' : '0'; // GL-PAY-05
  if (p.clearingAmount) f.pg_clearing_amount = p.clearingAmount;
  if (p.refunded > 0) f.pg_refund_amount = money(p.refunded);
  // GL-PAY-12: masked (a defect shows it in full)
  if (p.pan) f.pg_card_pan = gw.policy.ops.statusFullPan ? p.pan : `${p.pan.slice(0, 6)}******${p.pan.slice(-4)}`;
  f.pg_create_date = iso(p.createdAt);
  return reply(gw, script, f);
}

export function clearing(gw: Gw, script: string, m: PgMessage): Outgoing {
  const p = find(gw, m);
  if (!p) return error(gw, script, CODES.notFound);
  const card = p.pan ? gw.cards.get(p.pan) : undefined;
  const amount = s(m, 'pg_clearing_amount') ?? p.amount;
  // GL-OPS-03: a payment cleared already is not cleared again (a defect captures it again)
  const again = p.state === 'success' && p.clearingAmount !== undefined && gw.policy.ops.clearsCleared;
  if ((p.state !== 'authorized' && !again) || !card?.clearing)
    return error(
      gw,
      script,
      CODES.impossible,
      `clearing is not possible for a ${p.state} payment${card?.clearing ? '' : ' of this card'}`,
      { pg_payment_id: p.id },
    );
  if (cents(amount) > cents(p.amount) && gw.policy.ops.clearingCapped) {
    // GL-OPS-03
    return error(gw, script, CODES.impossible, 'pg_clearing_amount is above the authorised amount', {
      pg_payment_id: p.id,
    });
  }
  p.state = 'success';
  p.captured = true;
  p.clearingAmount = again ? money(cents(p.clearingAmount!) + cents(amount)) : amount;
  return reply(gw, script, {
    pg_status: 'ok',
    pg_payment_id: p.id,
    pg_clearing_amount: amount,
    pg_clearing_status: '1',
    pg_datetime: isoNow(gw),
  });
}

export function cancel(gw: Gw, script: string, m: PgMessage): Outgoing {
  const p = find(gw, m);
  if (!p) return error(gw, script, CODES.notFound);
  const card = p.pan ? gw.cards.get(p.pan) : undefined;
  const cancellable = p.state === 'authorized' || (p.state === 'success' && gw.policy.ops.cancelsCaptured); // GL-OPS-04
  // GL-OPS-06
  if (!cancellable || !(card?.reverse || !gw.policy.ops.cancelChecksCard))
    return error(
      gw,
      script,
      CODES.impossible,
      `cancel is not possible for a ${p.state} payment${card?.reverse ? '' : ' of this card'}`,
      { pg_payment_id: p.id },
    );
  p.state = 'revoked';
  return reply(gw, script, {
    pg_status: 'ok',
    pg_payment_id: p.id,
    pg_payment_revoke_id: gw.store.newPaymentId(),
    pg_revoke_status: 'success',
    pg_datetime: isoNow(gw),
  });
}

export function refund(gw: Gw, script: string, m: PgMessage): Outgoing {
  const p = find(gw, m);
  if (!p) return error(gw, script, gw.policy.errors.refundNotFoundCode); // GL-ERR-04
  const card = p.pan ? gw.cards.get(p.pan) : undefined;
  const captured = cents(p.clearingAmount ?? p.amount);
  const want = cents(s(m, 'pg_amount') ?? money(captured - p.refunded));
  if (!(p.state === 'success' || p.state === 'partial_refund') || !card?.refund)
    return error(
      gw,
      script,
      CODES.impossible,
      `refund is not possible for a ${p.state} payment${card?.refund ? '' : ' of this card'}`,
      { pg_payment_id: p.id },
    );
  // GL-OPS-05
  if (want + p.refunded > captured && gw.policy.ops.refundCapped)
    return error(gw, script, CODES.impossible, 'the refund is above what is left of the captured amount', {
      pg_payment_id: p.id,
    });
  p.refunded += want;
  p.state = p.refunded === captured ? 'refunded' : 'partial_refund';
  return reply(gw, script, {
    pg_status: 'ok',
    pg_payment_id: p.id,
    pg_payment_refund_id: gw.store.newPaymentId(),
    pg_refund_status: 'success',
    pg_datetime: isoNow(gw),
  });
}
