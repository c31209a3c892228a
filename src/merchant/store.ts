import {
  rmSync,
  closeSync,
  existsSync,
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
import { ajv, describeErrors } from '../spec/ajv.ts';

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

type Change = { set: string; answer: Answer; paid?: { orderId: string; paymentId: string } } | { forget: string };

const SCHEMA = 'https://paycert.local/specs/_meta/merchant-store.schema.json';
/** fold the journal into the file once it has this many lines */
const COMPACT_AFTER = 10_000;

/** The store could not be read at start (not JSON, wrong shape, another profile's). */
export class StoreError extends Error {
  override name = 'StoreError';
}

function check(id: string, data: unknown, where: string): void {
  const v = ajv().getSchema(id);
  if (!v) throw new Error(`unknown schema ${id}`);
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

/** The reference merchant's orders and answers. The file holds a snapshot; every change is first
 *  appended to `<file>.journal` and fsynced, and only then applied in memory (write-ahead): a change
 *  that cannot be made durable is not made at all, so the caller answers an error and a repeat gets
 *  the same treatment. The journal is folded into the snapshot at start (and when it grows long),
 *  so a restarted merchant answers repeats exactly as before. */
export class MerchantStore {
  private data: Data;
  private fd = -1;
  /** journal size after the last durable change; a failed append is cut back to it */
  private size = 0;
  private lines = 0;

  constructor(
    readonly path: string,
    seed: () => DeclaredOrder[],
    readonly profile?: string,
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
    try {
      data = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new StoreError(
        `${this.path} is not a paycert merchant store: not JSON (${(e as Error).message.split('\n')[0]})`,
      );
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
   *  outcome now (nothing was decided, so the gateway's retry is treated like the first call). */
  tryRemember(...args: Parameters<MerchantStore['remember']>): boolean {
    try {
      this.remember(...args);
      return true;
    } catch {
      return false;
    }
  }

  /** Record the first answer for `key` (and the payment that paid an order). Throws, changing
   *  nothing, when the change cannot be made durable. */
  remember(key: string, a: Answer, paid?: { orderId: string; paymentId: string }): void {
    this.commit(paid ? { set: key, answer: a, paid } : { set: key, answer: a });
  }

  forget(key: string): void {
    this.commit({ forget: key });
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private commit(change: Change): void {
    if (this.fd < 0) throw new Error(`the merchant store ${this.path} is closed`);
    const line = Buffer.from(`${JSON.stringify(change)}\n`);
    try {
      let off = 0;
      while (off < line.length) off += writeSync(this.fd, line, off, line.length - off, this.size + off);
      fsyncSync(this.fd);
    } catch (e) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        /* the next append writes at this.size anyway, over whatever part got out */
      }
      throw e;
    }
    this.size += line.length;
    apply(this.data, change);
    if (++this.lines >= COMPACT_AFTER) {
      try {
        this.compact();
      } catch {
        /* the change is in the journal; folding can wait for the next start */
      }
    }
  }
}

function apply(d: Data, c: Change): void {
  if ('forget' in c) {
    delete d.answers[c.forget];
    return;
  }
  d.answers[c.set] = c.answer;
  if (c.paid) {
    const o = d.orders[c.paid.orderId];
    if (o) o.paidBy = c.paid.paymentId;
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
