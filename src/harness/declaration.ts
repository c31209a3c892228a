import crypto, { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPECS } from '../spec/paths.ts';
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

type State = DeclaredOrder['state'];

/** How many orders of each state each check of a subject uses when the shop answers as it should, in
 *  the suite's order (specs/<profile>/merchant-orders.json): the blocks the allocator lays out. */
export type OrderBudgets = Partial<Record<State, Record<string, number>>>;

/** The orders one check may use: `Orders` seen from that check. */
export interface OrderSource {
  readonly declaration: Declaration;
  take(state: State, why: string): DeclaredOrder;
  spare(state: State): DeclaredOrder | undefined;
  unknown(salt: string): string;
}

/** Hands out the declared orders to checks, each order to one check only, in declaration order.
 *  Checks that need more orders than declared are skipped with the reason.
 *
 *  With budgets (`of(check)`), a check gets a block of its own when it first asks: its budget's worth
 *  of orders, the next after the blocks before it; what it takes beyond comes from the end of the
 *  declaration. Where a check's block lies does not depend on how many orders the checks before it
 *  took (one more to explain a refusal in a second run shifted every later check onto orders another
 *  check had paid in the first, probe17): the same declaration and checks give each check the same
 *  orders in every run, so a second run repeats the first's results instead of paying orders twice.
 *  Without a budget a check takes the next order in line, as before. */
export class Orders implements OrderSource {
  /** per state: the next order not yet in a block or handed out from the front */
  private next = new Map<State, number>();
  /** per state: how many orders were handed out from the end (a check past its block) */
  private fromEnd = new Map<State, number>();
  /** per check and state: its block [at, end) and how much of it was handed out */
  private blocks = new Map<string, { at: number; end: number; used: number }>();
  /** per check: the ids handed to it (`of`), in order */
  readonly handed = new Map<string, string[]>();
  /** per key (a check's id, or undefined: the allocator's own): orders handed and given back unused, nothing
   *  sent for them (see giveBack) */
  private givenBack = new Map<string | undefined, DeclaredOrder[]>();
  constructor(
    readonly declaration: Declaration,
    /** a shard's share: every count-th order of each state, from the index-th (1-based) */
    readonly share?: { index: number; count: number },
    readonly budgets: OrderBudgets = {},
  ) {}

  /** The declared orders in `state` this process may use. */
  mine(state: State): DeclaredOrder[] {
    const all = this.declaration.orders.filter((o) => o.state === state);
    const s = this.share;
    return s ? all.filter((_, i) => i % s.count === s.index - 1) : all;
  }

  /** The next order for `check` (its block, then the end of the declaration), or undefined. */
  private pick(state: State, check?: string): DeclaredOrder | undefined {
    const all = this.mine(state);
    const front = this.next.get(state) ?? 0;
    const end = all.length - (this.fromEnd.get(state) ?? 0);
    // blocks only where the declaration holds them all (README: give 32 payable orders); fewer are
    // handed out in line, as before blocks, which a second run may not repeat
    const budget = check === undefined || !this.holdsBlocks(state) ? undefined : this.budgets[state]?.[check];
    if (budget === undefined) {
      if (front >= end) return undefined;
      this.next.set(state, front + 1);
      return all[front];
    }
    const key = `${check}\n${state}`;
    let block = this.blocks.get(key);
    if (!block) {
      block = { at: front, end: Math.min(front + budget, end), used: 0 };
      this.blocks.set(key, block);
      this.next.set(state, Math.max(front, block.end));
    }
    if (block.at + block.used < block.end) return all[block.at + block.used++];
    if (end <= (this.next.get(state) ?? 0)) return undefined;
    this.fromEnd.set(state, all.length - end + 1);
    return all[end - 1];
  }

  /** Whether the orders of `state` this process may use hold every check's block. */
  holdsBlocks(state: State): boolean {
    return this.mine(state).length >= blocksTotal(this.budgets, state);
  }

  take(state: State, why: string, check?: string): DeclaredOrder {
    const o = this.spare(state, check);
    if (o) return o;
    const all = this.mine(state);
    const s = this.share;
    const of = s
      ? `${all.length}: --shard ${s.index}/${s.count} takes every ${s.count}th of the ${this.declaration.orders.filter((x) => x.state === state).length} declared, so that no two shards use one order`
      : `${all.length}`;
    throw new SkipCheck(`the declaration has too few ${state} orders (${of}) for ${why}`);
  }

  /** The next order in `state` when the declaration has one left, for a call that only explains a
   *  verdict already reached (its absence must not turn a failure into a skip). One given back under
   *  `check` (giveBack) first. */
  spare(state: State, check?: string): DeclaredOrder | undefined {
    const pool = this.givenBack.get(check);
    const at = pool?.findIndex((o) => o.state === state) ?? -1;
    return at >= 0 ? pool!.splice(at, 1)[0] : this.fresh(state, check);
  }

  /** The next order in `state` from the allocator, none given back. */
  private fresh(state: State, check?: string): DeclaredOrder | undefined {
    const o = this.pick(state, check);
    if (o && check !== undefined) this.handed.set(check, [...(this.handed.get(check) ?? []), o.orderId]);
    return o;
  }

  /** `order`, handed under `key` (a check's id, or undefined) and nothing sent for it: the next take or
   *  spare under `key` hands it out first, so that no order is lost and no later check shifted onto
   *  other orders or short of them. */
  giveBack(order: DeclaredOrder, key?: string): void {
    this.givenBack.set(key, [...(this.givenBack.get(key) ?? []), order]);
  }

  /** The orders given back under `key`, not handed out again yet. */
  returned(key?: string): readonly DeclaredOrder[] {
    return this.givenBack.get(key) ?? [];
  }

  /** A payable order that `fits`, nothing sent for it, under `key` (a check's id, or undefined): one given
   *  back before, else of the next `tries` the allocator spares the first that fits (those that do not are
   *  given back), else undefined. None declared fits: nothing taken. */
  spareWhere(fits: (o: DeclaredOrder) => boolean, tries: number, key?: string): DeclaredOrder | undefined {
    if (!this.declaration.orders.some((o) => o.state === 'payable' && fits(o))) return undefined;
    const pool = this.givenBack.get(key) ?? [];
    const at = pool.findIndex(fits);
    if (at >= 0) return pool.splice(at, 1)[0];
    for (let i = 0; i < tries; i++) {
      const z = this.fresh('payable', key);
      if (!z || fits(z)) return z;
      this.giveBack(z, key);
    }
    return undefined;
  }

  /** An order id the merchant does not have: a declared one, or one no merchant would use. */
  unknown(salt: string): string {
    const declared = this.declaration.orders.filter((o) => o.state === 'unknown');
    return declared.length > 0 ? declared[0]!.orderId : `PAYCERT-NO-SUCH-ORDER-${salt}`;
  }

  /** This allocator as `check` sees it: its takes and spares from its block (see the class). */
  of(check: string): OrderSource {
    return {
      declaration: this.declaration,
      take: (state, why) => this.take(state, why, check),
      spare: (state) => this.spare(state, check),
      unknown: (salt) => this.unknown(salt),
    };
  }
}

const blocksTotal = (budgets: OrderBudgets, state: State) =>
  Object.values(budgets[state] ?? {}).reduce((a, b) => a + b, 0);

/** When the declaration's payable orders do not hold every check's block: why, for a warning. */
export function fewerThanBlocks(d: Declaration): string | undefined {
  const want = blocksTotal(budgetsOf(d.profile), 'payable');
  const have = d.orders.filter((o) => o.state === 'payable').length;
  return have < want
    ? `the declaration has ${have} payable orders, fewer than the ${want} of the checks' own blocks (specs/${d.profile}/merchant-orders.json): they are handed out in turn, and a second run against the same shop may not repeat the first's results`
    : undefined;
}

/** specs/<profile>/merchant-orders.json, when the profile has one. */
const budgetsRead = new Map<string, OrderBudgets>();

/** specs/<profile>/merchant-orders.json, read once per process. */
function budgetsOf(profile: Declaration['profile']): OrderBudgets {
  let b = budgetsRead.get(profile);
  if (b === undefined) {
    const path = join(SPECS, profile, 'merchant-orders.json');
    if (existsSync(path)) {
      const { $comment: _, ...read } = JSON.parse(readFileSync(path, 'utf8')) as OrderBudgets & { $comment?: string };
      b = read;
    } else b = {};
    budgetsRead.set(profile, b);
  }
  return b;
}

const perPath = new Map<string, Orders>();

/** One allocator per declaration file and process: checks of a run share it. */
export function ordersOf(path: string, share?: { index: number; count: number }): Orders {
  let o = perPath.get(path);
  if (!o) {
    const d = readDeclaration(path);
    perPath.set(path, (o = new Orders(d, share, budgetsOf(d.profile))));
  }
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
