import { randomBytes, randomInt } from 'node:crypto';
import { BoundedMap, defaultRetention, type Lifecycle, type Retention } from '../retention.ts';

/** N new (card page open), A pre-authorised (awaiting confirm), S processed, E error, R refunded.
 *  S, E and R are the mock's values (digest §A7); N and A are this sandbox's. */
export type OrderStatus = 'N' | 'A' | 'S' | 'E' | 'R';

export interface Refund {
  amount: string;
  desc: string;
  at: number;
}

export interface Order {
  order: string;
  mpiOrder: string;
  amount: string;
  currency: string;
  terminal: string;
  desc: string;
  descOrder: string;
  email: string;
  clientId: string;
  backref: string;
  language: string;
  /** NONCE as sent ('' when none) */
  nonce: string;
  createdAt: number;
  pageToken: string;
  status: OrderStatus;
  /** res_code of the redirect: 0 or the error code */
  resCode: string;
  resDesc: string;
  /** MPI result: 0 approved, 2 declined */
  result: string;
  rc: string;
  rrn?: string;
  authCode?: string;
  cardMasked?: string;
  /** the full card number, kept only by a defect that shows it (JY-PAY-23) */
  pan?: string;
  /** amount taken (the confirmed amount for a pre-authorisation), in cents */
  captured: number;
  /** what is left to refund, in cents */
  revMax: number;
  refunds: Refund[];
}

/** Processed, failed or refunded; or a card page nobody completed (aged from its creation).
 *  A pre-authorisation (A) waits for its confirm or its period. */
export const ORDER_LIFECYCLE: Lifecycle<Order> = {
  finished: (o) => o.status !== 'A',
  at: (o) => Math.max(o.createdAt, ...o.refunds.map((r) => r.at)),
};

/** The sandbox's in-memory orders, one merchant, bounded (see retention.ts): finished orders are
 *  forgotten a day of sandbox time after their last activity, and there are at most maxEntries. */
export class Store {
  readonly orders: BoundedMap<string, Order>;
  /** card page token → ORDER: the page finds its order without a scan of the store (a scan per page
   *  made a long run quadratic). An order the store forgets leaves it. */
  private readonly tokens = new Map<string, string>();

  constructor(now: () => number = Date.now, retention: Retention = defaultRetention()) {
    this.orders = new BoundedMap(now, ORDER_LIFECYCLE, retention, (key, o) => {
      if (this.tokens.get(o.pageToken) === key) this.tokens.delete(o.pageToken);
    });
  }

  /** Registers o under its ORDER (replacing an order of that number, as a bank that does not refuse
   *  a reused one does) and its page token. */
  add(o: Order): void {
    const replaced = this.orders.get(o.order);
    if (replaced !== undefined && this.tokens.get(replaced.pageToken) === o.order)
      this.tokens.delete(replaced.pageToken);
    this.orders.set(o.order, o);
    this.tokens.set(o.pageToken, o.order);
  }

  private mpi = randomInt(100_000_000, 999_999_999);
  private rrn = randomInt(100_000_000, 999_999_999);

  /** A long numeric MPI order number (26 digits in the mock). */
  newMpiOrder(now: number): string {
    return `${now}${String(this.mpi++).padStart(13, '0')}`;
  }

  newRrn(): string {
    return `5${String(this.rrn++).padStart(11, '0')}`;
  }

  newToken(): string {
    return randomBytes(12).toString('hex');
  }

  byToken(token: string): Order | undefined {
    const key = this.tokens.get(token);
    const o = key === undefined ? undefined : this.orders.get(key);
    return o !== undefined && o.pageToken === token ? o : undefined;
  }
}

/** Amounts are decimal strings with '.'; compare and subtract in cents. */
export function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function money(c: number): string {
  return (c / 100).toFixed(2);
}
