import { createHash, timingSafeEqual } from 'node:crypto';
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
 */
export type FlattenOrder = 'vendor' | 'natural';

export interface SignOptions {
  order?: FlattenOrder;
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

function vendorFlat(v: PgMessage | PgValue[], parent: string, out: Array<[string, string]>): void {
  let i = 0;
  for (const [k, x] of entriesOf(v)) {
    i++;
    if (k === 'pg_sig') continue;
    const name = `${parent}${k}${String(i).padStart(3, '0')}`;
    if (typeof x === 'string') out.push([name, x]);
    else vendorFlat(x, name, out);
  }
}

function naturalValues(v: PgMessage | PgValue[], out: string[]): void {
  const entries = entriesOf(v).filter(([k]) => k !== 'pg_sig');
  if (!Array.isArray(v)) entries.sort(([a], [b]) => byteCompare(a, b));
  for (const [, x] of entries) {
    if (typeof x === 'string') out.push(x);
    else naturalValues(x, out);
  }
}

/** The signed values in signature order. */
export function orderedValues(fields: PgMessage, order: FlattenOrder = 'vendor'): string[] {
  if (order === 'natural') {
    const out: string[] = [];
    naturalValues(fields, out);
    return out;
  }
  const flat: Array<[string, string]> = [];
  vendorFlat(fields, '', flat);
  flat.sort(([a], [b]) => byteCompare(a, b));
  return flat.map(([, v]) => v);
}

/** The string that is hashed: `script;v1;…;vn;secret`. */
export function signatureBase(script: string, fields: PgMessage, secret: string, opts: SignOptions = {}): string {
  return [script, ...orderedValues(fields, opts.order), secret].join(';');
}

export function sign(script: string, fields: PgMessage, secret: string, opts: SignOptions = {}): string {
  return createHash('md5').update(signatureBase(script, fields, secret, opts), 'utf8').digest('hex');
}

/** Exact, case-sensitive, constant-time comparison against the expected signature. */
export function verify(script: string, fields: PgMessage, secret: string, sig: string | undefined, opts: SignOptions = {}): boolean {
  if (typeof sig !== 'string') return false;
  const want = Buffer.from(sign(script, fields, secret, opts), 'utf8');
  const got = Buffer.from(sig, 'utf8');
  return got.length === want.length && timingSafeEqual(got, want);
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
