/**
 * X-JWS-Signature: RFC 7515 compact JWS with a detached payload (Appendix F), `b64url(header)..sig`.
 * The signing input is `b64url(header) + "." + b64url(body)` where body is the exact request body
 * bytes; there is no `b64:false` (this is not RFC 7797). See digest §B3.
 */
import { createHmac } from 'node:crypto';
import { sameSignature } from '../common/compare.ts';
import { CompactSign, flattenedVerify, errors } from 'jose';
import { b64urlDecodeStrict, b64urlEncode, decodeUtf8Strict, isCanonicalB64url, toBytes } from './b64.ts';

export type HmacAlg = 'HS256' | 'HS384' | 'HS512';
const HMAC_ALGS: readonly string[] = ['HS256', 'HS384', 'HS512'];

/** The g2g protected header, fields in the documented order (seed 000). */
export interface G2gHeader {
  uri: string;
  auth_id: string;
  method: string;
  params: string;
  alg: HmacAlg;
}

export const HEADER_FIELDS = ['uri', 'auth_id', 'method', 'params', 'alg'] as const;

export type Bytes = Uint8Array | string;
export type Secret = Uint8Array | string;

export type JwsErrorCode =
  | 'malformed'
  | 'not-detached'
  | 'alg-none'
  | 'alg-not-allowed'
  | 'unknown-auth-id'
  | 'bad-signature'
  | 'uri-mismatch'
  | 'method-mismatch'
  | 'auth-id-mismatch'
  | 'params-mismatch';

export interface JwsFailure {
  ok: false;
  code: JwsErrorCode;
  reason: string;
  /** The protected header, when it could be decoded. */
  header?: Record<string, unknown>;
}

export interface DecodedToken {
  ok: true;
  header: Record<string, unknown>;
  /** The protected header exactly as the token carries it (decoded UTF-8). */
  headerText: string;
  segments: { header: string; payload: string; signature: string };
}

export interface Verified<H = Record<string, unknown>> {
  ok: true;
  header: H;
  headerText: string;
}

export type VerifyResult<H = Record<string, unknown>> = Verified<H> | JwsFailure;

const fail = (code: JwsErrorCode, reason: string, header?: Record<string, unknown>): JwsFailure =>
  header ? { ok: false, code, reason, header } : { ok: false, code, reason };

/** The documented serialisation: the five fields in order, compact, whatever the order of `h`. */
export function serialiseHeader(h: G2gHeader): string {
  return JSON.stringify({ uri: h.uri, auth_id: h.auth_id, method: h.method, params: h.params, alg: h.alg });
}

/** The g2g header for a POST to `uri` (params is reserved and always ""). */
export function g2gHeader(uri: string, authId: string, alg: HmacAlg = 'HS256', method = 'POST'): G2gHeader {
  return { uri, auth_id: authId, method, params: '', alg };
}

/**
 * Sign with a g2g header serialised in the documented field order. A string body signs as its
 * UTF-8 bytes, so it equals signing those bytes; bytes that are not valid UTF-8 (raw stdin) must
 * be passed as bytes, since decoding them to a string would replace them.
 */
export async function signDetached(body: Bytes, header: G2gHeader, secret: Secret): Promise<string> {
  // serialiseHeader is JSON.stringify of the header in the documented order: what signDetachedWith
  // would serialise from the parsed object, without the round trip
  return signText(serialiseHeader(header), header.alg, body, secret);
}

/**
 * Sign with any protected header; its bytes are JSON.stringify(header), so the field order is the
 * object's insertion order. Other v5 families use other shapes (invoice: path, merchant_id).
 */
export async function signDetachedWith(
  body: Bytes,
  header: Record<string, unknown> & { alg: string },
  secret: Secret,
): Promise<string> {
  return signText(JSON.stringify(header), header.alg, body, secret);
}

// node's HMAC on the hot path (jose's WebCrypto jobs cost ~40x more per token); jose serialises the
// protected header with JSON.stringify too, and test/unit/greenleaves-v5/jws-fast.test.ts proves
// that both give the same token on every input
function signText(headerJson: string, alg: string, body: Bytes, secret: Secret): string {
  if (!HMAC_ALGS.includes(alg))
    throw new Error(`signDetached: alg ${alg} is not an HMAC algorithm (HS256/HS384/HS512)`);
  if (secret.length === 0) throw new Error('signDetached: the secret is empty');
  const h = Buffer.from(headerJson, 'utf8').toString('base64url');
  return `${h}..${createHmac(HMAC_HASH[alg as HmacAlg], secret)
    .update(`${h}.${b64url(body)}`)
    .digest('base64url')}`;
}

/** base64url of a body: a string as its UTF-8 bytes (Buffer and TextEncoder both replace lone surrogates). */
function b64url(body: Bytes): string {
  return typeof body === 'string' ? Buffer.from(body, 'utf8').toString('base64url') : b64urlEncode(body);
}

/** jose's CompactSign, kept as the reference the fast path is tested against. */
export async function signDetachedJose(
  body: Bytes,
  header: Record<string, unknown> & { alg: string },
  secret: Secret,
): Promise<string> {
  const compact = await new CompactSign(toBytes(body)).setProtectedHeader(header).sign(toBytes(secret));
  const [h, , s] = compact.split('.');
  return `${h}..${s}`;
}

const HMAC_HASH: Record<HmacAlg, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * Sign with protected-header bytes exactly as given (another field order, spacing, escaping, or
 * not JSON at all): the signing input is b64url(header bytes) + "." + b64url(body). jose always
 * serialises the header itself, so this one is plain HMAC; it exists to test verifiers, which must
 * verify over the header segment as received (V5-JWS-03).
 */
export function signDetachedRaw(headerText: Bytes, body: Bytes, secret: Secret, alg: HmacAlg = 'HS256'): string {
  const h = b64urlEncode(toBytes(headerText));
  const input = `${h}.${b64urlEncode(toBytes(body))}`;
  return `${h}..${createHmac(HMAC_HASH[alg], toBytes(secret)).update(input).digest('base64url')}`;
}

// Decoded protected-header segments (a client signs many requests under one header): decoding
// and parsing one is half of a verification's own work. Bounded; only flat headers (every value a
// primitive) are kept, and each caller gets its own copy.
const HEADERS = new Map<string, { header: Record<string, unknown>; text: string }>();
const HEADERS_MAX = 256;

/** Split and decode a token without verifying it. Fails with `malformed` only. */
export function decodeProtectedHeader(token: string): DecodedToken | JwsFailure {
  const d1 = token.indexOf('.');
  const d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
  if (d2 < 0 || token.indexOf('.', d2 + 1) >= 0)
    return fail('malformed', `expected 3 dot-separated segments, got ${token.split('.').length}`);
  const h = token.slice(0, d1);
  const p = token.slice(d1 + 1, d2);
  const s = token.slice(d2 + 1);
  if (h === '') return fail('malformed', 'empty protected header segment');
  const known = HEADERS.get(h);
  const hb = known ? undefined : b64urlDecodeStrict(h);
  if (!known && !hb) return fail('malformed', 'protected header segment is not canonical base64url');
  if (!isCanonicalB64url(p)) return fail('malformed', 'payload segment is not canonical base64url');
  if (!isCanonicalB64url(s)) return fail('malformed', 'signature segment is not canonical base64url');
  const segments = { header: h, payload: p, signature: s };
  if (known) return { ok: true, header: { ...known.header }, headerText: known.text, segments };
  const text = decodeUtf8Strict(hb!);
  if (text === undefined) return fail('malformed', 'protected header is not UTF-8');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return fail('malformed', 'protected header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return fail('malformed', 'protected header is not a JSON object');
  const o = header as Record<string, unknown>;
  if (Object.values(o).every((v) => v === null || typeof v !== 'object')) {
    if (HEADERS.size >= HEADERS_MAX) HEADERS.clear();
    HEADERS.set(h, { header: { ...o }, text });
  }
  return { ok: true, header: o, headerText: text, segments };
}

/** True when the header bytes are exactly the documented serialisation (fields, order, no spaces). */
export function isDocumentedLayout(headerText: string): boolean {
  let h: unknown;
  try {
    h = JSON.parse(headerText);
  } catch {
    return false;
  }
  if (typeof h !== 'object' || h === null) return false;
  const o = h as Record<string, unknown>;
  if (Object.keys(o).length !== HEADER_FIELDS.length || !HEADER_FIELDS.every((f) => typeof o[f] === 'string'))
    return false;
  return serialiseHeader(o as unknown as G2gHeader) === headerText;
}

export type SecretSource = Secret | ((header: Record<string, unknown>) => Secret | undefined);

/** Detached form and algorithm, checked before any key is used. */
function checkForm(d: DecodedToken, algs: readonly string[]): JwsFailure | undefined {
  const { header } = d;
  if (d.segments.payload !== '')
    return fail('not-detached', 'the payload segment must be empty (header..signature)', header);
  if (typeof header.alg !== 'string' || header.alg === '')
    return fail('malformed', 'alg is missing or not a string', header);
  if (header.alg.toLowerCase() === 'none') return fail('alg-none', 'alg "none" is never accepted', header);
  if (!algs.includes(header.alg))
    return fail('alg-not-allowed', `alg ${header.alg} is not allowed (allowed: ${algs.join(', ')})`, header);
  if ('crit' in header || 'b64' in header)
    return fail('malformed', 'crit/b64 header parameters are not part of this scheme', header);
  return undefined;
}

function checkSignature(
  d: DecodedToken,
  body: Bytes,
  secret: SecretSource,
  algs: readonly string[],
): JwsFailure | undefined {
  const { header } = d;
  const key = typeof secret === 'function' ? secret(header) : secret;
  if (key === undefined) return fail('unknown-auth-id', 'no secret for this auth_id', header);
  const alg = header.alg as string;
  if (!HMAC_ALGS.includes(alg) || !algs.includes(alg))
    return fail('alg-not-allowed', `alg ${alg} is not allowed`, header);
  const want = createHmac(HMAC_HASH[alg as HmacAlg], key)
    .update(`${d.segments.header}.${b64url(body)}`)
    .digest();
  // the segment is canonical base64url (decodeProtectedHeader): equal bytes are equal text
  if (!sameSignature(Buffer.from(d.segments.signature, 'base64url'), want))
    return fail('bad-signature', 'signature does not verify over the body received', header);
  return undefined;
}

/** jose's flattenedVerify over the same input, the reference of the fast path above (tests only). */
export async function verifiesWithJose(
  token: string,
  body: Bytes,
  secret: Secret,
  algs: readonly string[],
): Promise<boolean> {
  const [h, , s] = token.split('.');
  try {
    await flattenedVerify({ protected: h!, payload: b64urlEncode(toBytes(body)), signature: s! }, toBytes(secret), {
      algorithms: [...algs],
    });
    return true;
  } catch (e) {
    if (e instanceof errors.JOSEError) return false;
    throw e;
  }
}

/**
 * Form, algorithm and signature only (no binding), for any header shape. The payload is the body
 * bytes as received, base64url-encoded here; never a re-serialised object.
 */
export async function verifySignature(
  token: string,
  body: Bytes,
  secret: SecretSource,
  algs: readonly string[],
): Promise<VerifyResult> {
  const d = decodeProtectedHeader(token);
  if (!d.ok) return d;
  const f = checkForm(d, algs) ?? checkSignature(d, body, secret, algs);
  return f ?? { ok: true, header: d.header, headerText: d.headerText };
}

export interface Expect {
  /** The request path (without query string) the token must be bound to. */
  uri: string;
  method: string;
  /** When set, auth_id must equal it. */
  authId?: string;
  /** When set, params must equal it (the reserved field; the sandbox requires ""). */
  params?: string;
  algs: readonly HmacAlg[];
}

/**
 * Verify a g2g X-JWS-Signature over the raw body bytes received, and its binding to the request.
 * `secret` may be a lookup by header (auth_id); undefined from it gives `unknown-auth-id`.
 */
export async function verifyDetached(
  token: string,
  body: Bytes,
  secret: SecretSource,
  expect: Expect,
): Promise<VerifyResult<G2gHeader>> {
  const d = decodeProtectedHeader(token);
  if (!d.ok) return d;
  const form = checkForm(d, expect.algs);
  if (form) return form;
  const missing = HEADER_FIELDS.filter((f) => typeof d.header[f] !== 'string');
  if (missing.length > 0)
    return fail('malformed', `protected header field(s) ${missing.join(', ')} missing or not strings`, d.header);
  const sig = checkSignature(d, body, secret, expect.algs);
  if (sig) return sig;
  const h = d.header as unknown as G2gHeader;
  if (h.uri !== expect.uri)
    return fail('uri-mismatch', `signed for uri ${h.uri}, request path is ${expect.uri}`, d.header);
  if (h.method !== expect.method)
    return fail('method-mismatch', `signed for method ${h.method}, request method is ${expect.method}`, d.header);
  if (expect.authId !== undefined && h.auth_id !== expect.authId) {
    return fail('auth-id-mismatch', `signed for auth_id ${h.auth_id}, expected ${expect.authId}`, d.header);
  }
  if (expect.params !== undefined && h.params !== expect.params) {
    return fail(
      'params-mismatch',
      `params is ${JSON.stringify(h.params)}, expected ${JSON.stringify(expect.params)}`,
      d.header,
    );
  }
  return { ok: true, header: h, headerText: d.headerText };
}
