/** Which specs/greenleaves-v5/errors.json code each signature failure gets (INFERRED, see errors.json). */
import type { JwsErrorCode } from './jws.ts';

export const JWS_ERROR_CODE: Record<JwsErrorCode, number> = {
  malformed: 1003,
  'not-detached': 1003,
  'alg-none': 1002,
  'alg-not-allowed': 1002,
  'unknown-auth-id': 1005,
  'bad-signature': 1001,
  'uri-mismatch': 1004,
  'method-mismatch': 1004,
  'auth-id-mismatch': 1004,
  'params-mismatch': 1004,
};

/** A refusal of the token's scope: errors.json's 1004 signature-scope-mismatch (uri, method, auth_id or
 *  params do not match the request), or an error whose name or words name the uri or the scope. Not the
 *  key's refusal: a correct key under another uri is refused so. */
export function scopeRefused(e: { code?: unknown; name?: unknown; message?: unknown } | undefined): boolean {
  if (!e) return false;
  const words = typeof e.message === 'string' ? e.message : Object.values(Object(e.message)).map(String).join(' ');
  return Number(e.code) === JWS_ERROR_CODE['uri-mismatch'] || /scope|\buri\b/i.test(`${String(e.name)} ${words}`);
}
