import { sameSignature } from '../../protocols/common/compare.ts';
import { sign, verify, type Operation } from '../../protocols/jysan/index.ts';
import type { Form, Jy } from './context.ts';

/** Does P_SIGN verify, over the base this gateway's policy builds (JY-SIG-01, JY-SIG-06)? Exact,
 *  constant-time comparison (lowercase hex, as PHP hash() writes it). */
export function signatureOk(jy: Jy, op: Operation, f: Form): boolean {
  const s = jy.policy.signature;
  if (op === 'payment' && !s.verifyPayment) return true; // JY-SIG-07, JY-ERR-09
  // JY-SIG-01: the values as sent (a gateway writing AMOUNT with two decimals first verifies another base)
  const g =
    op === 'payment' && s.amountTwoDecimals && /^[0-9.]+$/.test(f.AMOUNT ?? '')
      ? { ...f, AMOUNT: Number(f.AMOUNT).toFixed(2) }
      : f;
  // JY-SIG-06: lowercase hex, as PHP hash() writes it
  if (op === 'payment' && s.uppercaseHex)
    return sameSignature(f.P_SIGN ?? '', sign(op, g, jy.secret, s.base[op]).toUpperCase());
  return verify(op, g, jy.secret, f.P_SIGN ?? '', s.base[op]);
}
