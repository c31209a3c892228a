import { admitsJson, isJsonAccept, isJsonContentType } from '../../spec/v5-media-types.ts';
import {
  JWS_ERROR_CODE,
  decodeProtectedHeader,
  isUuid,
  isUuidV7,
  serialiseHeader,
  signDetachedRaw,
  verifyDetached,
  type Expect,
  type HmacAlg,
  type VerifyResult,
  type G2gHeader,
} from '../../protocols/greenleaves-v5/index.ts';
import { decodeUtf8Strict, stripPadding } from '../../protocols/greenleaves-v5/b64.ts';
import { sameSignature } from '../../protocols/common/compare.ts';
import { sortKeys } from '../../protocols/common/json-keys.ts';
import type { Incoming } from '../../reference/server.ts';
import type { Gw } from './context.ts';
import { MerchantStore } from './store.ts';

/** Transport headers in the order ERR-03 gives: the first fault's code, or undefined.
 *  Here and in verifyRequest a policy knob is read only where its value can change the answer (the
 *  request's own conditions first): the meta-tests rerun against a defect only the checks that read
 *  a knob it patches (test/meta/support.ts tracePolicy), and a knob read on every request would
 *  send every check of the suite to every such defect. */
export function headerFault(gw: Gw, req: Incoming): number | undefined {
  const p = gw.policy.headers;
  if (!isJsonContentType(req.headers['content-type']) && p.checkContentType) return 1101; // V5-HDR-01
  const accept = req.headers.accept;
  if (!isJsonAccept(accept) && p.checkAccept && !(p.accept === 'rfc9110' && admitsJson(accept))) return 1102; // V5-HDR-02
  const id = req.headers['x-request-id'];
  if (id === undefined || id === '' || (!isUuid(id) && p.requestId !== 'any')) return 1103; // V5-HDR-04
  if (p.requestId === 'uuid-v7' && !isUuidV7(id)) return 1103; // V5-HDR-05
  const lang = req.headers['accept-language'];
  if (lang !== undefined && !/^(ru|en)\b/i.test(lang) && p.checkAcceptLanguage) return 1102; // V5-HDR-06
  return undefined;
}

export type Signed =
  { ok: true; merchant: MerchantStore } | { ok: false; code: number; reason: string; authId?: string };

/** JSON's blanks, and the other bytes Ruby's String#strip drops. */
const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c, 0x00]);

function trimmed(raw: Buffer): Buffer {
  let [a, z] = [0, raw.length];
  while (a < z && BLANK.has(raw[a]!)) a++;
  while (z > a && BLANK.has(raw[z - 1]!)) z--;
  return raw.subarray(a, z);
}

/** The body parsed and written again: compact (JSON.stringify), or as PHP's json_encode writes it by
 *  default ("/" as "\/", every non-ASCII character as \uXXXX). */
function reserialised(raw: Buffer, php = false, sorted = false): Buffer {
  const text = decodeUtf8Strict(raw);
  if (text === undefined) return raw;
  try {
    const parsed = JSON.parse(text) as unknown;
    const again = JSON.stringify(sorted ? sortKeys(parsed) : parsed);
    if (!php) return Buffer.from(again, 'utf8');
    const escaped = again
      .replace(/\//g, '\\/')
      .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return Buffer.from(escaped, 'utf8');
  } catch {
    return raw;
  }
}

/** The bytes the signature is checked over: those received, or a defect's (JSON re-serialised, compact or as PHP writes it; trimmed
 *  of blanks at either end; every byte read as an ISO-8859-1 character and written as UTF-8, a servlet's
 *  default charset). The knob is read only when those bytes differ from the ones received. */
function signedBytes(gw: Gw, raw: Buffer): Buffer {
  const other = {
    reserialised: reserialised(raw),
    sorted: reserialised(raw, false, true),
    php: reserialised(raw, true),
    trimmed: trimmed(raw),
    latin1: raw.some((b) => b >= 0x80) ? Buffer.from(raw.toString('latin1'), 'utf8') : raw,
  };
  if (Object.values(other).every((b) => b.equals(raw))) return raw;
  const how = gw.policy.signature.body; // V5-JWS-06, V5-JWS-07
  return how === 'received' ? raw : other[how];
}

/** The merchant of an auth_id; an unknown one is refused (undefined), or, a defect's, made a new
 *  merchant on the fly with the first merchant's secret_key (V5-JWS-10). */
function merchantOf(gw: Gw, authId: string): MerchantStore | undefined {
  const known = gw.merchants.get(authId);
  if (known || gw.policy.signature.unknownAuthId === 'refused') return known;
  const first = gw.merchants.values().next().value!;
  const made = new MerchantStore(authId, first.secret, () => gw.clock.now());
  gw.merchants.set(authId, made);
  return made;
}

/** X-JWS-Signature over the exact body bytes received, bound to this path, method and merchant. */
export async function verifyRequest(gw: Gw, req: Incoming): Promise<Signed> {
  const p = gw.policy.signature;
  let token = req.headers['x-jws-signature'];
  if (token === undefined || token === '') {
    if (!p.required) return { ok: true, merchant: gw.merchants.values().next().value! }; // V5-HDR-07
    return { ok: false, code: 1003, reason: 'X-JWS-Signature is missing' };
  }
  if (token.includes('=') && p.stripsPadding) token = token.split('.').map(stripPadding).join('.');
  const decoded = decodeProtectedHeader(token);
  const h = decoded.ok ? decoded.header : {};
  const five = ['uri', 'auth_id', 'method', 'params', 'alg'];
  if (
    decoded.ok &&
    Object.keys(h).length === 5 &&
    five.every((k) => typeof h[k] === 'string') &&
    token.split('.')[1] === ''
  ) {
    // V5-JWS-03: the header the gateway verifies is its own re-serialisation, not the bytes received
    const again = `${Buffer.from(serialiseHeader(h as unknown as G2gHeader)).toString('base64url')}..${token.split('.')[2]}`;
    if (again !== token && p.header === 'reserialised') token = again;
  }
  const authId = typeof h.auth_id === 'string' ? h.auth_id : undefined;
  if (typeof h.alg === 'string' && h.alg.toLowerCase() === 'none' && p.acceptsAlgNone) {
    const m = authId === undefined ? undefined : gw.merchants.get(authId);
    return m ? { ok: true, merchant: m } : { ok: false, code: 1005, reason: 'unknown auth_id', authId };
  }
  const body = signedBytes(gw, req.raw);
  if (decoded.ok && typeof h.alg === 'string' && h.alg !== 'HS256' && !p.readsAlg) {
    // V5-JWS-14: a gateway that never reads alg checks the HS256 MAC whatever the header names
    const m = authId === undefined ? undefined : gw.merchants.get(authId);
    if (!m) return { ok: false, code: 1005, reason: 'unknown auth_id', authId };
    if (sameSignature(token, signDetachedRaw(decoded.headerText, body, m.secret))) return { ok: true, merchant: m };
    return { ok: false, code: 1001, reason: 'the HS256 MAC does not verify', authId };
  }
  const algs: HmacAlg[] = [...p.algs]; // V5-JWS-05
  // the path the uri names: the API path, or (a variant behind a prefix) the full path called
  const called = p.uriWithPrefix ? `${p.prefix}${req.path}` : req.path;
  const expect: Expect = {
    uri: typeof h.uri === 'string' && h.uri !== called && !p.bindUri ? h.uri : called,
    method: typeof h.method === 'string' && h.method !== req.method && !p.bindMethod ? h.method : req.method,
    ...(h.params !== '' && p.checkParams && { params: '' }), // V5-JWS-08, V5-JWS-09, V5-JWS-11
    algs,
  };
  const first = gw.merchants.values().next().value!;
  const keyOf = (named: unknown): string | undefined => {
    if (typeof named !== 'string') return undefined;
    // (the defect's knob read only for a token naming another merchant than the first)
    if (named !== first.authId && p.oneKey) return first.secret; // V5-JWS-04, V5-JWS-10
    return merchantOf(gw, named)?.secret;
  };
  const r: VerifyResult<G2gHeader> = await verifyDetached(token, body, (hd) => keyOf(hd.auth_id), expect);
  if (!r.ok && !p.bindAuthId) {
    // V5-JWS-10
    for (const m of gw.merchants.values()) {
      const any = await verifyDetached(token, body, m.secret, expect);
      if (!any.ok) continue;
      const named = authId === undefined || authId === m.authId ? undefined : gw.merchants.get(authId);
      return { ok: true, merchant: named && p.unboundBooksUnder === 'named' ? named : m };
    }
  }
  if (!r.ok && r.code === 'bad-signature' && authId !== undefined && p.acceptsEmptyKey) {
    if (
      decoded.ok &&
      sameSignature(token, signDetachedRaw(decoded.headerText, body, Buffer.alloc(0))) &&
      gw.merchants.has(authId)
    )
      return { ok: true, merchant: gw.merchants.get(authId)! }; // V5-JWS-04
  }
  if (!r.ok) return { ok: false, code: JWS_ERROR_CODE[r.code], reason: r.reason, authId };
  // the secret was found by this auth_id, so the merchant exists (but under the one-key defect)
  return { ok: true, merchant: gw.merchants.get(r.header.auth_id) ?? first };
}

/** A defect's debugging in the refusal of a bad signature (1001) of a known merchant: its secret_key, or
 *  the HS256 MAC the request should have carried, of the body received under the header received
 *  (V5-JWS-15 forbids both). The knob is read only there. */
export function refusalDebug(gw: Gw, req: Incoming, signed: Signed): string | undefined {
  if (signed.ok || signed.code !== 1001 || signed.authId === undefined) return undefined;
  const m = gw.merchants.get(signed.authId);
  const shows = m && gw.policy.signature.refusalShows;
  if (!m || !shows) return undefined;
  if (shows === 'secret') return `debug: HS256 key ${m.secret}`;
  const decoded = decodeProtectedHeader(req.headers['x-jws-signature'] ?? '');
  if (!decoded.ok) return undefined;
  return `expected signature: ${signDetachedRaw(decoded.headerText, req.raw, m.secret).split('..')[1]}`;
}
