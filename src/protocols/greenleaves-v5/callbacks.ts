/**
 * v5 callbacks (check_url, result_url), as paycert models them. Seed 000 only names the URLs in the
 * create body; the digest (§B5) maps them to the g2g Check URL / Result URL [I] and leaves their
 * format and signing open (§B6, open question 14). Everything here is INFERRED (V5-CB-*, V5-MCB-*):
 * a POST with a JSON body, signed like a request (detached JWS, the header's uri = the path of the
 * URL called), answered HTTP 200 with {"status": "ok" | "rejected" | "error", "description": …}.
 */
import { g2gHeader, signDetached, verifyDetached, type Bytes, type Secret, type VerifyResult } from './jws.ts';
import type { G2gHeader } from './jws.ts';
import { readJson, type DuplicateName } from '../common/json-names.ts';

export type CallbackKind = 'check' | 'result';
export type CallbackStatus = 'ok' | 'rejected' | 'error';
export const CALLBACK_STATUSES: readonly CallbackStatus[] = ['ok', 'rejected', 'error'];

export interface CallbackAnswer {
  status: CallbackStatus;
  description?: string;
}

/** The path a callback's signature is bound to: the URL's path, without the query. */
export function callbackUri(url: string): string {
  return new URL(url).pathname;
}

/** X-JWS-Signature of a callback to `url` (HS256, header uri = the URL's path). */
export function signCallback(body: Bytes, url: string, authId: string, secret: Secret): Promise<string> {
  return signDetached(body, g2gHeader(callbackUri(url), authId), secret);
}

/** Verify a received callback at `path` (the merchant's own path) over the body bytes received. */
export function verifyCallback(
  token: string | undefined,
  body: Bytes,
  path: string,
  authId: string,
  secret: Secret,
): Promise<VerifyResult<G2gHeader>> {
  if (!token) return Promise.resolve({ ok: false, code: 'malformed', reason: 'no X-JWS-Signature' });
  return verifyDetached(token, body, secret, { uri: path, method: 'POST', authId, params: '', algs: ['HS256'] });
}

/** The answer's members that decide it: a gateway acts on its status, and shows its description. */
const DECIDING = new Set(['status', 'description']);

/** Duplicated names (RFC 8259 §4) that leave the answer's decision open: a deciding member of the top
 *  level written twice with different values ({"status":"rejected","status":"ok"}): a gateway keeping
 *  the first copy and one keeping the last decide differently. */
export const undecided = (duplicates: readonly DuplicateName[]): DuplicateName[] =>
  duplicates.filter((d) => d.at === '' && d.differ && DECIDING.has(d.name));

/** The names the answer's JSON objects carry more than once ([] when it is no JSON). */
export function answerDuplicates(text: string): DuplicateName[] {
  try {
    return readJson(text).duplicates;
  } catch {
    return [];
  }
}

/** The merchant's answer, or undefined when it is not one (not JSON, no known status, or a status or
 *  description whose copies differ: which one is meant cannot be told, so it is no ok). */
export function parseAnswer(text: string): CallbackAnswer | undefined {
  let v: unknown;
  try {
    const read = readJson(text);
    if (undecided(read.duplicates).length > 0) return undefined;
    v = read.value;
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (!CALLBACK_STATUSES.includes(o.status as CallbackStatus)) return undefined;
  return {
    status: o.status as CallbackStatus,
    ...(typeof o.description === 'string' && { description: o.description }),
  };
}
