/** base64url without padding, strict: a segment must be the canonical encoding of its bytes. */

import { isUtf8 } from 'node:buffer';

export function b64urlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decode a segment, or undefined when it is not canonical base64url. Node's decoder is lenient
 * (padding, stray characters, non-zero trailing bits); a lenient decoder would let several
 * distinct tokens verify as the same one.
 */
export function b64urlDecodeStrict(segment: string): Uint8Array | undefined {
  if (!isCanonicalB64url(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const ALPHABET = /^[A-Za-z0-9_-]*$/;
// the 6-bit value of each base64url character, -1 for any other code unit below 128
const SEXTET = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries())
  SEXTET[c.charCodeAt(0)] = i;

/**
 * True when the segment is the canonical unpadded base64url of some bytes, i.e. encoding what it
 * decodes to gives it back: only alphabet characters, a length that is not 1 mod 4, and the bits
 * the last character carries beyond the last byte all zero.
 */
export function isCanonicalB64url(segment: string): boolean {
  const n = segment.length;
  if (n % 4 === 1 || !ALPHABET.test(segment)) return false;
  if (n % 4 === 2) return (SEXTET[segment.charCodeAt(n - 1)]! & 0x0f) === 0;
  if (n % 4 === 3) return (SEXTET[segment.charCodeAt(n - 1)]! & 0x03) === 0;
  return true;
}

/** `s` without its trailing `=` padding: what s.replace(/=+$/, '') gives, in linear time (that
 *  pattern restarts at every `=` of a run that does not end the string: quadratic on a header of
 *  `=`s followed by another character, 7 s at 100 KB). */
export function stripPadding(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */) end--;
  return end === s.length ? s : s.slice(0, end);
}

export const utf8 = new TextEncoder();

export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  // isUtf8 is the fatal decoder's test without the exception; a BOM is kept either way (ignoreBOM)
  if (!isUtf8(bytes)) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** A body or key given as a string is its UTF-8 encoding; bytes are used as they are. */
export function toBytes(v: Uint8Array | string): Uint8Array {
  return typeof v === 'string' ? utf8.encode(v) : v;
}
