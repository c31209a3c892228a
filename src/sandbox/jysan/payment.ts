import {
  baseString,
  decryptCard,
  redirectUrl,
  sign,
  signed,
  wantsRedirect,
  type FormFields,
} from '../../protocols/jysan/index.ts';
import { escapeMarkup } from '../../protocols/common/xml-text.ts';
import { cardScheme, jysanCards, jysanFaults } from '../../spec/jysan-cards.ts';
import { decimalValue } from '../../protocols/common/decimal.ts';
import { CURRENCY_NUMBER } from '../../protocols/jysan/currency.ts';
import type { Outgoing } from '../../reference/server.ts';
import { lang, message, text, unknownMerchant, type Form, type Jy, type Refusal } from './context.ts';
import { argsFor, checkFields, codeFor } from './fields.ts';
import { notifyBackref, type ResultParams } from './notify.ts';
import { SPLIT, errorPage, paymentPage, redirectTo, resultPage } from './pages.ts';
import { cents, type Order } from './store.ts';
import { signatureOk } from './verify.ts';
import { acs, startChallenge, term } from './threeds.ts';

const CARD_FIELDS = ['crd_pan', 'crd_exp', 'crd_cvc'] as const;
/** A refusal about one of these cannot be sent to BACKREF: the result would carry it. */
const NOT_REDIRECTABLE = new Set(['ORDER', 'AMOUNT', 'CURRENCY', 'BACKREF']);

export interface Card {
  pan: string;
  exp: string;
  cvc: string;
}

/** The amount as the result carries it: as sent, or its shortest spelling (a variant). */
const echoed = (jy: Jy, amount: string): string =>
  (jy.policy.redirect.amountShortest && decimalValue(amount)) || amount;

/** The result parameters appended to BACKREF, signed (digest §A10). */
function redirectFor(jy: Jy, backref: string, p: ResultParams): string {
  const params: Record<string, string | undefined> = { ...p };
  const sign = signed('redirect', params, jy.secret, jy.policy.signature.base.redirect).sign; // JY-SIG-15
  const all: FormFields = { ...params, sign };
  if (jy.policy.redirect.keepsBackrefQuery) return redirectUrl(backref, all); // JY-RED-02
  const url = new URL(backref);
  url.search = '';
  return redirectUrl(url.toString(), all);
}

/** The error page of a refused payment request; once the signature verified, the result also
 *  goes to BACKREF (link on the page) unless the refusal concerns what the result would carry.
 *  Code 18 never does: the ORDER belongs to an earlier request whose result it would overwrite. */
function refuse(jy: Jy, f: Form, r: Refusal, verified: boolean, shownCode = r.code): Outgoing {
  const msg = message(jy, f, r);
  const backref = f.BACKREF ?? '';
  const send =
    backref !== '' &&
    verified &&
    r.code !== 18 &&
    !(r.field && NOT_REDIRECTABLE.has(r.field)) &&
    jy.policy.redirect.onError; // JY-RED-04
  const result: ResultParams | undefined = send
    ? {
        order: f.ORDER ?? '',
        mpi_order: jy.store.newMpiOrder(jy.clock.now()),
        res_code: String(r.code),
        amount: echoed(jy, f.AMOUNT ?? ''),
        currency: f.CURRENCY ?? '',
        res_desc: msg,
      }
    : undefined;
  const link = result && wantsRedirect(backref) ? redirectFor(jy, backref, result) : undefined;
  if (result) notifyBackref(jy, backref, result); // JY-RED-04, JY-RED-05 (without redirect=true)
  if (link && jy.policy.redirect.refusalRedirects) return redirectTo(lang(jy, f), link);
  return errorPage(lang(jy, f), shownCode, msg, link);
}

/** Step 2: validate, identify, verify, register; then the card page, or the payment at once
 *  when crd_* are supplied. */
/** An expiry the gateway cannot read: code 19 (JY-ERR-07), or the code a defect answers instead, its
 *  message filled as that code's template asks (code 26 wants a length: a defect's answer, never read) */
function expiryRefused(jy: Jy, o: Order, field: string): Outgoing {
  const code = codeFor(jy, 19);
  return failOrder(jy, o, { code, args: argsFor(code, field, '', undefined, true), field });
}

export function payment(jy: Jy, sent: Form): Outgoing {
  // the values as the gateway keeps them; the signature is over the values sent
  const f = cut(jy, sent);
  // a defect: a non-digit ORDER read as a number crashes the gateway, before any check (PHP's TypeError)
  if (jy.policy.payment.crashOnNonDigitOrder && f.ORDER !== undefined && f.ORDER !== '' && !/^[0-9]+$/.test(f.ORDER))
    return {
      status: 500,
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      body: `<br />\n<b>Fatal error</b>:  Uncaught TypeError: intdiv(): Argument #1 ($num1) must be of type int, string given in /var/www/ecom/gw.php:212\nStack trace:\n#0 /var/www/ecom/gw.php(212): intdiv()\n#1 /var/www/ecom/gw.php(88): order_shard()\n#2 {main}\n  thrown in <b>/var/www/ecom/gw.php</b> on line <b>212</b><br />\n`,
    };
  const given = CARD_FIELDS.filter((k) => f[k] !== undefined);
  const missing = CARD_FIELDS.find((k) => f[k] === undefined);
  // crd_* without all three are no card data (seed 002 skips the card page only when all three come): a
  // variant does not read them (their length is still the field table's C(250)), and the card page comes
  const unread = given.length > 0 && missing !== undefined && jy.policy.payment.partialCardDataPage;
  // a variant verifies P_SIGN first, when MERCHANT names the merchant whose secret to use
  if (jy.policy.signature.verifiedFirst && f.MERCHANT === jy.merchant && !signatureOk(jy, 'payment', sent))
    return refuse(jy, f, { code: 21, args: [] }, false);
  const checked = checkFields(jy, 'payment-request', f, unread ? CARD_FIELDS : []);
  if (checked.early) return refuse(jy, f, checked.early, false);
  if (f.MERCHANT !== jy.merchant) {
    return refuse(jy, f, unknownMerchant(jy, f), false); // JY-ERR-05
  }
  // variants check every field, or the currency the terminal takes, before they verify the signature
  // (the result goes to BACKREF when the signature verifies all the same, as after it: JY-RED-04)
  if (checked.late && jy.policy.signature.fieldsCheckedFirst)
    return refuse(
      jy,
      f,
      checked.late,
      jy.policy.signature.fieldsCheckedFirst !== 'no-result' && signatureOk(jy, 'payment', sent),
    );
  const currencyFirst = jy.policy.payment.currencyCheckedFirst && !checked.late ? currencyRefusal(jy, f) : undefined;
  if (currencyFirst) return refuse(jy, f, currencyFirst, false);
  // a defect registers the ORDER first: its repeat is 18 whatever the signature, a bad one uses it up
  if (jy.policy.signature.afterRegistering && f.ORDER) {
    if (jy.store.orders.has(f.ORDER)) return refuse(jy, f, { code: 18, args: [f.ORDER] }, false);
    if (!signatureOk(jy, 'payment', sent)) register(jy, f);
  }
  // JY-ERR-09: code 21 (a defect shows another code on the page, with 21's message: JY-ERR-01 too)
  if (!signatureOk(jy, 'payment', sent))
    return debugged(jy, sent, refuse(jy, f, { code: 21, args: [] }, false, jy.policy.messages.signatureCodeOnPage));
  const down = outage(jy, f);
  if (down) return down;
  const business = checked.late ?? businessRefusal(jy, f);
  if (business) return refuse(jy, f, business, true);
  if (given.length > 0 && missing && !unread) return refuse(jy, f, { code: 24, args: [missing], field: missing }, true);
  const o = register(jy, f);
  if (given.length === 0 || unread || jy.policy.payment.cardPageWithCardData) return cardEntryPage(jy, f, o); // JY-PAY-20
  const pan = decrypt(jy, f.crd_pan!, true);
  const exp = decrypt(jy, f.crd_exp!, false);
  const cvc = decrypt(jy, f.crd_cvc!, false);
  if (pan === undefined) return failOrder(jy, o, { code: 27, args: ['crd_pan'], field: 'crd_pan' });
  if (exp === undefined) return expiryRefused(jy, o, 'crd_exp');
  if (cvc === undefined) return failOrder(jy, o, { code: 27, args: ['crd_cvc'], field: 'crd_cvc' });
  return pay(jy, o, { pan, exp, cvc }, 'crd_exp', { termUrl: f.MERCH_3D_TERM_URL });
}

/** A defect's debugging on the page of a payment refused as badly signed: the secret with the base it
 *  hashed, or the P_SIGN the request should have carried (JY-SIG-17 forbids both). */
function debugged(jy: Jy, sent: Form, out: Outgoing): Outgoing {
  const shows = jy.policy.signature.showsOnRefusal;
  if (shows === null || typeof out.body !== 'string') return out;
  if (shows === 'expected-in-message') {
    const title = lang(jy, sent) === 'en' ? 'Error 21' : 'Ошибка 21';
    const msg = `${message(jy, sent, { code: 21, args: [] })} (expected ${sign('payment', sent, jy.secret)})`;
    const body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p><span class="code">21</span> ${escapeMarkup(msg)}</p></body></html>`;
    return { ...out, body };
  }
  const debug =
    shows === 'secret'
      ? `<!-- debug: base=${escapeMarkup(jy.secret + baseString('payment', sent))} -->`
      : `<p class="debug">expected P_SIGN: ${sign('payment', sent, jy.secret)}</p>`;
  return { ...out, body: out.body.replace('</body>', `${debug}</body>`) };
}

/** The values as the gateway keeps them: cut to a fixed width before they are checked or used (JY-PAY-03
 *  and JY-PAY-05 forbid it: a value one character too long would be taken as the value it starts with),
 *  and a variant's CURRENCY read in any ISO 4217 spelling. */
function cut(jy: Jy, f: Form): Form {
  const g = { ...f };
  for (const [k, n] of Object.entries(jy.policy.fields.truncatedTo))
    if (g[k] !== undefined && n !== undefined) g[k] = g[k]!.slice(0, n);
  // a variant: ISO 4217 letters in any case, or the number, read as the currency (kzt, 398 → KZT)
  const spelt =
    g.CURRENCY !== undefined && /^([A-Za-z]{3}|[0-9]{3})$/.test(g.CURRENCY) && !/^[A-Z]{3}$/.test(g.CURRENCY);
  if (spelt && jy.policy.fields.currencyAnySpelling)
    g.CURRENCY = CURRENCY_LETTERS[g.CURRENCY!] ?? g.CURRENCY!.toUpperCase();
  return g;
}

const CURRENCY_LETTERS: Record<string, string> = Object.fromEntries(
  Object.entries(CURRENCY_NUMBER).map(([letters, n]) => [n, letters]),
);

/** The outages fixtures/jysan/faults.json triggers by AMOUNT: the service (11) or its database (16)
 *  is down. The request is refused before its ORDER is registered, so that it can be sent again
 *  ("попробуйте позже"); no result goes to BACKREF, the bank never took the order. */
function outage(jy: Jy, f: Form): Outgoing | undefined {
  const faults = jysanFaults();
  const p = jy.policy.payment;
  const code =
    f.AMOUNT === faults.serviceUnavailable.AMOUNT
      ? p.outageCodes.service // JY-ERR-20
      : f.AMOUNT === faults.dbUnavailable.AMOUNT
        ? p.outageCodes.db // JY-ERR-22
        : undefined;
  if (code === undefined) return undefined;
  if (p.outageRegistersOrder && !jy.store.orders.has(f.ORDER!)) register(jy, f);
  return refuse(jy, f, { code, args: code === 99 ? ['temporarily unavailable'] : [] }, false);
}

/** A currency the terminal does not take (JY-ERR-04), or takes without an exchange rate (JY-ERR-23). */
function currencyRefusal(jy: Jy, f: Form): Refusal | undefined {
  const p = jy.policy.payment;
  if (f.CURRENCY === jysanFaults().rateNotFound.CURRENCY)
    return p.checkRate ? { code: 22, args: [f.CURRENCY], field: 'CURRENCY' } : undefined;
  const taken = p.terminalCurrencies ?? jy.config.currencies;
  if (!taken.includes(f.CURRENCY!) && p.checkCurrency)
    return { code: p.unsupportedCurrencyCode, args: [f.CURRENCY!], field: 'CURRENCY' };
  return undefined;
}

function businessRefusal(jy: Jy, f: Form): Refusal | undefined {
  const p = jy.policy.payment;
  if (f.TERMINAL !== jy.terminal && p.checkTerminal) return { code: 20, args: [f.TERMINAL!], field: 'TERMINAL' }; // JY-ERR-08
  const currency = currencyRefusal(jy, f);
  if (currency) return currency;
  if (cents(f.AMOUNT!) <= 0 && p.refuseZeroAmount) return { code: 13, args: [f.AMOUNT!], field: 'AMOUNT' }; // JY-ERR-03
  if (p.amountLimit && cents(f.AMOUNT!) > cents(jy.amountLimit))
    return { code: 23, args: [`${jy.amountLimit} ${f.CURRENCY!}`] }; // JY-ERR-10
  if (jy.store.orders.has(f.ORDER!) && p.refuseReusedOrder) return { code: 18, args: [f.ORDER!], field: 'ORDER' }; // JY-PAY-15, JY-ERR-06
  // NONCE "Случайное уникальное число" (seed 002): a bank may refuse one it has seen (variant unique-nonce)
  if (p.refuseReusedNonce && f.NONCE && [...jy.store.orders.values()].some((o) => o.nonce === f.NONCE))
    return { code: 27, args: ['NONCE'], field: 'NONCE' };
  return undefined;
}

function register(jy: Jy, f: Form): Order {
  const now = jy.clock.now();
  const o: Order = {
    order: f.ORDER!,
    mpiOrder: jy.store.newMpiOrder(now),
    amount: f.AMOUNT!,
    currency: f.CURRENCY!,
    terminal: f.TERMINAL!,
    desc: f.DESC!,
    descOrder: f.DESC_ORDER ?? '',
    email: f.EMAIL ?? '',
    clientId: f.CLIENT_ID ?? '',
    backref: f.BACKREF ?? '',
    language: f.LANGUAGE ?? '',
    nonce: f.NONCE ?? '',
    createdAt: now,
    pageToken: jy.store.newToken(),
    status: 'N',
    resCode: '',
    resDesc: '',
    result: '',
    rc: '',
    captured: 0,
    revMax: 0,
    refunds: [],
  };
  jy.store.add(o);
  return o;
}

/** crd_* → plaintext, or undefined when it is not a ciphertext under the sandbox key. */
function decrypt(jy: Jy, value: string, isPan: boolean): string | undefined {
  try {
    return decryptCard(value, jy.privateKey, jy.policy.payment.cardPadding); // JY-ENC-02
  } catch {
    return isPan && jy.policy.payment.plaintextPan && /^[0-9]{12,19}$/.test(value) ? value : undefined;
  }
}

const orderForm = (o: Order): Form => (o.language ? { LANGUAGE: o.language } : {});

/** A card error after registration: the order fails, the error page carries the result link. */
function failOrder(jy: Jy, o: Order, r: Refusal): Outgoing {
  const f = orderForm(o);
  const msg = message(jy, f, r);
  Object.assign(o, { status: 'E', resCode: String(r.code), resDesc: msg, result: '2', rc: '' });
  const link = wantsRedirect(o.backref) && jy.policy.redirect.onError ? resultLink(jy, o) : undefined; // JY-RED-04
  notifyBackref(jy, o.backref, resultParams(jy, o));
  return errorPage(lang(jy, f), r.code, msg, link);
}

function resultLink(jy: Jy, o: Order): string {
  const to = jy.policy.redirect.resultToBackref ? o.backref : `${jy.base()}/ecom/result?redirect=true`; // JY-RED-01
  return redirectFor(jy, to, resultParams(jy, o));
}

/** The result of a registered order, as the redirect and the server POST carry it. */
function resultParams(jy: Jy, o: Order): ResultParams {
  return {
    order: o.order,
    mpi_order: o.mpiOrder,
    rrn:
      o.resCode === '0'
        ? o.rrn
        : jy.policy.redirect.rrnOnFailure
          ? (o.rrn ??= jy.store.newRrn())
          : jy.policy.redirect.emptyRrnOnFailure
            ? '' // a variant: rrn= empty, signed as the absent one is
            : undefined, // JY-RED-03
    res_code: o.resCode,
    amount: echoed(jy, o.amount), // JY-RED-03, JY-RED-06
    currency: o.currency,
    res_desc: o.resDesc,
  };
}

function expired(jy: Jy, exp: string): boolean {
  const [mm, yy] = exp.split('/').map(Number) as [number, number];
  const now = new Date(jy.clock.now());
  const y = 2000 + yy;
  return y < now.getUTCFullYear() || (y === now.getUTCFullYear() && mm < now.getUTCMonth() + 1);
}

/** MPI and the issuer, played by the test cards; then the result to BACKREF. */
export function pay(
  jy: Jy,
  o: Order,
  card: Card,
  expField: string,
  opts: {
    /** MERCH_3D_TERM_URL: an enrolled card gets the host-to-host challenge (JY-3DS-01) */
    termUrl?: string;
    /** the second 3-D Secure step: authenticated already, `failed3ds` when the challenge failed */
    authenticated?: boolean;
    failed3ds?: boolean;
  } = {},
): Outgoing {
  const f = orderForm(o);
  const anyExp = !jy.policy.payment.checkCardExpiry;
  // JY-ENC-05 / JY-ERR-07
  if (!anyExp && !/^(0[1-9]|1[0-2])\/[0-9]{2}$/.test(card.exp)) return expiryRefused(jy, o, expField);
  // JY-ERR-15
  if (!jy.config.cardTypes.includes(cardScheme(card.pan)) && jy.policy.payment.checkCardType)
    return failOrder(jy, o, { code: 29, args: [] });
  const tc = jysanCards().find((c) => c.pan === card.pan && (anyExp || c.exp === card.exp) && c.cvc === card.cvc);
  if (anyExp && tc) card = { ...card, exp: tc.exp };
  o.cardMasked = `${card.pan.slice(0, 6)}***${card.pan.slice(-jy.policy.orders.maskedTail)}`;
  // JY-PAY-23: the full number is shown nowhere (defects keep it to show it)
  if (jy.policy.orders.panInStatus || jy.policy.pages.panOnResultPage) o.pan = card.pan;
  const challenged =
    tc?.threeDs === 'challenge' &&
    !opts.authenticated &&
    !expired(jy, card.exp) &&
    tc.outcome !== 'decline' &&
    (opts.termUrl !== undefined || jy.policy.threeDs.browserChallenge); // JY-3DS-07
  if (challenged) return startChallenge(jy, o, card, tc, opts.termUrl);
  if (!tc || expired(jy, card.exp) || tc.outcome === 'decline') {
    const rc = !tc ? '14' : expired(jy, card.exp) ? '54' : (tc.expect.rc ?? '05');
    // JY-RED-03: a non-zero code; which one, and its text (digest §A10: "result text from MPI"), the seed does not say
    const code = jy.policy.payment.declineCode;
    const declined = text(jy, f, 'declined');
    Object.assign(o, {
      status: 'E',
      result: '2',
      rc,
      resCode: String(code),
      resDesc:
        jy.policy.payment.declineText === 'bank'
          ? declined
          : message(jy, f, { code, args: [`${declined} (rc ${rc})`] }),
    });
  } else if (tc.outcome === 'mpi-unavailable') {
    // JY-ERR-21: MPI is down when the card data reaches it
    const code = jy.policy.payment.outageCodes.mpi;
    return failOrder(jy, o, { code, args: code === 99 ? ['MPI temporarily unavailable'] : [] });
  } else if (tc.outcome === '3ds-fail' || opts.failed3ds) {
    Object.assign(o, {
      status: 'E',
      result: '2',
      rc: '',
      resCode: '28',
      resDesc: message(jy, f, { code: 28, args: [text(jy, f, 'threeDsFailed')] }),
    });
  } else {
    Object.assign(o, {
      status: tc.outcome === 'preauth' ? 'A' : 'S',
      result: '0',
      rc: '00',
      resCode: '0',
      resDesc: text(jy, f, 'approved'),
      rrn: jy.store.newRrn(),
      authCode: String(100000 + (Number(o.order) % 900000)),
    });
    if (tc.outcome === 'approve') o.captured = o.revMax = cents(o.amount);
    // JY-CNF-02: a pre-authorisation left alone is confirmed at the end of its period
    else if (jy.policy.payment.autoConfirm)
      jy.scheduler.at(jy.clock.now() + jy.preauthPeriodMs, async () => {
        if (o.status === 'A') confirmOrder(o, cents(o.amount));
      });
  }
  if (wantsRedirect(o.backref) || (jy.policy.notify.browserOnly && o.backref))
    return redirectTo(lang(jy, f), resultLink(jy, o)); // JY-RED-05
  const withPan = jy.policy.notify.withPan;
  const half = `${card.pan.slice(0, 6)}******${card.pan.slice(-6)}`;
  // a variant: the card masked as JY-RED-08 allows, sent first, the amount and the rest after it
  if (withPan === 'masked')
    notifyBackref(jy, o.backref, {
      card: `${card.pan.slice(0, 6)}******${card.pan.slice(-4)}`,
      ...resultParams(jy, o),
    });
  else
    notifyBackref(jy, o.backref, {
      ...resultParams(jy, o),
      ...(withPan ? { card: withPan === 'half' ? half : card.pan } : {}),
    }); // JY-RED-05, JY-RED-08
  const out = resultPage(lang(jy, f), o.resCode, o.resDesc, o.backref || undefined);
  if (o.pan === undefined || !jy.policy.pages.panOnResultPage || typeof out.body !== 'string') return out;
  return { ...out, body: out.body.replace('</body>', `<!-- card ${o.pan} --></body>`) }; // JY-PAY-23
}

/** Complete a pre-authorisation for `amount` cents (≤ the authorised amount). */
export function confirmOrder(o: Order, amount: number): void {
  o.status = 'S';
  o.captured = o.revMax = amount;
}

/** The browser flow: the card page, and what its form posts. */
export function cardPage(jy: Jy, token: string, form: Map<string, string> | undefined): Outgoing {
  const o = jy.store.byToken(token);
  const f = o ? orderForm(o) : {};
  if (!o || o.status !== 'N')
    return errorPage(
      lang(jy, f),
      99,
      message(jy, f, { code: 99, args: [o ? `ORDER=${o.order}: ${o.status}` : 'the payment page is not known'] }),
    );
  if (!form) return cardEntryPage(jy, f, o);
  if (jy.policy.wire.cardPage === 'reference')
    return pay(
      jy,
      o,
      {
        pan: (form.get('card_pan') ?? '').replace(/\s+/g, ''),
        exp: form.get('card_exp') ?? '',
        cvc: form.get('card_cvc') ?? '',
      },
      'card_exp',
    );
  // the split design: its own token back, a holder named, no box the payer left unchecked
  const refused = (what: string) => errorPage(lang(jy, f), 99, message(jy, f, { code: 99, args: [what] }));
  if (form.get(SPLIT.token) !== o.pageToken) return refused(`${SPLIT.token} is not this page's`);
  if (!form.get(SPLIT.holder)?.trim()) return refused(`${SPLIT.holder} is empty`);
  if (form.has(SPLIT.save)) return refused(`${SPLIT.save} was not ticked`);
  const [month, year] = [form.get(SPLIT.month) ?? '', form.get(SPLIT.year) ?? ''];
  return pay(
    jy,
    o,
    {
      pan: (form.get(SPLIT.pan) ?? '').replace(/\s+/g, ''),
      exp: /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? `${month.padStart(2, '0')}/${year.slice(2)}` : '',
      cvc: form.get(SPLIT.cvc) ?? '',
    },
    SPLIT.month,
  );
}

/** The card page of an order, in the design the policy names. */
function cardEntryPage(jy: Jy, f: Record<string, string>, o: Order): Outgoing {
  return paymentPage(
    lang(jy, f),
    // a path, read against the page's URL: behind a reverse proxy the card data goes where the page came
    // from (paycert's payer sends card data to the target's origin only)
    `/ecom/pay/${o.pageToken}`,
    { order: o.order, amount: o.amount, currency: o.currency, desc: o.desc },
    jy.policy.wire.cardPage,
    o.pageToken,
  );
}

/** The 3-D Secure pages: the ACS (creq, then the password) and termUrl, the second step. */
export function threeDsPage(jy: Jy, path: string, form: Map<string, string>): Outgoing {
  if (path === '/ecom/acs') return acs(jy, form, false);
  if (path === '/ecom/acs/confirm') return acs(jy, form, true);
  return term(jy, form, (o, card, passed) => pay(jy, o, card, 'crd_exp', { authenticated: true, failed3ds: !passed }));
}
