import {
  rmSync,
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DeclaredOrder } from '../harness/declaration.ts';
import { describeErrors, validator } from '../spec/ajv.ts';
import { notJsonReason } from '../protocols/common/json-depth.ts';

export interface Answer {
  status: string;
  description: string;
  at: number;
}

export interface OrderState extends DeclaredOrder {
  paidBy?: string;
}

interface Data {
  profile?: string;
  orders: Record<string, OrderState>;
  /** the first answer given per payment (or per redirect), repeated on every repeat */
  answers: Record<string, Answer>;
}

/** What a result did to its order: paid it (by a payment), or (`unpaid`, a defect's) turned it back. */
export type OrderChange = { orderId: string; paymentId: string } | { unpaid: string };

type Change =
  { set: string; answer: Answer; paid?: { orderId: string; paymentId: string }; unpaid?: string } | { forget: string };

/** How to put back what a change replaced, should it not become durable. */
interface Undo {
  key: string;
  answer: Answer | undefined;
  order?: { id: string; paidBy: string | undefined };
}

/** fs.fsync's shape: the store's tests give a disk that fails */
export type Fsync = (fd: number, done: (e: NodeJS.ErrnoException | null) => void) => void;

const SCHEMA = 'https://paycert.local/specs/_meta/merchant-store.schema.json';
/** fold the journal into the file once it has this many lines */
const COMPACT_AFTER = 10_000;

/** The store could not be read at start (not JSON, wrong shape, another profile's). */
export class StoreError extends Error {
  override name = 'StoreError';
}

function check(id: string, data: unknown, where: string): void {
  const v = validator(id);
  if (!v(data)) throw new StoreError(`${where} is not a paycert merchant store: ${describeErrors(v.errors ?? [])}`);
}

function fsyncDir(path: string): void {
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some platforms cannot fsync a directory; the rename is still atomic */
  }
}

/** Write a whole file durably: temp file, fsync, rename, fsync the directory. */
function writeDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(path);
}

/** The reference merchant's orders and answers. The file holds a snapshot; every change is appended
 *  to `<file>.journal` and applied in memory at once (a repeat arriving meanwhile sees it), but an
 *  answer goes out only once the journal holds it durably: `durable()` resolves after an fsync that
 *  began after every change made so far (the merchant awaits it before each reply). Changes made
 *  while an fsync runs share the next one (group commit: concurrent answers cost one fsync, and no
 *  fsync blocks the event loop). When an fsync fails, every change not yet durable is undone in
 *  memory and cut from the journal, and `durable()` says false to each answer waiting: the caller
 *  answers an error, nothing was decided, and a repeat gets the same treatment. The journal is
 *  folded into the snapshot at start (and when it grows long), so a restarted merchant answers
 *  repeats exactly as before. */
export class MerchantStore {
  private data: Data;
  private fd = -1;
  /** journal size after the last durable change; a failed fsync cuts the journal back to it */
  private durableSize = 0;
  /** journal size with the changes not yet durable */
  private size = 0;
  private lines = 0;
  /** the changes not yet durable, in order, with what each replaced */
  private pending: Array<{ end: number; undo: Undo }> = [];
  /** answers waiting for the journal to be durable up to `upto` */
  private waiting: Array<{ upto: number; done: (ok: boolean) => void }> = [];
  /** an fsync is running, or scheduled */
  private syncing = false;
  private closed: (() => void) | undefined;
  /** fsyncs of the journal made for changes (concurrent changes share one) */
  syncs = 0;

  constructor(
    readonly path: string,
    seed: () => DeclaredOrder[],
    readonly profile?: string,
    private readonly fsyncJournal: Fsync = fsync,
  ) {
    this.data = existsSync(path)
      ? this.load()
      : { profile, orders: Object.fromEntries(seed().map((o) => [o.orderId, { ...o }])), answers: {} };
    if (profile && this.data.profile && this.data.profile !== profile) {
      throw new StoreError(`${path} is the ${this.data.profile} merchant's store, not the ${profile} merchant's`);
    }
    this.data.profile ??= profile;
    this.compact();
  }

  get journalPath(): string {
    return `${this.path}.journal`;
  }

  private load(): Data {
    let data: unknown;
    let stored: string;
    try {
      stored = readFileSync(this.path, 'utf8');
    } catch (e) {
      throw new StoreError(`${this.path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      data = JSON.parse(stored);
    } catch (e) {
      throw new StoreError(`${this.path} is not a paycert merchant store: ${notJsonReason(e, stored)}`);
    }
    check(SCHEMA, data, this.path);
    const d = data as Data;
    if (!existsSync(this.journalPath)) return d;
    const text = readFileSync(this.journalPath, 'utf8');
    // the part after the last newline is empty, or an append cut short by a crash (which never got
    // its answer out): drop it
    const complete = text.split('\n').slice(0, -1);
    for (const [i, line] of complete.entries()) {
      const where = `${this.journalPath} line ${i + 1}`;
      let change: unknown;
      try {
        change = JSON.parse(line);
      } catch {
        throw new StoreError(`${where} is not a paycert merchant store change: not JSON`);
      }
      check(`${SCHEMA}#/$defs/change`, change, where);
      apply(d, change as Change);
    }
    return d;
  }

  /** Fold the journal into the snapshot and start a new, empty journal. */
  private compact(): void {
    writeDurably(this.path, JSON.stringify(this.data, null, 1));
    const fd = openSync(this.journalPath, 'w');
    fsyncSync(fd);
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = fd;
    this.size = 0;
    this.durableSize = 0;
    this.lines = 0;
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

  /** remember(), reporting failure as false: the merchant then answers that it cannot record the
   *  outcome now (nothing was decided, so the gateway's retry is treated like the first call). The
   *  change is durable once `durable()` says so. */
  tryRemember(...args: Parameters<MerchantStore['remember']>): boolean {
    try {
      this.remember(...args);
      return true;
    } catch {
      return false;
    }
  }

  /** Record the first answer for `key` (and the payment that paid an order, or the order it turned
   *  back to unpaid). Throws, changing nothing, when the change cannot be written to the journal. */
  remember(key: string, a: Answer, order?: OrderChange): void {
    this.commit(
      !order
        ? { set: key, answer: a }
        : 'unpaid' in order
          ? { set: key, answer: a, unpaid: order.unpaid }
          : { set: key, answer: a, paid: order },
    );
  }

  forget(key: string): void {
    this.commit({ forget: key });
  }

  /** Whether every change made so far is durable: at once when it is, else after the fsync that
   *  covers them (true), or when they could not be made durable and were undone (false). An answer
   *  that may rest on a change goes out only after this said true. */
  durable(): Promise<boolean> {
    if (this.pending.length === 0) return Promise.resolve(true);
    return new Promise((done) => this.waiting.push({ upto: this.size, done }));
  }

  /** Close the journal, once an fsync still running has finished. */
  async close(): Promise<void> {
    if (this.syncing) await new Promise<void>((r) => (this.closed = r));
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private commit(change: Change): void {
    if (this.fd < 0) throw new Error(`the merchant store ${this.path} is closed`);
    const line = Buffer.from(`${JSON.stringify(change)}\n`);
    try {
      let off = 0;
      while (off < line.length) off += writeSync(this.fd, line, off, line.length - off, this.size + off);
    } catch (e) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        /* the next append writes at this.size anyway, over whatever part got out */
      }
      throw e;
    }
    this.size += line.length;
    this.pending.push({ end: this.size, undo: apply(this.data, change) });
    this.lines++;
    if (!this.syncing) {
      this.syncing = true;
      // after the other requests that arrived with this one: their changes share the fsync
      setImmediate(() => this.sync());
    }
  }

  /** fsync the journal as it is now; then the next batch, if changes came meanwhile. */
  private sync(): void {
    const upto = this.size;
    this.syncs++;
    this.fsyncJournal(this.fd, (e) => {
      if (e) this.undoPending();
      else this.settle(upto);
      if (this.pending.length > 0 && this.fd >= 0) {
        this.sync();
        return;
      }
      this.syncing = false;
      if (this.closed) return this.closed();
      if (this.lines >= COMPACT_AFTER) {
        try {
          this.compact();
        } catch {
          /* the changes are in the journal; folding can wait for the next start */
        }
      }
    });
  }

  private settle(upto: number): void {
    this.durableSize = upto;
    this.pending = this.pending.filter((p) => p.end > upto);
    const ready = this.waiting.filter((w) => w.upto <= upto);
    this.waiting = this.waiting.filter((w) => w.upto > upto);
    for (const w of ready) w.done(true);
  }

  /** An fsync failed: no change since the last durable one is kept (later ones may rest on them). */
  private undoPending(): void {
    for (const p of this.pending.reverse()) undo(this.data, p.undo);
    this.lines -= this.pending.length;
    this.pending = [];
    try {
      ftruncateSync(this.fd, this.durableSize);
    } catch {
      /* the next append writes at durableSize anyway */
    }
    this.size = this.durableSize;
    const all = this.waiting;
    this.waiting = [];
    for (const w of all) w.done(false);
  }
}

/** Apply a change; what it replaced, to undo it. */
function apply(d: Data, c: Change): Undo {
  const key = 'forget' in c ? c.forget : c.set;
  const before: Undo = { key, answer: Object.hasOwn(d.answers, key) ? d.answers[key] : undefined };
  if ('forget' in c) {
    delete d.answers[c.forget];
    return before;
  }
  d.answers[c.set] = c.answer;
  const id = c.paid?.orderId ?? c.unpaid;
  const o = id !== undefined && Object.hasOwn(d.orders, id) ? d.orders[id] : undefined;
  if (o) {
    before.order = { id: id!, paidBy: o.paidBy };
    if (c.paid) o.paidBy = c.paid.paymentId;
    else delete o.paidBy; // defect declined-unpays
  }
  return before;
}

function undo(d: Data, u: Undo): void {
  if (u.answer) d.answers[u.key] = u.answer;
  else delete d.answers[u.key];
  if (u.order) {
    const o = d.orders[u.order.id]!;
    if (u.order.paidBy === undefined) delete o.paidBy;
    else o.paidBy = u.order.paidBy;
  }
}

/** Where a reference merchant keeps its store and declaration: the given path, or files of this
 *  process's own in the temp dir, which `remove` deletes (with the journal) when the merchant closes. */
export function storeFiles(
  profile: string,
  given?: string,
): { path: string; declarationPath: string; remove: () => void } {
  const path =
    given ?? join(tmpdir(), `paycert-merchant-${profile}-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const declarationPath = `${path.replace(/\.json$/, '')}.declaration.json`;
  const remove = () => {
    if (given) return;
    for (const f of [path, `${path}.tmp`, `${path}.journal`, declarationPath]) rmSync(f, { force: true });
  };
  return { path, declarationPath, remove };
}
