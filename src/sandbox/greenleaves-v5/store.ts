import { randomBytes } from 'node:crypto';
import { BoundedMap, TimedMap, defaultRetention, type Lifecycle, type Retention } from '../retention.ts';

export type PaymentStatus = 'authorized' | 'cleared' | 'declined' | 'reversed' | 'partially_refunded' | 'refunded';

/** A payment as the sandbox keeps it; amounts in cents. */
export interface Payment {
  id: string;
  orderId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  description: string;
  userId?: string;
  autoClearing: boolean;
  cleared: number;
  refunded: number;
  pan: string;
  cardToken?: string;
  /** from.recurrent of an authorised create (V5-REC-02) */
  recurrent?: { token: string; lifetime: number; expiresAt: number };
  /** declined because check_url did not approve it (V5-CB-03) */
  refusedByMerchant?: boolean;
  /** the transaction history, oldest first (V5-OBJ-01) */
  operations: Operation[];
  createdAt: number;
  updatedAt: number;
}

/** One processed operation on a payment; amount in cents. */
export interface Operation {
  type: 'create' | 'clearing' | 'reverse' | 'refund';
  amount: number;
  status: PaymentStatus;
  at: number;
}

/** A reply recorded under an X-Request-Id, with what identifies the request it answered. */
export interface Recorded {
  fingerprint: string;
  reply: { status: number; headers: Record<string, string>; body: Buffer };
}

const ENDED: ReadonlySet<PaymentStatus> = new Set([
  'cleared',
  'declined',
  'reversed',
  'partially_refunded',
  'refunded',
]);

export const PAYMENT_LIFECYCLE: Lifecycle<Payment> = {
  finished: (p) => ENDED.has(p.status),
  at: (p) => Math.max(p.createdAt, p.updatedAt),
};

/** One merchant's state: its payments and its X-Request-Id records (idempotency is per merchant),
 *  bounded (see retention.ts): finished payments and recorded replies are forgotten a day of
 *  sandbox time after their last activity, and there are at most maxEntries of each. */
export class MerchantStore {
  readonly payments: BoundedMap<string, Payment>;
  private readonly orders = new Map<string, string>();
  readonly requests: TimedMap<string, Recorded>;

  constructor(
    readonly authId: string,
    readonly secret: string,
    now: () => number = Date.now,
    retention: Retention = defaultRetention(),
  ) {
    this.payments = new BoundedMap(now, PAYMENT_LIFECYCLE, retention, (_, p) => {
      if (this.orders.get(p.orderId) === p.id) this.orders.delete(p.orderId);
    });
    this.requests = new TimedMap(now, retention);
  }

  add(p: Payment): void {
    this.payments.set(p.id, p);
    if (!this.orders.has(p.orderId)) this.orders.set(p.orderId, p.id);
  }

  byOrder(orderId: string): Payment | undefined {
    const id = this.orders.get(orderId);
    return id === undefined ? undefined : this.payments.get(id);
  }
}

export function cardToken(): string {
  return randomBytes(16).toString('hex');
}

export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;
