import { createHash } from 'node:crypto';
import { sameSignature } from '../common/compare.ts';
import { Utf8Writer } from '../common/utf8-writer.ts';
import type { PgMessage, PgValue } from './message.ts';
import { toForm } from './form.ts';

/**
 * pg_sig = md5(script ; values ordered by field name ; secret_key), 32 lowercase hex.
 *
 * Nested data is flattened first. Two orders are in use (digest §2.6):
 * - 'vendor' (default): the vendor's PHP class names every element `parent + key + %03d(position)`,
 *   positions counted in insertion order (pg_sig consumes one), then sorts the flat names byte-wise.
 *   `item10` therefore sorts before `item1`, and receipt element 10 before element 1.
 * - 'natural': sort field names at each level byte-wise, arrays in index order.
 * For messages without such prefixes and with fewer than 11 array elements both agree.
 * - 'wire': the names as a form carries them (`p[0][name]`), sorted byte-wise as flat strings: what a
 *   verifier that does not parse brackets gets by ordering the received fields by name (Python's
 *   parse_qsl, Go's url.Values). Elements 10 and 11 then sort before 1 (`[10]` < `[1]`).
 * - 'folded' (a wrong signer's): like 'natural', names compared case-insensitively (GL-SIG-10).
 * - 'insertion' (a wrong verifier's): the values in the order the fields came, never sorted (GL-SIG-02).
 */
export type FlattenOrder = 'vendor' | 'natural' | 'wire' | 'folded' | 'insertion';

/** How a signature is made. The defaults are the vendor's; the others are the mistakes a wrong
 *  signer or verifier makes (the checks and the reference's defects use them). */
export interface SignOptions {
  order?: FlattenOrder;
  /** nested blocks signed as empty values instead of flattened (GL-SIG-05) */
  nestedAsEmpty?: boolean;
  /** empty values left out instead of giving ";;" (GL-SIG-09) */
  skipEmpty?: boolean;
  /** how the signature string is hashed (GL-SIG-08: UTF-8) */
  charset?: 'utf8' | 'latin1';
}

export interface VerifyOptions extends SignOptions {
  /** accept pg_sig in any letter case (GL-SIG-07: exact) */
  caseInsensitive?: boolean;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** UTF-8 byte order (PHP ksort). For ASCII names, plain string order is the same and allocation-free. */
function byteCompare(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function entriesOf(v: PgValue): Array<[string, PgValue]> {
  return Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v as PgMessage);
}

const POS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

function vendorFlat(v: PgMessage | PgValue[], parent: string, out: Array<[string, string]>): void {
  let i = 0;
  const add = (k: string, x: PgValue) => {
    i++;
    if (k === 'pg_sig') return;
    const name = parent + k + (POS[i] ?? String(i).padStart(3, '0'));
    if (typeof x === 'string') out.push([name, x]);
    else vendorFlat(x, name, out);
  };
  if (Array.isArray(v)) v.forEach((x, j) => add(String(j), x));
  else for (const k in v) if (Object.hasOwn(v, k)) add(k, v[k]!);
}

const foldedCompare = (a: string, b: string): number => a.toLowerCase().localeCompare(b.toLowerCase());

function naturalValues(v: PgMessage | PgValue[], out: string[], compare = byteCompare): void {
  const entries = entriesOf(v).filter(([k]) => k !== 'pg_sig');
  if (!Array.isArray(v)) entries.sort(([a], [b]) => compare(a, b));
  for (const [, x] of entries) {
    if (typeof x === 'string') out.push(x);
    else naturalValues(x, out, compare);
  }
}

const pos = (i: number): string => POS[i] ?? String(i).padStart(3, '0');

/**
 * The vendor order of one level, from its field names alone: the indices of the signed siblings
 * (pg_sig left out, but consuming its position) in the order of their names `key + position`.
 * Each sibling's subtree stays together in the flat names' order as long as no sibling's name is
 * a prefix of another's and the names are ASCII (byte order is then string order); otherwise null,
 * and the flat names decide.
 *
 * Where no key is a prefix of another, the keys' own order is the names' order (two such keys first
 * differ inside the shorter one, and so do their names) and no name is a prefix of another: that
 * order needs no names built. Messages whose optional fields come and go have a new shape nearly
 * every time (the cache below misses), so this is the common path.
 */
function levelPlan(keys: readonly string[]): Int32Array | null {
  let idx: number[] = [];
  const long = keys.length > INSERTION_MAX;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === 'pg_sig') continue;
    if (!isAscii(k)) return null;
    let j = idx.length;
    idx.push(i);
    if (long) continue;
    // insertion sort: a level usually has a few dozen names at most
    while (j > 0 && keys[idx[j - 1]!]! > k) {
      idx[j] = idx[j - 1]!;
      j--;
    }
    idx[j] = i;
  }
  // a long level (a reply with thousands of repeated elements): insertion sort would be quadratic
  if (long) idx = idx.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  // in key order, a key that is a prefix of another is a prefix of the next one
  for (let j = 1; j < idx.length; j++) if (keys[idx[j]!]!.startsWith(keys[idx[j - 1]!]!)) return namePlan(keys);
  return Int32Array.from(idx);
}

/** levelPlan from the names themselves, where a key is a prefix of another. */
function namePlan(keys: readonly string[]): Int32Array | null {
  const names: string[] = [];
  const idx: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === 'pg_sig') continue;
    if (!isAscii(k)) return null;
    const name = k + pos(i + 1);
    names.push(name);
    idx.push(i);
    if (keys.length > INSERTION_MAX) continue;
    // insertion sort: a level usually has a handful of names
    let j = names.length - 1;
    while (j > 0 && names[j - 1]! > name) {
      names[j] = names[j - 1]!;
      idx[j] = idx[j - 1]!;
      j--;
    }
    names[j] = name;
    idx[j] = i;
  }
  if (keys.length > INSERTION_MAX) {
    // a long level (a reply with thousands of repeated elements): insertion sort would be quadratic
    const byName = idx.map((_, j) => j).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
    const sorted = byName.map((j) => names[j]!);
    for (let j = 1; j < sorted.length; j++) if (sorted[j]!.startsWith(sorted[j - 1]!)) return null;
    return Int32Array.from(byName, (j) => idx[j]!);
  }
  for (let j = 1; j < names.length; j++) if (names[j]!.startsWith(names[j - 1]!)) return null;
  return Int32Array.from(idx);
}

const INSERTION_MAX = 32;

// Plans by shape (the names of a level in order; an array's by its length), never by values.
// Bounded: a hostile stream of shapes only evicts.
interface Plan {
  keys: string[];
  order: Int32Array | null;
}
const objectPlans = new Map<string, Plan[]>();
const arrayPlans: Array<Int32Array | null> = [];
const MAX_BUCKETS = 256;
const MAX_PER_BUCKET = 8;
const MAX_ARRAY_PLAN = 256;

// The plan last used at each depth of a message, tried before the buckets: messages in a run
// mostly repeat their shape
const recent: Plan[] = [];
const RECENT_DEPTH = 8;

/** The plan of a level whose names are keys[0..n) (keys may be a longer scratch array). */
function objectPlan(keys: string[], n: number, depth: number): Int32Array | null {
  const last = depth < RECENT_DEPTH ? recent[depth] : undefined;
  if (last !== undefined && last.keys.length === n) {
    const lk = last.keys;
    let i = 0;
    while (i < n && lk[i] === keys[i]) i++;
    if (i === n) return last.order;
  }
  const first = n > 0 ? keys[0]! : '';
  let bucket = objectPlans.get(first);
  let plan: Plan | undefined;
  if (bucket) {
    for (let b = 0; b < bucket.length; b++) {
      const p = bucket[b]!;
      const pk = p.keys;
      if (pk.length !== n) continue;
      let i = 1;
      while (i < n && pk[i] === keys[i]) i++;
      if (i >= n) {
        plan = p;
        break;
      }
    }
  } else {
    if (objectPlans.size >= MAX_BUCKETS) objectPlans.clear();
    objectPlans.set(first, (bucket = []));
  }
  if (plan === undefined) {
    const own = keys.slice(0, n); // keys is reused by the next walk
    plan = { keys: own, order: levelPlan(own) };
    if (bucket.length >= MAX_PER_BUCKET) bucket.pop();
    bucket.unshift(plan);
  }
  if (depth < RECENT_DEPTH) recent[depth] = plan;
  return plan.order;
}

function arrayPlan(n: number): Int32Array | null {
  if (n < MAX_ARRAY_PLAN && arrayPlans[n] !== undefined) return arrayPlans[n]!;
  const keys = new Array<string>(n);
  for (let i = 0; i < n; i++) keys[i] = String(i);
  const order = levelPlan(keys);
  if (n < MAX_ARRAY_PLAN) arrayPlans[n] = order;
  return order;
}

// levelOrder's output: the signed values of the message being walked, in order (reused, so the
// hot path allocates no array), or with `toBytes` (sign's default options) their bytes, written
// straight into the hash's buffer. A getter that signs while a walk is on gets the general path.
const walked: string[] = [];
let walkedN = 0;
let walking = false;
let toBytes = false;

// Per depth, a level's names and values as for-in read them (reused arrays: no allocation)
const levelKeys: string[][] = [];
const levelValues: unknown[][] = [];
const SCRATCH_DEPTH = 16;
const NO_KEYS: string[] = [];

/** The vendor order level by level (see levelPlan) into `walked` from `n` on: the count after it, or
 *  -1 when a level needs the flat names, or holds a value that is neither a string, an object nor a
 *  dense array (the flat names decide). */
function levelOrder(v: PgMessage | PgValue[], n: number, depth: number): number {
  let values: readonly unknown[];
  let order: Int32Array | null;
  if (Array.isArray(v)) order = arrayPlan((values = v).length);
  else {
    // for-in reads names and values with no array made (Object.keys and Object.values make two,
    // and sort a dictionary-mode object's names). It yields the own enumerable names in their
    // order, then any inherited enumerable one: when the last name is own, all are.
    const deep = depth >= SCRATCH_DEPTH;
    const keys = deep ? [] : (levelKeys[depth] ??= []);
    const vals = deep ? [] : (levelValues[depth] ??= []);
    // The names are compared with the last plan's at this depth as they come, and kept only from
    // the first that differs (messages in a run mostly repeat their shape).
    const last = depth < RECENT_DEPTH ? recent[depth] : undefined;
    const lk = last === undefined ? NO_KEYS : last.keys;
    let same = last !== undefined;
    let m = 0;
    for (const k in v) {
      if (same) {
        if (k === lk[m]) {
          vals[m++] = v[k];
          continue;
        }
        same = false;
        for (let i = 0; i < m; i++) keys[i] = lk[i]!;
      }
      keys[m] = k;
      vals[m++] = v[k];
    }
    if (same && m < lk.length) {
      same = false;
      for (let i = 0; i < m; i++) keys[i] = lk[i]!;
    }
    if (m > 0 && !Object.hasOwn(v, same ? lk[m - 1]! : keys[m - 1]!)) return -1;
    order = same ? last!.order : objectPlan(keys, m, depth);
    values = vals;
  }
  if (order === null) return -1;
  const out = walked;
  for (let j = 0; j < order.length; j++) {
    const x = values[order[j]!];
    if (typeof x === 'string') {
      if (toBytes) writer.put(x, true);
      else out[n++] = x;
    } else if (typeof x !== 'object' || x === null || (n = levelOrder(x as PgMessage | PgValue[], n, depth + 1)) < 0)
      return -1;
  }
  return n;
}

/** The vendor order: by levels when that is exact, else by sorting the flat names. */
function vendorValues(fields: PgMessage): string[] | undefined {
  if (!walking) {
    walking = true;
    walkedN = 0;
    try {
      const n = levelOrder(fields, 0, 0);
      if (n >= 0) {
        walkedN = n;
        return undefined; // in walked[0..walkedN)
      }
    } finally {
      walking = false;
    }
  }
  return flatValues(fields);
}

/** The vendor order by sorting the flat names. */
function flatValues(fields: PgMessage): string[] {
  const flat: Array<[string, string]> = [];
  vendorFlat(fields, '', flat);
  // one ASCII test per name, not per comparison: the common case sorts with plain string order
  let ascii = true;
  for (const [n] of flat) if (!isAscii(n)) ascii = false;
  flat.sort(ascii ? (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) : (a, b) => byteCompare(a[0], b[0]));
  const out = new Array<string>(flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = flat[i]![1];
  return out;
}

/** The signed values in signature order. */
export function orderedValues(fields: PgMessage, order: FlattenOrder = 'vendor'): string[] {
  if (order === 'wire') {
    // the names as the form carries them (toForm's bracket notation), pg_sig left out at the top
    const flat = toForm(fields).filter(([k]) => k !== 'pg_sig');
    flat.sort((a, b) => byteCompare(a[0], b[0]));
    return flat.map(([, v]) => v);
  }
  if (order !== 'vendor') {
    const out: string[] = [];
    // a stable sort with every pair equal keeps the insertion order
    naturalValues(fields, out, order === 'folded' ? foldedCompare : order === 'insertion' ? () => 0 : byteCompare);
    return out;
  }
  return vendorValues(fields) ?? walked.slice(0, walkedN);
}

/** The signed values in signature order under `opts`: an array, or undefined for the level walk's
 *  `walked[0..walkedN)` (not copied: read it before the next walk). */
function signedValues(fields: PgMessage, opts: SignOptions): string[] | undefined {
  const signed = opts.nestedAsEmpty
    ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : '']))
    : fields;
  return opts.order === undefined || opts.order === 'vendor' ? vendorValues(signed) : orderedValues(signed, opts.order);
}

/** The string that is hashed: `script;v1;…;vn;secret`. */
export function signatureBase(script: string, fields: PgMessage, secret: string, opts: SignOptions = {}): string {
  const general = signedValues(fields, opts);
  const values = general ?? walked;
  const n = general ? general.length : walkedN;
  const skipEmpty = opts.skipEmpty === true;
  let s = script;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!(skipEmpty && v === '')) s = `${s};${v}`;
  }
  return `${s};${secret}`;
}

/** md5 of the base's UTF-8 bytes (signatureBase's string, written as bytes: Utf8Writer), lowercase hex;
 *  `charset: 'latin1'` hashes the base string's Latin-1 bytes instead (GL-SIG-08's wrong signer). */
export function sign(script: string, fields: PgMessage, secret: string, opts: SignOptions = {}): string {
  // a getter that signs while a walk writes the buffer takes the string path, which leaves it alone
  if (opts.charset === 'latin1' || walking)
    return createHash('md5')
      .update(signatureBase(script, fields, secret, opts), opts.charset === 'latin1' ? 'latin1' : 'utf8')
      .digest('hex');
  let values: readonly string[] | undefined;
  let n = 0;
  if ((opts.order === undefined || opts.order === 'vendor') && opts.nestedAsEmpty !== true && opts.skipEmpty !== true) {
    // the default options: the level walk writes each value's bytes as it meets it
    writer.head(script);
    let byLevels = false;
    walking = toBytes = true;
    try {
      byLevels = levelOrder(fields, 0, 0) >= 0;
    } finally {
      walking = toBytes = false;
    }
    if (!byLevels) n = (values = flatValues(fields)).length;
  } else {
    const general = signedValues(fields, opts);
    values = general ?? walked;
    n = general ? general.length : walkedN;
  }
  if (values !== undefined) {
    writer.head(script);
    const skipEmpty = opts.skipEmpty === true;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!(skipEmpty && v === '')) writer.put(v, true);
    }
  }
  writer.tail(secret, true);
  return writer.digest('md5');
}

// the base's bytes (a getter that signs while a walk writes them takes the string path)
const writer = new Utf8Writer();

/** Exact, case-sensitive (unless told otherwise), constant-time comparison against the expected signature. */
export function verify(
  script: string,
  fields: PgMessage,
  secret: string,
  sig: string | undefined,
  opts: VerifyOptions = {},
): boolean {
  if (typeof sig !== 'string') return false;
  return sameSignature(opts.caseInsensitive ? sig.toLowerCase() : sig, sign(script, fields, secret, opts));
}

/** `verify` in the vendor order, else in the natural and the wire order: which order the other side
 *  flattens nested values in (and names such as item1/item10, digest §2.6) is open (digest open question
 *  2; GL-SIG-06, INFERRED, judges the order), so whether a message is signed at all (GL-SIG-11) is asked
 *  of any of them. The other orders cost a hash each only when the vendor one does not verify. */
export function verifyAnyOrder(
  script: string,
  fields: PgMessage,
  secret: string,
  sig: string | undefined,
  opts: VerifyOptions = {},
): boolean {
  if (verify(script, fields, secret, sig, opts)) return true;
  if (typeof sig !== 'string') return false;
  return (['natural', 'wire'] as const).some((order) => verify(script, fields, secret, sig, { ...opts, order }));
}

/** The called script's name: the last path segment of a URL, without query ('' after a trailing /). */
export function scriptName(url: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url.split(/[?#]/)[0]!;
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A fresh pg_salt: digits and Latin letters. */
export function salt(random: () => number = Math.random, length = 16): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}
