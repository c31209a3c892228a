import { createHash, timingSafeEqual } from 'node:crypto';
import { PAYMENT_SIGNED_FIELDS, baseString, stripLineBreaks, type Operation } from '../../protocols/jysan/index.ts';
import type { Form, Jy } from './context.ts';

/** The payment base as a defective gateway builds it: LANGUAGE signed, or CR/LF kept. */
function bentPaymentBase(jy: Jy, f: Form): string {
  const names: string[] = [...PAYMENT_SIGNED_FIELDS];
  if (jy.defects.has('signs-language') && f.LANGUAGE !== undefined) names.splice(names.indexOf('NONCE') + 1, 0, 'LANGUAGE');
  const keep = jy.defects.has('keeps-crlf');
  return names.map((n) => `${keep || (n !== 'DESC' && n !== 'DESC_ORDER') ? (f[n] ?? '') : stripLineBreaks(f[n] ?? '')};`).join('');
}

/** The string the gateway hashes after the secret. Each defect bends one aspect of it. */
function expectedBase(jy: Jy, op: Operation, f: Form): string {
  if (op === 'payment' && (jy.defects.has('signs-language') || jy.defects.has('keeps-crlf'))) return bentPaymentBase(jy, f);
  if (op === 'status' && jy.defects.has('status-trailing-semicolon')) return `${baseString('status', f)};`;
  if (op === 'list' && jy.defects.has('list-trailing-semicolon')) return `${baseString('list', f)};`; // JY-SIG-12
  if (op === 'cancel' && jy.defects.has('cancel-no-trailing-semicolon')) return baseString('cancel', f).slice(0, -1); // JY-SIG-13
  if (op === 'confirm' && jy.defects.has('confirm-empty-amount-signed') && f.AMOUNT === '') return `${f.ORDER ?? ''};${f.MERCHANT ?? ''};;`; // JY-SIG-14
  return baseString(op, f);
}

/** Does P_SIGN verify? Exact, constant-time comparison (lowercase hex, as PHP hash() writes it). */
export function signatureOk(jy: Jy, op: Operation, f: Form): boolean {
  if (op === 'payment' && jy.defects.has('accepts-bad-signature')) return true;
  const want = Buffer.from(createHash('sha512').update(jy.secret + expectedBase(jy, op, f), 'utf8').digest('hex'), 'utf8');
  const got = Buffer.from(f.P_SIGN ?? '', 'utf8');
  const same = got.length === want.length;
  return timingSafeEqual(same ? got : want, want) && same;
}
