import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DeclaredOrder } from '../harness/declaration.ts';

export interface Answer {
  status: string;
  description: string;
  at: number;
}

export interface OrderState extends DeclaredOrder {
  paidBy?: string;
}

interface Data {
  orders: Record<string, OrderState>;
  /** the first answer given per payment (or per redirect), repeated on every repeat */
  answers: Record<string, Answer>;
}

/** The reference merchant's orders and answers, in a JSON file written on every change, so that a
 *  restarted merchant answers repeats exactly as before. */
export class MerchantStore {
  private data: Data;

  constructor(
    readonly path: string,
    seed: () => DeclaredOrder[],
  ) {
    if (existsSync(path)) this.data = JSON.parse(readFileSync(path, 'utf8')) as Data;
    else {
      this.data = { orders: Object.fromEntries(seed().map((o) => [o.orderId, { ...o }])), answers: {} };
      this.save();
    }
  }

  orders(): OrderState[] {
    return Object.values(this.data.orders);
  }

  // ids come from the wire: only own entries count (never Object.prototype's)
  order(id: string): OrderState | undefined {
    return Object.hasOwn(this.data.orders, id) ? this.data.orders[id] : undefined;
  }

  answer(key: string): Answer | undefined {
    return Object.hasOwn(this.data.answers, key) ? this.data.answers[key] : undefined;
  }

  remember(key: string, a: Answer, paid?: { orderId: string; paymentId: string }): void {
    this.data.answers[key] = a;
    if (paid) {
      const o = this.order(paid.orderId);
      if (o) o.paidBy = paid.paymentId;
    }
    this.save();
  }

  forget(key: string): void {
    delete this.data.answers[key];
    this.save();
  }

  private save(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    renameSync(tmp, this.path);
  }
}
