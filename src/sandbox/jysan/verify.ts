import { sameSignature } from '../../protocols/common/compare.ts';
import { RECURRING_SIGNED_FIELDS, sign, verify, type Operation } from '../../protocols/jysan/index.ts';
import type { Form, Jy } from './context.ts';

/** Does P_SIGN verify, over the base this gateway's policy builds (JY-SIG-01, JY-SIG-06)? Exact,
 *  constant-time comparison (lowercase hex, as PHP hash() writes it). */
export function signatureOk(jy: Jy, op: Operation, f: Form): boolean {
  const s = jy.policy.signature;
  if (op === 'payment' && !s.verifyPayment) return true; // JY-SIG-07, JY-ERR-09
  if (op !== 'payment' && op !== 'redirect' && s.unverified.includes(op)) return true; // JY-SIG-16
  // JY-SIG-01, JY-SIG-10: the values as sent (a gateway writing AMOUNT with two decimals, or reading ORDER
  // as a number, first verifies another base)
  let g = f;
  if (op === 'payment' && s.amountTwoDecimals && /^[0-9.]+$/.test(f.AMOUNT ?? ''))
    g = { ...g, AMOUNT: Number(f.AMOUNT).toFixed(2) };
  if (op === 'payment' && s.trimsValues)
    g = Object.fromEntries(Object.entries(g).map(([k, v]) => [k, k === 'P_SIGN' ? v : v?.trim()]));
  if (op === 'payment' && s.emailBackrefSwapped) {
    const { EMAIL, BACKREF, ...rest } = g;
    g = { ...rest, ...(BACKREF !== undefined && { EMAIL: BACKREF }), ...(EMAIL !== undefined && { BACKREF: EMAIL }) };
  }
  if (op === 'payment' && /^0[0-9]/.test(f.ORDER ?? '') && s.orderAsNumber)
    g = { ...g, ORDER: String(Number(f.ORDER)) };
  // a variant: the extended fields all sent empty are no extended fields (JY-REC-01 leaves that case open)
  const sentEmpty = RECURRING_SIGNED_FIELDS.filter((k) => g[k] !== undefined);
  if (op === 'payment' && sentEmpty.length > 0 && sentEmpty.every((k) => g[k] === '') && s.emptyExtendedAsAbsent)
    g = Object.fromEntries(Object.entries(g).filter(([k]) => !sentEmpty.includes(k as never)));
  // JY-SIG-06: lowercase hex, as PHP hash() writes it
  if (op === 'payment' && s.uppercaseHex)
    return sameSignature(f.P_SIGN ?? '', sign(op, g, jy.secret, s.base[op]).toUpperCase());
  if (op === 'payment' && s.anyHexCase) return verify(op, g, jy.secret, (f.P_SIGN ?? '').toLowerCase(), s.base[op]);
  return verify(op, g, jy.secret, f.P_SIGN ?? '', s.base[op]);
}
