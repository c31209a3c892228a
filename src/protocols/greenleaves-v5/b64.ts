/** base64url without padding, strict: a segment must be the canonical encoding of its bytes. */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function b64urlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decode a segment, or undefined when it is not canonical base64url. Node's decoder is lenient
 * (padding, stray characters, non-zero trailing bits); a lenient decoder would let several
 * distinct tokens verify as the same one.
 */
export function b64urlDecodeStrict(segment: string): Uint8Array | undefined {
  if (!ALPHABET.test(segment) || segment.length % 4 === 1) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A body or key given as a string is its UTF-8 encoding; bytes are used as they are. */
export function toBytes(v: Uint8Array | string): Uint8Array {
  return typeof v === 'string' ? utf8.encode(v) : v;
}
