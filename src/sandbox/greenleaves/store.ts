import { randomBytes, randomInt } from 'node:crypto';
import type { PgMessage } from '../../protocols/greenleaves/index.ts';

export type PaymentState =
  | 'new'          // created by payment_page / any_amount / invoiceUrl / card init, not paid yet
  | 'pending3ds'   // waiting for /g2g/paymentAcs
  | 'authorized'   // two-step, not captured
  | 'success'      // captured
  | 'failed'
  | 'revoked'      // cancelled, or rejected by the merchant
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
  kind: 'card' | 'token' | 'page' | 'any_amount' | 'invoice' | 'saved-card';
  amountFrom?: string;
  amountTo?: string;
  md?: string;
  pares?: string;
  /** the request, for the callbacks (urls, testing mode, merchant's own fields) */
  request: PgMessage;
  callbacks: { first?: number; attempts: number; done: boolean; answer?: string };
}

export interface SavedCard {
  token: string;
  userId: string;
  pan: string;
  approved: boolean;
}

/** The sandbox's in-memory state. */
export class Store {
  readonly payments = new Map<string, Payment>();
  readonly tokens = new Map<string, SavedCard>();
  private nextId = randomInt(1_000_000_000, 1_900_000_000);

  newPaymentId(): string {
    return String(this.nextId++);
  }

  add(p: Payment): Payment {
    this.payments.set(p.id, p);
    return p;
  }

  byOrder(orderId: string): Payment | undefined {
    let found: Payment | undefined;
    for (const p of this.payments.values()) if (p.orderId === orderId) found ??= p;
    return found;
  }

  byPageToken(token: string): Payment | undefined {
    for (const p of this.payments.values()) if (p.pageToken === token) return p;
    return undefined;
  }

  saveCard(userId: string, pan: string, approved: boolean): SavedCard {
    const card: SavedCard = { token: randomBytes(16).toString('hex'), userId, pan, approved };
    this.tokens.set(card.token, card);
    return card;
  }
}

/** Amounts are decimal strings; compare in cents. */
export function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function money(c: number): string {
  return (c / 100).toFixed(2).replace(/\.00$/, '');
}
