import { randomBytes, randomInt } from 'node:crypto';
import type { PgMessage } from '../../protocols/greenleaves/index.ts';
import { BoundedMap, defaultRetention, type Lifecycle, type Retention } from '../retention.ts';

export type PaymentState =
  | 'new' // created by payment_page / any_amount / invoiceUrl / card init, not paid yet
  | 'pending3ds' // waiting for /g2g/paymentAcs
  | 'authorized' // two-step, not captured
  | 'success' // captured
  | 'failed'
  | 'revoked' // cancelled, or rejected by the merchant
  | 'refunded'
  | 'partial_refund';

export interface Payment {
  id: string;
  orderId: string;
  amount: string;
  currency: string;
  description: string;
  state: PaymentState;
  captured: boolean;
  clearingAmount?: string;
  refunded: number;
  autoClearing: boolean;
  pan?: string;
  userId?: string;
  saveCard: boolean;
  cardToken?: string;
  createdAt: number;
  paidAt?: number;
  lifetimeS?: number;
  pageToken?: string;
  kind: 'card' | 'token' | 'page' | 'any_amount' | 'invoice' | 'saved-card' | 'recurring';
  amountFrom?: string;
  amountTo?: string;
  md?: string;
  pares?: string;
  /** the request, for the callbacks (urls, testing mode, merchant's own fields) */
  request: PgMessage;
  callbacks: { first?: number; attempts: number; done: boolean; answer?: string; description?: string };
}

export interface SavedCard {
  token: string;
  userId: string;
  pan: string;
  approved: boolean;
}

/** result_url is retried for 2 hours: a payment is kept at least that long after its first call */
const CALLBACK_SPAN_MS = 2 * 60 * 60_000 + 60_000;
const ENDED: ReadonlySet<PaymentState> = new Set(['success', 'failed', 'revoked', 'refunded', 'partial_refund']);

export const PAYMENT_LIFECYCLE: Lifecycle<Payment> = {
  finished: (p, now) =>
    ENDED.has(p.state) ||
    ((p.state === 'new' || p.state === 'pending3ds') && now > p.createdAt + (p.lifetimeS ?? 86_400) * 1000),
  at: (p) => Math.max(p.createdAt, p.paidAt ?? 0, p.callbacks.first ?? 0),
  pinned: (p, now) =>
    p.callbacks.first !== undefined && !p.callbacks.done && now - p.callbacks.first <= CALLBACK_SPAN_MS,
};

/** The sandbox's in-memory state, bounded (see retention.ts): finished payments are forgotten a
 *  day of sandbox time after their last activity, and there are at most maxEntries of each. */
type IndexedField = 'md' | 'pageToken';
const INDEXED: readonly IndexedField[] = ['md', 'pageToken'];

export class Store {
  readonly payments: BoundedMap<string, Payment>;
  readonly tokens: BoundedMap<string, SavedCard>;
  /** A payment by its 3-D Secure MD and by its page's token, without a scan of the store (a scan
   *  per ACS or page request made a long run quadratic). A payment the store forgets leaves them. */
  private readonly keys: Record<IndexedField, Map<string, string>> = { md: new Map(), pageToken: new Map() };
  /** pg_order_id → the ids of its payments, oldest first (an order id may be paid more than once) */
  private readonly orders = new Map<string, string[]>();
  /** pg_user_id → the tokens of the cards saved for it, oldest first (a card list was a scan of every
   *  saved card, up to the cap: 20,000) */
  private readonly userCards = new Map<string, Set<string>>();
  private nextId = randomInt(1_000_000_000, 1_900_000_000);

  constructor(now: () => number = Date.now, retention: Retention = defaultRetention()) {
    this.payments = new BoundedMap(now, PAYMENT_LIFECYCLE, retention, (id, p) => {
      for (const field of INDEXED) {
        const value = p[field];
        if (value !== undefined && this.keys[field].get(value) === id) this.keys[field].delete(value);
      }
      const ids = this.orders.get(p.orderId);
      const at = ids?.indexOf(id) ?? -1;
      if (at >= 0) ids!.splice(at, 1);
      if (ids?.length === 0) this.orders.delete(p.orderId);
    });
    // saved cards have no end: only the cap applies, oldest first
    this.tokens = new BoundedMap<string, SavedCard>(
      now,
      { finished: () => false, at: () => now() },
      retention,
      (token, card) => {
        const own = this.userCards.get(card.userId);
        own?.delete(token);
        if (own?.size === 0) this.userCards.delete(card.userId);
      },
    );
  }

  newPaymentId(): string {
    return String(this.nextId++);
  }

  add(p: Payment): Payment {
    if (!this.payments.has(p.id)) {
      const ids = this.orders.get(p.orderId);
      if (ids) ids.push(p.id);
      else this.orders.set(p.orderId, [p.id]);
    }
    this.payments.set(p.id, p);
    return p;
  }

  /** The oldest payment of orderId the store still holds. */
  byOrder(orderId: string): Payment | undefined {
    for (const id of this.orders.get(orderId) ?? []) {
      const p = this.payments.get(id);
      if (p !== undefined) return p;
    }
    return undefined;
  }

  /** Gives p its 3-D Secure MD (GL-PAY-06) or its hosted page's token. */
  setKey(p: Payment, field: IndexedField, value: string): void {
    p[field] = value;
    this.keys[field].set(value, p.id);
  }

  /** The payment whose MD or page token is value, if the store still holds it. */
  byKey(field: IndexedField, value: string): Payment | undefined {
    const id = this.keys[field].get(value);
    const p = id === undefined ? undefined : this.payments.get(id);
    return p !== undefined && p[field] === value ? p : undefined;
  }

  saveCard(userId: string, pan: string, approved: boolean): SavedCard {
    const card: SavedCard = { token: randomBytes(16).toString('hex'), userId, pan, approved };
    const own = this.userCards.get(userId);
    if (own) own.add(card.token);
    else this.userCards.set(userId, new Set([card.token]));
    this.tokens.set(card.token, card);
    return card;
  }

  /** The cards saved for userId that the store still holds, oldest first (as tokens has them). */
  cardsOf(userId: string): SavedCard[] {
    const out: SavedCard[] = [];
    for (const token of this.userCards.get(userId) ?? []) {
      const card = this.tokens.get(token);
      if (card !== undefined) out.push(card);
    }
    return out;
  }
}

/** Amounts are decimal strings; compare in cents. */
export function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function money(c: number): string {
  return (c / 100).toFixed(2).replace(/\.00$/, '');
}
