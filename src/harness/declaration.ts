import crypto, { createHash } from 'node:crypto';
import { readTextBounded } from '../spec/read-bounded.ts';
import { notJsonReason, parseJsonBounded } from '../protocols/common/json-depth.ts';
import { describeErrors, SCHEMA_BASE, validate } from '../spec/ajv.ts';
import { SkipCheck } from './outcome.ts';

export interface DeclaredOrder {
  orderId: string;
  amount?: string;
  currency?: string;
  state: 'payable' | 'expired' | 'unknown';
}

export interface Declaration {
  profile: 'greenleaves' | 'greenleaves-v5' | 'jysan';
  resultUrl?: string;
  checkUrl?: string;
  backref?: string;
  requestMethod?: 'GET' | 'POST' | 'XML';
  /** greenleaves, POST: the body encoding the merchant reads (the seed's samples are multipart) */
  postEncoding?: 'multipart' | 'urlencoded';
  lifetimeSeconds?: number;
  extraFields?: Record<string, string>;
  orders: DeclaredOrder[];
}

/** The most a declaration file may be: one lists a few dozen orders (a few KiB). */
export const MAX_DECLARATION_BYTES = 16 << 20;

export function readDeclaration(path: string): Declaration {
  let text: string;
  try {
    text = readTextBounded(path, MAX_DECLARATION_BYTES, 'a declaration lists a few dozen orders');
  } catch (e) {
    throw new Error(`declaration ${path} cannot be read: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseJsonBounded(text);
  } catch (e) {
    throw new Error(`declaration ${path} is ${notJsonReason(e, text)}`);
  }
  const v = validate(`${SCHEMA_BASE}_meta/declaration.schema.json`, data);
  if (!v.ok)
    throw new Error(
      `declaration ${path} does not follow specs/_meta/declaration.schema.json: ${describeErrors(v.errors)}`,
    );
  const d = data as Declaration;
  // a JSON number (seed 000 writes a v5 amount so): the amount it writes, as a string (1e+21, 1.005: none)
  const numbers = d.orders.flatMap((o, i) => (typeof o.amount === 'number' ? [i] : []));
  for (const i of numbers) d.orders[i]!.amount = String(d.orders[i]!.amount);
  const bad = numbers.filter((i) => !AMOUNT.test(d.orders[i]!.amount!));
  if (bad.length > 0)
    throw new Error(
      `declaration ${path}: /orders/${bad[0]}/amount ${d.orders[bad[0]!]!.amount} is not an amount of at most two decimals${bad.length > 1 ? ` (the same at ${bad.length - 1} more /orders/*/amount)` : ''}`,
    );
  return d;
}

/** A declared amount (specs/_meta/declaration.schema.json) */
const AMOUNT = /^[0-9]+(\.[0-9]{1,2})?$/;

/** Hands out the declared orders to checks, each order to one check only, in declaration order.
 *  Checks that need more orders than declared are skipped with the reason. */
export class Orders {
  private next = new Map<DeclaredOrder['state'], number>();
  constructor(
    readonly declaration: Declaration,
    /** a shard's share: every count-th order of each state, from the index-th (1-based) */
    readonly share?: { index: number; count: number },
  ) {}

  /** The declared orders in `state` this process may use. */
  private mine(state: DeclaredOrder['state']): DeclaredOrder[] {
    const all = this.declaration.orders.filter((o) => o.state === state);
    const s = this.share;
    return s ? all.filter((_, i) => i % s.count === s.index - 1) : all;
  }

  take(state: DeclaredOrder['state'], why: string): DeclaredOrder {
    const all = this.mine(state);
    const i = this.next.get(state) ?? 0;
    const o = all[i];
    if (!o) {
      const s = this.share;
      const of = s
        ? `${all.length}: --shard ${s.index}/${s.count} takes every ${s.count}th of the ${this.declaration.orders.filter((x) => x.state === state).length} declared, so that no two shards use one order`
        : `${all.length}`;
      throw new SkipCheck(`the declaration has too few ${state} orders (${of}) for ${why}`);
    }
    this.next.set(state, i + 1);
    return o;
  }

  /** The next order in `state` when the declaration has one left, for a call that only explains a
   *  verdict already reached (its absence must not turn a failure into a skip). */
  spare(state: DeclaredOrder['state']): DeclaredOrder | undefined {
    const all = this.mine(state);
    const i = this.next.get(state) ?? 0;
    if (!all[i]) return undefined;
    this.next.set(state, i + 1);
    return all[i];
  }

  /** An order id the merchant does not have: a declared one, or one no merchant would use. */
  unknown(salt: string): string {
    const declared = this.declaration.orders.filter((o) => o.state === 'unknown');
    return declared.length > 0 ? declared[0]!.orderId : `PAYCERT-NO-SUCH-ORDER-${salt}`;
  }
}

const perPath = new Map<string, Orders>();

/** One allocator per declaration file and process: checks of a run share it. */
export function ordersOf(path: string, share?: { index: number; count: number }): Orders {
  let o = perPath.get(path);
  if (!o) perPath.set(path, (o = new Orders(readDeclaration(path), share)));
  return o;
}

/** The same payment id for the same order and purpose in every run: re-running against the same
 *  merchant repeats earlier calls instead of paying its orders twice. Checks put their own id in
 *  `purpose`, so no two checks share a payment id (a merchant replays its first answer per id). */
export function paymentIdFor(orderId: string, purpose: string): string {
  const text = `${orderId}|${purpose}`;
  // the first four bytes of the digest, big-endian; crypto.hash (Node ≥ 20.12) skips the Hash object
  const first = oneShot
    ? Number.parseInt(oneShot('sha256', text, 'hex').slice(0, 8), 16)
    : createHash('sha256').update(text).digest().readUInt32BE(0);
  return String(1_000_000_000 + (first % 8_999_999_999));
}

const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
