import type { V5Operation } from '../../protocols/greenleaves-v5/index.ts';
import { codeInfo, iso, messages, refusal, success, type Exchange, type Gw, type Reply } from './context.ts';
import { fromCents, toCents, type MerchantStore, type Payment } from './store.ts';
import type { Body } from './body.ts';
import { operationsJson, record, recurrentJson, saveCard, type From } from './objects.ts';

const DECLINED = 4001;
/** A variant's decline of a payment its check_url did not approve (no code of errors.json). */
const MERCHANT_DECLINE = {
  en: "The merchant's check_url did not approve the payment.",
  ru: 'Мерчант не подтвердил платёж (check_url).',
};

function masked(gw: Gw, pan: string): string {
  const m = `${pan.slice(0, 6)}${gw.policy.replies.maskChar.repeat(pan.length - 10)}${pan.slice(-4)}`;
  return gw.policy.replies.maskDashed ? m.replace(/(.{4})(?=.)/g, '$1-') : m;
}

const wireStatus = (gw: Gw, status: string): string =>
  Object.hasOwn(gw.policy.replies.statusWords, status) ? gw.policy.replies.statusWords[status]! : status;

/** The 200 reply body: payment.schema.json, fields in its order. */
export function paymentJson(gw: Gw, p: Payment): Record<string, unknown> {
  const minimal = !gw.policy.replies.optionalPaymentFields;
  const out: Record<string, unknown> = {
    id: p.id,
    order_id: p.orderId,
    status: wireStatus(gw, p.status),
    amount: fromCents(p.amount),
    currency: p.currency,
  };
  if (!minimal) out.description = p.description;
  if (p.userId !== undefined && !minimal) out.user_id = p.userId;
  Object.assign(out, {
    auto_clearing: p.autoClearing,
    cleared_amount: fromCents(p.cleared),
    refunded_amount: fromCents(p.refunded),
    masked_pan: masked(gw, p.pan),
  });
  if (p.cardToken !== undefined && !minimal) out.card_token = p.cardToken;
  if (p.recurrent) out.recurrent = recurrentJson(p); // V5-REC-02
  if (gw.policy.replies.autoClearingAsText) out.auto_clearing = String(p.autoClearing); // V5-FMT-01
  if (p.status === 'declined') {
    const c = codeInfo(DECLINED);
    out.decline =
      p.refusedByMerchant && gw.policy.callbacks.merchantDecline === 'own-code'
        ? { code: 4002, name: 'rejected-by-merchant', message: MERCHANT_DECLINE }
        : { code: DECLINED, name: c.name, message: messages(gw, c) };
  }
  out.operations = operationsJson(p, (s) => wireStatus(gw, s)); // V5-OBJ-01
  out.created_at = iso(p.createdAt);
  out.updated_at = iso(p.updatedAt);
  return out;
}

const str = (b: Body, k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);

/** `refusedByMerchant`: check_url did not answer ok (V5-CB-03), so the payment is declined. */
export function create(x: Exchange, m: MerchantStore, b: Body, refusedByMerchant = false): Reply {
  const { gw } = x;
  const orderId = str(b, 'order_id')!;
  if (m.byOrder(orderId) && gw.policy.payments.refuseDuplicateOrder) return refusal(x, 3003); // V5-FLOW-06
  const from = b.from as From;
  const pan = from.card.pan;
  const card = gw.cards.get(pan);
  // V5-CARD-01, V5-CARD-03
  const pp = gw.policy.payments;
  const authorised =
    !refusedByMerchant && (card === undefined ? !pp.unknownPanDeclined : card.auth || !pp.declineCardsDecline);
  // V5-FLOW-01; an absent auto_clearing clears (a variant only authorises: the seed documents no default)
  const autoClearing =
    b.auto_clearing === undefined ? pp.autoClearingDefault : b.auto_clearing !== false && pp.explicitAutoClearingClears;
  const now = gw.clock.now();
  const amount = toCents(b.amount as number);
  const p: Payment = {
    id: gw.newId(),
    orderId,
    status: !authorised ? 'declined' : autoClearing ? 'cleared' : 'authorized',
    amount,
    currency: str(b, 'currency')!,
    description: str(b, 'description')!,
    userId: str(b, 'user_id'),
    autoClearing,
    cleared: authorised && autoClearing ? amount : 0,
    refunded: 0,
    pan,
    ...(refusedByMerchant && { refusedByMerchant: true }),
    operations: [],
    createdAt: now,
    updatedAt: now,
  };
  saveCard(gw, p, from); // V5-REC-01, V5-REC-02
  record(gw, p, 'create', amount);
  m.add(p);
  return success(x, paymentJson(x.gw, p));
}

/** The payment a read or edit names: by id, by order_id, or by both when they agree. */
function find(m: MerchantStore, b: Body, byIdOnly = false): Payment | undefined {
  const id = str(b, 'id');
  const order = id !== undefined && byIdOnly ? undefined : str(b, 'order_id');
  const p = id !== undefined ? m.payments.get(id) : order !== undefined ? m.byOrder(order) : undefined;
  return p && (order === undefined || p.orderId === order) ? p : undefined;
}

/** V5-FLOW-05: an edit of an unknown payment is refused (a defect answers 3002; another answers
 *  success with the ids it was given, as an UPDATE that matched no row and did not say so). */
function unknownEdit(x: Exchange, b: Body, status: string): Reply {
  if (!x.gw.policy.payments.unknownEditSucceeds) return refusal(x, x.gw.policy.payments.unknownEditCode);
  return success(x, { id: str(b, 'id') ?? null, order_id: str(b, 'order_id') ?? null, status });
}

function changed(x: Exchange, p: Payment, type: 'clearing' | 'reverse' | 'refund', amount: number): Reply {
  p.updatedAt = x.gw.clock.now();
  record(x.gw, p, type, amount); // V5-OBJ-01
  return success(x, paymentJson(x.gw, p));
}

export function status(x: Exchange, m: MerchantStore, b: Body): Reply {
  const p = find(m, b, !x.gw.policy.body.readMatchesOrderId); // V5-BODY-03
  return p ? success(x, paymentJson(x.gw, p)) : refusal(x, 3001);
}

export function clearing(x: Exchange, m: MerchantStore, b: Body): Reply {
  const p = find(m, b);
  if (!p) return unknownEdit(x, b, 'cleared');
  const want = b.amount === undefined ? p.amount : toCents(b.amount as number); // only a defect lets a clearing without amount through
  if (p.status !== 'authorized') return refusal(x, 3002);
  if (want > p.amount && x.gw.policy.payments.clearingCapped) return refusal(x, 3004); // V5-FLOW-02
  if (!x.gw.cards.get(p.pan)?.clearing) return refusal(x, DECLINED);
  p.cleared = want;
  if (!x.gw.policy.payments.amountStaysAuthorised) p.amount = want; // V5-FMT-02
  p.status = 'cleared';
  return changed(x, p, 'clearing', want);
}

export function reverse(x: Exchange, m: MerchantStore, b: Body): Reply {
  const p = find(m, b);
  if (!p) return unknownEdit(x, b, 'reversed');
  if (p.status !== 'authorized' && !(p.status === 'cleared' && !x.gw.policy.payments.reverseAuthorisedOnly))
    return refusal(x, 3002); // V5-FLOW-03
  if (!x.gw.cards.get(p.pan)?.reverse) return refusal(x, DECLINED);
  p.status = 'reversed';
  return changed(x, p, 'reverse', p.amount);
}

export function refund(x: Exchange, m: MerchantStore, b: Body): Reply {
  const p = find(m, b);
  if (!p) return unknownEdit(x, b, 'refunded');
  const want = toCents(b.amount as number);
  if (p.status !== 'cleared' && p.status !== 'partially_refunded') return refusal(x, 3002);
  // V5-FLOW-04: capped by what was cleared (a defect: by the amount authorised, read only where they differ)
  const limit = p.cleared !== p.amount && x.gw.policy.payments.refundLimit === 'amount' ? p.amount : p.cleared;
  if (want > limit - p.refunded && x.gw.policy.payments.refundCapped) return refusal(x, 3004);
  if (!x.gw.cards.get(p.pan)?.refund && x.gw.policy.payments.cardRefundFlag) return refusal(x, DECLINED); // V5-CARD-02
  p.refunded += want;
  p.status = p.refunded >= p.cleared ? 'refunded' : 'partially_refunded';
  return changed(x, p, 'refund', want);
}

export const HANDLERS: Record<V5Operation, (x: Exchange, m: MerchantStore, b: Body) => Reply> = {
  create,
  status,
  clearing,
  reverse,
  refund,
};
