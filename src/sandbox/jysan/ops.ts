import type { Operation, XmlNode } from '../../protocols/jysan/index.ts';
import { sign } from '../../protocols/jysan/index.ts';
import { CURRENCY_NUMBER } from '../../protocols/jysan/currency.ts';
import type { Outgoing } from '../../reference/server.ts';
import {
  lang,
  localDate,
  message,
  parseLocalDate,
  text,
  xmlError,
  xmlReply,
  type Form,
  type Jy,
  type Refusal,
  unknownMerchant,
} from './context.ts';
import { checkFields } from './fields.ts';
import { confirmOrder } from './payment.ts';
import { cents, money, type Order } from './store.ts';
import { signatureOk } from './verify.ts';

/** The XML operations share their front: fields of MERCHANT and P_SIGN, merchant, signature, the
 *  other fields. The handler runs once all of them passed. */
export function xmlOperation(
  jy: Jy,
  op: Exclude<Operation, 'payment' | 'redirect'>,
  f: Form,
  handler: (jy: Jy, f: Form) => Outgoing,
): Outgoing {
  const checked = checkFields(jy, `${op}-request`, f);
  if (checked.early) return xmlError(jy, f, checked.early);
  if (f.MERCHANT !== jy.merchant) return xmlError(jy, f, unknownMerchant(jy, f)); // JY-ERR-05
  if (!signatureOk(jy, op, f)) {
    const o =
      op === 'status' && jy.policy.signature.showsOrderOnBadStatusSign ? jy.store.orders.get(f.ORDER ?? '') : undefined;
    if (o) return xmlReply(21, message(jy, f, { code: 21, args: [] }), { operation: operation(jy, f, o) }); // JY-SIG-16
    // a defect's debugging after the message, as on its payment page (JY-SIG-17, JY-ERR-01)
    if (jy.policy.signature.showsOnRefusal === 'expected-in-message')
      return xmlReply(21, `${message(jy, f, { code: 21, args: [] })} (expected ${sign(op, f, jy.secret)})`);
    return xmlError(jy, f, { code: 21, args: [] });
  }
  if (checked.late) return xmlError(jy, f, checked.late);
  return handler(jy, f);
}

/** An unknown ORDER: 12 with the ORDER, or 99 (a variant) saying so. */
const notFound = (jy: Jy, f: Form): Refusal =>
  jy.policy.orders.unknownOrderCode === 99
    ? { code: 99, args: [`ORDER ${f.ORDER!} not found`] }
    : { code: 12, args: [f.ORDER!] };
const notPossible = (jy: Jy, f: Form, o: Order): Refusal => ({
  code: 99,
  args: [text(jy, f, 'notPossible').replace('%s', o.status)],
});

/** <operation> of an order, with the fields of digest §A7 that the sandbox knows. */
export function operation(jy: Jy, f: Form, o: Order): XmlNode {
  const shown = operationOf(jy, f, o);
  // JY-PAY-23: a defect shows the full card number
  return o.pan !== undefined && jy.policy.orders.panInStatus ? { ...shown, card_number: o.pan } : shown;
}

function operationOf(jy: Jy, f: Form, o: Order): XmlNode {
  const refunds = o.refunds.map((r) => ({
    status: 'R',
    status_desc: jy.config.texts.statusDesc.R![lang(jy, f)],
    rev_rc: '00',
    rev_amount: r.amount,
    rev_description: r.desc,
    rev_error: '',
    rev_date: localDate(jy, r.at),
    ecode: '',
    edesc: '',
  }));
  const minimal = {
    status: o.status,
    status_desc: jy.config.texts.statusDesc[o.status]![lang(jy, f)],
    amount: jy.policy.orders.amountInTiyn
      ? money(cents(o.amount) * 100)
      : jy.policy.orders.amountAsRegistered
        ? o.amount
        : money(cents(o.amount)), // JY-STA-03
    currency: jy.policy.orders.currencyNumeric ? (CURRENCY_NUMBER[o.currency] ?? o.currency) : o.currency, // JY-STA-03
  };
  // a variant: the four elements only (digest §A7 names none required)
  if (jy.policy.orders.minimalOperation) return minimal;
  return {
    ...minimal,
    description: o.desc,
    desc_order: o.descOrder,
    email: o.email,
    lang: o.language,
    terminal: o.terminal,
    client_id: o.clientId,
    mpi_order: o.mpiOrder,
    create_date: localDate(jy, o.createdAt),
    card_masked: o.cardMasked ?? '',
    result: o.result,
    result_desc: o.resDesc,
    rc: o.rc,
    rrn: o.rrn ?? '',
    auth_code: o.authCode ?? '',
    rev_max_amount: money(o.revMax),
    ecode: o.resCode !== '' && o.resCode !== '0' ? o.resCode : '',
    edesc: o.resCode !== '' && o.resCode !== '0' ? o.resDesc : '',
    refunds: refunds.length > 0 ? { rec: refunds } : '',
  };
}

export function status(jy: Jy, f: Form): Outgoing {
  const o = jy.store.orders.get(f.ORDER!);
  if (f.LANGUAGE !== undefined && !jy.policy.orders.statusTakesLanguage)
    return xmlError(jy, f, { code: 27, args: ['LANGUAGE'], field: 'LANGUAGE' }); // JY-STA-01
  if (!o)
    return jy.policy.orders.unknownStatusRefused
      ? xmlError(jy, f, notFound(jy, f))
      : xmlReply(0, text(jy, f, 'processed'), { operation: '' }); // JY-STA-04
  const out = jy.policy.orders.statusWithoutOperation
    ? xmlReply(0, text(jy, f, 'processed')) // JY-STA-02 (a defect)
    : xmlReply(0, text(jy, f, 'processed'), { operation: operation(jy, f, o) });
  return jy.policy.wire.statusAsText ? { ...out, headers: { 'content-type': 'text/plain; charset=utf-8' } } : out; // JY-STA-02
}

/** Cancel / refund: never more than is left to refund (JY-REV-03). */
export function cancel(jy: Jy, f: Form): Outgoing {
  const o = jy.store.orders.get(f.ORDER!);
  if (!o)
    return jy.policy.orders.unknownCancelRefused
      ? xmlError(jy, f, notFound(jy, f))
      : xmlReply(0, text(jy, f, 'processed')); // JY-REV-05
  if (/[\r\n]/.test(f.REV_DESC!) && !jy.policy.orders.revDescLineBreaks)
    return xmlError(jy, f, { code: 27, args: ['REV_DESC'], field: 'REV_DESC' }); // JY-REV-01
  // JY-REV-06: nothing to cancel on an order never paid (a defect refunds a declined one all the same)
  const unpaid = o.status === 'N' || o.status === 'E';
  if (!(o.status === 'S' || o.status === 'A' || (unpaid && !jy.policy.orders.cancelUnpaidRefused)))
    return xmlError(jy, f, notPossible(jy, f, o));
  const want = cents(f.REV_AMOUNT!);
  const left = o.status === 'A' || unpaid ? cents(o.amount) : o.revMax;
  // JY-REV-04: a defect compares the amounts as text ("400" > "1000.00")
  const over = want > left || (jy.policy.orders.refundComparedAsText && f.REV_AMOUNT! > money(left));
  if (want <= 0 || (over && jy.policy.orders.refundCapped)) return xmlError(jy, f, { code: 13, args: [f.REV_AMOUNT!] });
  const now = jy.clock.now();
  o.refunds.push({ amount: f.REV_AMOUNT!, desc: f.REV_DESC!, at: now });
  if (o.status === 'A' || unpaid) {
    o.status = 'R';
    o.revMax = 0;
  } else {
    o.revMax = jy.policy.orders.partialRefund ? Math.max(0, left - want) : 0; // JY-REV-04
    if (o.revMax === 0) o.status = 'R';
  }
  const described = jy.policy.wire.cancelReplyDescription ? text(jy, f, 'processed') : undefined; // JY-REV-02
  return xmlReply(0, described, {
    operation: {
      ...operation(jy, f, o),
      result: '9',
      result_desc: 'Transaction approved.',
      rev_desc: f.REV_DESC!,
      rev_date: localDate(jy, now),
    },
  });
}

/** Confirm a pre-authorisation, for AMOUNT or (empty) the whole authorised amount. */
export function confirm(jy: Jy, f: Form): Outgoing {
  const o = jy.store.orders.get(f.ORDER!);
  if (!o) return xmlError(jy, f, notFound(jy, f));
  // JY-CNF-04: once, and not after a cancel (a cancelled pre-authorisation is R with nothing captured)
  const again = o.status === 'S' && !jy.policy.orders.confirmOnce;
  const afterCancel = o.status === 'R' && o.captured === 0 && !jy.policy.orders.confirmAfterCancelRefused;
  if (o.status !== 'A' && !again && !afterCancel) return xmlError(jy, f, notPossible(jy, f, o));
  if (!f.AMOUNT && !jy.policy.orders.confirmWithoutAmount)
    return xmlError(jy, f, { code: 24, args: ['AMOUNT'], field: 'AMOUNT' }); // JY-CNF-01
  const want = f.AMOUNT ? cents(f.AMOUNT) : cents(o.amount);
  // JY-CNF-03: never above the authorised amount
  const over = want > cents(o.amount) && jy.policy.orders.confirmCapped;
  if (want <= 0 || over) return xmlError(jy, f, { code: 13, args: [f.AMOUNT ?? ''] });
  confirmOrder(o, want);
  return xmlReply(0, text(jy, f, 'processed'), { operation: operation(jy, f, o) });
}

/** Orders of the terminal created in [DATE_FROM, DATE_TO]. */
export function list(jy: Jy, f: Form): Outgoing {
  if (f.TERMINAL !== jy.terminal) return xmlError(jy, f, { code: 20, args: [f.TERMINAL!] });
  const iso = jy.policy.orders.listDateIso; // JY-LST-01: dd.MM.yyyy HH:mm:ss
  const from = parseLocalDate(jy, f.DATE_FROM!, iso);
  const to = parseLocalDate(jy, f.DATE_TO!, iso);
  if (from === undefined) return xmlError(jy, f, { code: 27, args: ['DATE_FROM'] });
  if (to === undefined) return xmlError(jy, f, { code: 27, args: ['DATE_TO'] });
  const recs = [...jy.store.orders.values()]
    .filter(
      (o) =>
        o.terminal === f.TERMINAL &&
        o.createdAt >= from &&
        (jy.policy.orders.listIncludesDateTo ? o.createdAt <= to + 999 : o.createdAt < to),
    ) // JY-LST-02
    .map((o) => ({ order_id: o.order, ...operation(jy, f, o) }));
  if (jy.policy.orders.listFirstTwice && recs.length > 0) recs.splice(1, 0, recs[0]!); // JY-LST-02 (a defect)
  const tag = jy.policy.orders.listRecTag; // JY-LST-02: rec
  return xmlReply(0, text(jy, f, 'processed'), { operations: recs.length > 0 ? { [tag]: recs } : '' });
}
