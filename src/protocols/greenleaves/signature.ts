import crypto, { createHash } from 'node:crypto';
import { sameSignature } from '../common/compare.ts';
import type { PgMessage, PgValue } from './message.ts';

/**
 * pg_sig = md5(script ; values ordered by field name ; secret_key), 32 lowercase hex.
 *
 * Nested data is flattened first. Two orders are in use (digest §2.6):
 * - 'vendor' (default): the vendor's PHP class names every element `parent + key + %03d(position)`,
 *   positions counted in insertion order (pg_sig consumes one), then sorts the flat names byte-wise.
 *   `item10` therefore sorts before `item1`, and receipt element 10 before element 1.
 * - 'natural': sort field names at each level byte-wise, arrays in index order.
 * For messages without such prefixes and with fewer than 11 array elements both agree.
 * - 'folded' (a wrong signer's): like 'natural', names compared case-insensitively (GL-SIG-10).
 */
export type FlattenOrder = 'vendor' | 'natural' | 'folded';

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

const ASCII = /^[\x00-\x7f]*$/;

/** UTF-8 byte order (PHP ksort). For ASCII names, plain string order is the same and allocation-free. */
function byteCompare(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
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

/** The vendor order without building the flat names: at each level the siblings' names (key +
 *  position) are sorted and each sibling's subtree kept together, which is the order of the flat
 *  names as long as no sibling's name is a prefix of another's and the names are ASCII (byte order is
 *  then string order). Otherwise false, and the flat names decide. */
function levelOrder(v: PgMessage | PgValue[], out: string[]): boolean {
  const names: string[] = [];
  const values: PgValue[] = [];
  let i = 0;
  const add = (k: string, x: PgValue): boolean => {
    i++;
    if (k === 'pg_sig') return true;
    const name = k + pos(i);
    if (!ASCII.test(k)) return false;
    // insertion sort: a level has a handful of names
    let j = names.length;
    names.push(name);
    values.push(x);
    while (j > 0 && names[j - 1]! > name) {
      names[j] = names[j - 1]!;
      values[j] = values[j - 1]!;
      j--;
    }
    names[j] = name;
    values[j] = x;
    return true;
  };
  if (Array.isArray(v)) {
    for (let j = 0; j < v.length; j++) if (!add(String(j), v[j]!)) return false;
  } else {
    for (const k in v) if (Object.hasOwn(v, k) && !add(k, v[k]!)) return false;
  }
  for (let j = 1; j < names.length; j++) if (names[j]!.startsWith(names[j - 1]!)) return false;
  for (let j = 0; j < values.length; j++) {
    const x = values[j]!;
    if (typeof x === 'string') out.push(x);
    else if (!levelOrder(x, out)) return false;
  }
  return true;
}

/** The signed values in signature order. */
export function orderedValues(fields: PgMessage, order: FlattenOrder = 'vendor'): string[] {
  if (order !== 'vendor') {
    const out: string[] = [];
    naturalValues(fields, out, order === 'folded' ? foldedCompare : byteCompare);
    return out;
  }
  const fast: string[] = [];
  if (levelOrder(fields, fast)) return fast;
  const flat: Array<[string, string]> = [];
  vendorFlat(fields, '', flat);
  // one ASCII test per name, not per comparison: the common case sorts with plain string order
  let ascii = true;
  for (const [n] of flat) if (!ASCII.test(n)) ascii = false;
  flat.sort(ascii ? (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) : (a, b) => byteCompare(a[0], b[0]));
  const out = new Array<string>(flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = flat[i]![1];
  return out;
}

/** The string that is hashed: `script;v1;…;vn;secret`. */
export function signatureBase(script: string, fields: PgMessage, secret: string, opts: SignOptions = {}): string {
  const signed = opts.nestedAsEmpty
    ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : '']))
    : fields;
  let s = script;
  for (const v of orderedValues(signed, opts.order)) if (!(opts.skipEmpty && v === '')) s += `;${v}`;
  return `${s};${secret}`;
}

export function sign(script: string, fields: PgMessage, secret: string, opts: SignOptions = {}): string {
  const base = signatureBase(script, fields, secret, opts);
  return opts.charset === 'latin1' ? createHash('md5').update(base, 'latin1').digest('hex') : md5hex(base);
}

// crypto.hash (Node ≥ 20.12) skips the Hash object: about twice as fast on these short strings
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
const md5hex = (s: string): string =>
  oneShot ? oneShot('md5', s, 'hex') : createHash('md5').update(s, 'utf8').digest('hex');

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
