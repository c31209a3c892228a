import crypto, { createHash, timingSafeEqual } from 'node:crypto';

/** P_SIGN / redirect `sign` for Jysan eCom: lowercase hex SHA-512 of SHARED_SECRET + base string. */

export type Operation = 'payment' | 'status' | 'list' | 'cancel' | 'confirm' | 'redirect';
export const OPERATIONS: readonly Operation[] = ['payment', 'status', 'list', 'cancel', 'confirm', 'redirect'];

/** Field values as sent on the wire. A missing field signs like an empty one. */
export type Fields = Readonly<Record<string, string | undefined>>;

export interface Signed {
  /** the string hashed after the secret (the secret itself is never part of this value) */
  base: string;
  sign: string;
}

/** Payment fields in P_SIGN order (seed 002). LANGUAGE is deliberately absent. */
export const PAYMENT_SIGNED_FIELDS = [
  'ORDER', 'AMOUNT', 'CURRENCY', 'MERCHANT', 'TERMINAL', 'NONCE', 'CLIENT_ID',
  'DESC', 'DESC_ORDER', 'EMAIL', 'BACKREF', 'Ucaf_Flag', 'Ucaf_Authentication_Data',
] as const;
export const STATUS_SIGNED_FIELDS = ['ORDER', 'MERCHANT'] as const;
export const LIST_SIGNED_FIELDS = ['DATE_FROM', 'DATE_TO', 'TERMINAL', 'MERCHANT'] as const;
export const CANCEL_SIGNED_FIELDS = ['ORDER', 'MERCHANT', 'REV_AMOUNT', 'REV_DESC'] as const;
export const CONFIRM_SIGNED_FIELDS = ['ORDER', 'MERCHANT', 'AMOUNT'] as const;
export const REDIRECT_SIGNED_FIELDS = ['order', 'mpi_order', 'rrn', 'res_code', 'amount', 'currency', 'res_desc'] as const;

/** Fields whose CR and LF are removed before signing. */
const LINE_BREAKS_REMOVED = new Set(['DESC', 'DESC_ORDER', 'REV_DESC', 'res_desc']);

export function stripLineBreaks(s: string): string {
  return s.replace(/[\r\n]/g, '');
}

function value(f: Fields, name: string): string {
  const v = f[name] ?? '';
  return LINE_BREAKS_REMOVED.has(name) ? stripLineBreaks(v) : v;
}

/** Every value followed by ';', empty ones included. */
function terminated(f: Fields, names: readonly string[]): string {
  return names.map((n) => `${value(f, n)};`).join('');
}

/** Values joined by ';', no trailing separator. */
function joined(f: Fields, names: readonly string[]): string {
  return names.map((n) => value(f, n)).join(';');
}

export function paymentBase(f: Fields): string {
  return terminated(f, PAYMENT_SIGNED_FIELDS);
}
export function statusBase(f: Fields): string {
  return joined(f, STATUS_SIGNED_FIELDS);
}
export function listBase(f: Fields): string {
  return joined(f, LIST_SIGNED_FIELDS);
}
export function cancelBase(f: Fields): string {
  return terminated(f, CANCEL_SIGNED_FIELDS);
}
/** Unlike payment, an empty AMOUNT is left out together with its ';' (operator manual, digest §A9). */
export function confirmBase(f: Fields): string {
  return terminated(f, value(f, 'AMOUNT') === '' ? ['ORDER', 'MERCHANT'] : CONFIRM_SIGNED_FIELDS);
}
export function redirectBase(f: Fields): string {
  return terminated(f, REDIRECT_SIGNED_FIELDS);
}

const BASES: Record<Operation, (f: Fields) => string> = {
  payment: paymentBase,
  status: statusBase,
  list: listBase,
  cancel: cancelBase,
  confirm: confirmBase,
  redirect: redirectBase,
};

export function baseString(op: Operation, fields: Fields): string {
  return BASES[op](fields);
}

/** Plain SHA-512 (not HMAC) over the UTF-8 bytes of secret + base, lowercase hex. */
export function digest(secret: string, base: string): string {
  const s = secret + base;
  return oneShot ? oneShot('sha512', s, 'hex') : createHash('sha512').update(s, 'utf8').digest('hex');
}

// crypto.hash (Node ≥ 20.12) skips the Hash object on these short strings
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export function signed(op: Operation, fields: Fields, secret: string): Signed {
  const base = baseString(op, fields);
  return { base, sign: digest(secret, base) };
}

export const signPayment = (f: Fields, secret: string): Signed => signed('payment', f, secret);
export const signStatus = (f: Fields, secret: string): Signed => signed('status', f, secret);
export const signList = (f: Fields, secret: string): Signed => signed('list', f, secret);
export const signCancel = (f: Fields, secret: string): Signed => signed('cancel', f, secret);
export const signConfirm = (f: Fields, secret: string): Signed => signed('confirm', f, secret);
export const signRedirect = (f: Fields, secret: string): Signed => signed('redirect', f, secret);

export function sign(op: Operation, fields: Fields, secret: string): string {
  return signed(op, fields, secret).sign;
}

/**
 * Constant-time check of a received signature. Exact match only: whether the bank accepts
 * uppercase hex is unknown (digest open question 9), and the reference gateway is strict.
 */
export function verify(op: Operation, fields: Fields, secret: string, candidate: string): boolean {
  const want = Buffer.from(sign(op, fields, secret), 'utf8');
  const got = Buffer.from(candidate, 'utf8');
  // timingSafeEqual throws on unequal lengths; compare against itself so the work stays the same.
  const same = got.length === want.length;
  return timingSafeEqual(same ? got : want, want) && same;
}
