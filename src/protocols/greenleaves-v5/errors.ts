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
