import { randomBytes } from 'node:crypto';

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
  createdAt: number;
  updatedAt: number;
}

/** A reply recorded under an X-Request-Id, with what identifies the request it answered. */
export interface Recorded {
  fingerprint: string;
  reply: { status: number; headers: Record<string, string>; body: Buffer };
}

/** One merchant's state: its payments and its X-Request-Id records (idempotency is per merchant). */
export class MerchantStore {
  readonly payments = new Map<string, Payment>();
  private readonly orders = new Map<string, string>();
  readonly requests = new Map<string, Recorded>();

  constructor(
    readonly authId: string,
    readonly secret: string,
  ) {}

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
