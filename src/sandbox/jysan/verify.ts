import { verify, type Operation } from '../../protocols/jysan/index.ts';
import type { Form, Jy } from './context.ts';

/** Does P_SIGN verify, over the base this gateway's policy builds (JY-SIG-01, JY-SIG-06)? Exact,
 *  constant-time comparison (lowercase hex, as PHP hash() writes it). */
export function signatureOk(jy: Jy, op: Operation, f: Form): boolean {
  const s = jy.policy.signature;
  if (op === 'payment' && !s.verifyPayment) return true; // JY-SIG-07, JY-ERR-09
  return verify(op, f, jy.secret, f.P_SIGN ?? '', s.base[op]);
}
