import crypto, { createHash, createHmac } from 'node:crypto';
import { sameSignature } from '../common/compare.ts';
import { Utf8Writer } from '../common/utf8-writer.ts';

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
  'ORDER',
  'AMOUNT',
  'CURRENCY',
  'MERCHANT',
  'TERMINAL',
  'NONCE',
  'CLIENT_ID',
  'DESC',
  'DESC_ORDER',
  'EMAIL',
  'BACKREF',
  'Ucaf_Flag',
  'Ucaf_Authentication_Data',
] as const;
/** The extended payment formula (digest §A4 rule 6, JY-REC-01): these follow Ucaf_Authentication_Data
 *  when any of them is sent; one not sent contributes an empty value and its ';'. */
export const RECURRING_SIGNED_FIELDS = ['RECUR_FREQ', 'RECUR_EXP', 'INT_REF', 'RECUR_REF', 'PAYMENT_TO'] as const;
export const STATUS_SIGNED_FIELDS = ['ORDER', 'MERCHANT'] as const;
export const LIST_SIGNED_FIELDS = ['DATE_FROM', 'DATE_TO', 'TERMINAL', 'MERCHANT'] as const;
export const CANCEL_SIGNED_FIELDS = ['ORDER', 'MERCHANT', 'REV_AMOUNT', 'REV_DESC'] as const;
export const CONFIRM_SIGNED_FIELDS = ['ORDER', 'MERCHANT', 'AMOUNT'] as const;
export const REDIRECT_SIGNED_FIELDS = [
  'order',
  'mpi_order',
  'rrn',
  'res_code',
  'amount',
  'currency',
  'res_desc',
] as const;

/** Fields whose CR and LF are removed before signing: DESC, DESC_ORDER, REV_DESC, res_desc. */
const breaksRemoved = (name: string): boolean =>
  name === 'DESC' || name === 'DESC_ORDER' || name === 'REV_DESC' || name === 'res_desc';

export function stripLineBreaks(s: string): string {
  return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace(/[\r\n]/g, '');
}

/** Ways to build a base string other than the documented one (all off by default). The reference
 *  gateway's defects and the checks' wrong clients use them; paycert's own client never does. */
export interface BaseOptions {
  /** remove CR and LF from DESC, DESC_ORDER, REV_DESC, res_desc (JY-SIG-03; default true) */
  stripLineBreaks?: boolean;
  /** payment: sign LANGUAGE after NONCE, where the field table lists it, when it is sent (`true`), or
   *  always (`'always'`: an absent one as an empty value and its ';', as PHP's `$_POST[..].";"` does);
   *  JY-SIG-04 forbids both (default false) */
  withLanguage?: boolean | 'always';
  /** end with ';' after the last value (default as documented: payment, cancel, confirm and
   *  redirect do, status and list do not; JY-SIG-08, JY-SIG-11, JY-SIG-12, JY-SIG-13, JY-SIG-15) */
  trailingSeparator?: boolean;
  /** confirm: an AMOUNT sent empty is signed, with its ';' (JY-SIG-14 leaves it out; default false) */
  signEmptyAmount?: boolean;
  /** leave an empty or absent value out, with its ';' (JY-SIG-02, JY-SIG-15, JY-RED-07 forbid it; default false) */
  skipEmpty?: boolean;
  /** sign these fields in this order instead of the documented ones (a wrong client's order) */
  fields?: readonly string[];
  /** payment: the extended formula (JY-REC-01). Default: when any RECUR_FREQ, RECUR_EXP, INT_REF,
   *  RECUR_REF or PAYMENT_TO is sent; `false` never (the 13-value formula only); `'sent-only'` only
   *  the extended fields sent, without the empty ones' ';' */
  extended?: false | 'sent-only';
}

/** How the secret meets the base: `prefix` SHA-512(secret + base) as documented (JY-SIG-05),
 *  `suffix` SHA-512(base + secret), `separator` SHA-512(secret + ';' + base), `hmac` HMAC-SHA-512. */
export type HashMode = 'prefix' | 'suffix' | 'separator' | 'hmac';

export interface SignOptions extends BaseOptions {
  hash?: HashMode;
  /** the bytes hashed: UTF-8 as documented (JY-SIG-09), or Latin-1 */
  encoding?: 'utf8' | 'latin1';
}

const TRAILING: Record<Operation, boolean> = {
  payment: true,
  status: false,
  list: false,
  cancel: true,
  confirm: true,
  redirect: true,
};

// The payment lists, built once (frozen: nothing may change them between calls)
const freeze = (n: readonly string[]): readonly string[] => Object.freeze(n);
const withLanguage = (n: readonly string[]): string[] => {
  const l = [...n];
  l.splice(l.indexOf('NONCE') + 1, 0, 'LANGUAGE');
  return l;
};
const PAYMENT = freeze([...PAYMENT_SIGNED_FIELDS]);
const PAYMENT_LANGUAGE = freeze(withLanguage(PAYMENT));
const PAYMENT_EXTENDED = freeze([...PAYMENT, ...RECURRING_SIGNED_FIELDS]);
const PAYMENT_LANGUAGE_EXTENDED = freeze([...PAYMENT_LANGUAGE, ...RECURRING_SIGNED_FIELDS]);
const CONFIRM_WITHOUT_AMOUNT = freeze(['ORDER', 'MERCHANT']);

// The documented lists' joins, compiled once from the lists: each reads its fields by constant
// name. The general loop reads `f[name]`, a keyed load V8 serves through its megamorphic stub cache
// once a site has seen many names: two thirds of building a payment base (`npm run bench`, P_SIGN).
// The names are this module's constants (checked below), never input.
type Join = (f: Fields, strip: (s: string) => string) => string;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function compile<T>(names: readonly string[], body: (read: string[]) => string, params = ['f', 'strip']): T {
  const bad = names.find((n) => !NAME.test(n));
  if (bad !== undefined) throw new Error(`not a field name: ${bad}`);
  return new Function(...params, `"use strict"; ${body(names.map((n) => `f.${n}`))};`) as T;
}
const DOCUMENTED = [
  PAYMENT,
  PAYMENT_LANGUAGE,
  PAYMENT_EXTENDED,
  PAYMENT_LANGUAGE_EXTENDED,
  CONFIRM_WITHOUT_AMOUNT,
  STATUS_SIGNED_FIELDS,
  LIST_SIGNED_FIELDS,
  CANCEL_SIGNED_FIELDS,
  CONFIRM_SIGNED_FIELDS,
  REDIRECT_SIGNED_FIELDS,
];
const field = (list: readonly string[], r: string, i: number): string =>
  breaksRemoved(list[i]!) ? `strip(${r} ?? '')` : `(${r} ?? '')`;
const JOINS = new Map<readonly string[], Join>(
  DOCUMENTED.map((list) => [
    list,
    compile<Join>(list, (read) => `return ${read.map((r, i) => field(list, r, i)).join(" + ';' + ")}`),
  ]),
);
// The same lists written as the base's UTF-8 bytes after the secret's (sign's documented hash):
// no base string to build, flatten and transcode in the hash call.
type Write = (f: Fields, w: Utf8Writer, strip: (s: string) => string) => void;
const WRITES = new Map<readonly string[], Write>(
  DOCUMENTED.map((list) => [
    list,
    compile<Write>(list, (read) => read.map((r, i) => `w.put(${field(list, r, i)}, ${i > 0})`).join('; '), [
      'f',
      'w',
      'strip',
    ]),
  ]),
);
const ANY_RECURRING_SENT = compile<(f: Fields) => boolean>(
  RECURRING_SIGNED_FIELDS,
  (read) => `return ${read.map((r) => `${r} !== undefined`).join(' || ')}`,
);

function value(f: Fields, name: string, o: BaseOptions): string {
  const v = f[name] ?? '';
  return o.stripLineBreaks !== false && breaksRemoved(name) ? stripLineBreaks(v) : v;
}

function names(op: Operation, f: Fields, o: BaseOptions): readonly string[] {
  if (o.fields) return o.fields;
  switch (op) {
    case 'payment': {
      const language = o.withLanguage === 'always' || (!!o.withLanguage && f.LANGUAGE !== undefined);
      const anySent = ANY_RECURRING_SENT(f);
      if (!anySent || o.extended === false) return language ? PAYMENT_LANGUAGE : PAYMENT;
      if (o.extended !== 'sent-only') return language ? PAYMENT_LANGUAGE_EXTENDED : PAYMENT_EXTENDED;
      const n = [...(language ? PAYMENT_LANGUAGE : PAYMENT)];
      for (const k of RECURRING_SIGNED_FIELDS) if (f[k] !== undefined) n.push(k);
      return n;
    }
    case 'status':
      return STATUS_SIGNED_FIELDS;
    case 'list':
      return LIST_SIGNED_FIELDS;
    case 'cancel':
      return CANCEL_SIGNED_FIELDS;
    // Unlike payment, an empty AMOUNT is left out together with its ';' (operator manual, digest §A9).
    case 'confirm':
      return value(f, 'AMOUNT', o) === '' && !(o.signEmptyAmount && f.AMOUNT === '')
        ? CONFIRM_WITHOUT_AMOUNT
        : CONFIRM_SIGNED_FIELDS;
    case 'redirect':
      return REDIRECT_SIGNED_FIELDS;
  }
}

/** The values of the operation's signed fields joined by ';' (a missing field as empty), with the
 *  trailing ';' where the operation has one. */
export function baseString(op: Operation, fields: Fields, opts: BaseOptions = {}): string {
  const all = names(op, fields, opts);
  const signed = opts.skipEmpty ? all.filter((n) => value(fields, n, opts) !== '') : all;
  const join = opts.stripLineBreaks === false ? undefined : JOINS.get(signed);
  let s = '';
  if (join) s = join(fields, stripLineBreaks);
  else
    for (let i = 0; i < signed.length; i++) {
      const v = value(fields, signed[i]!, opts);
      s = i === 0 ? v : `${s};${v}`;
    }
  return (opts.trailingSeparator ?? TRAILING[op]) ? `${s};` : s;
}

export const paymentBase = (f: Fields): string => baseString('payment', f);
export const statusBase = (f: Fields): string => baseString('status', f);
export const listBase = (f: Fields): string => baseString('list', f);
export const cancelBase = (f: Fields): string => baseString('cancel', f);
export const confirmBase = (f: Fields): string => baseString('confirm', f);
export const redirectBase = (f: Fields): string => baseString('redirect', f);

/** Plain SHA-512 (not HMAC) over the UTF-8 bytes of secret + base, lowercase hex (JY-SIG-05, JY-SIG-09);
 *  `opts` builds the wrong hashes of JY-SIG-05 / -09 instead. */
export function digest(secret: string, base: string, opts: Pick<SignOptions, 'hash' | 'encoding'> = {}): string {
  const enc = opts.encoding ?? 'utf8';
  switch (opts.hash ?? 'prefix') {
    case 'hmac':
      return createHmac('sha512', secret).update(base, enc).digest('hex');
    case 'suffix':
      return createHash('sha512')
        .update(base + secret, enc)
        .digest('hex');
    case 'separator':
      return createHash('sha512').update(`${secret};${base}`, enc).digest('hex');
    case 'prefix':
      if (enc !== 'utf8')
        return createHash('sha512')
          .update(secret + base, enc)
          .digest('hex');
      return oneShot
        ? oneShot('sha512', secret + base, 'hex')
        : createHash('sha512')
            .update(secret + base, 'utf8')
            .digest('hex');
  }
}

// crypto.hash (Node ≥ 20.12) skips the Hash object on these short strings
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export function signed(op: Operation, fields: Fields, secret: string, opts: SignOptions = {}): Signed {
  const base = baseString(op, fields, opts);
  return { base, sign: digest(secret, base, opts) };
}

export const signPayment = (f: Fields, secret: string): Signed => signed('payment', f, secret);
export const signStatus = (f: Fields, secret: string): Signed => signed('status', f, secret);
export const signList = (f: Fields, secret: string): Signed => signed('list', f, secret);
export const signCancel = (f: Fields, secret: string): Signed => signed('cancel', f, secret);
export const signConfirm = (f: Fields, secret: string): Signed => signed('confirm', f, secret);
export const signRedirect = (f: Fields, secret: string): Signed => signed('redirect', f, secret);

// sign's bytes (a getter that signs while they are written takes the string path)
const writer = new Utf8Writer();
let writing = false;

export function sign(op: Operation, fields: Fields, secret: string, opts: SignOptions = {}): string {
  if (
    !writing &&
    (opts.hash ?? 'prefix') === 'prefix' &&
    (opts.encoding ?? 'utf8') === 'utf8' &&
    opts.stripLineBreaks !== false &&
    opts.trailingSeparator === undefined
  ) {
    // the documented hash of a documented list: SHA-512 of the secret's and the values' bytes
    const write = WRITES.get(names(op, fields, opts));
    if (write !== undefined) {
      writing = true;
      try {
        writer.head(secret);
        write(fields, writer, stripLineBreaks);
        if (TRAILING[op]) writer.put('', true);
      } finally {
        writing = false;
      }
      return writer.digest('sha512');
    }
  }
  return digest(secret, baseString(op, fields, opts), opts);
}

/**
 * Constant-time check of a received signature. Exact match only: whether the bank accepts
 * uppercase hex is unknown (digest open question 9), and the reference gateway is strict.
 * `opts` verifies as a gateway that builds the base otherwise would (the sandbox's defects).
 */
export function verify(
  op: Operation,
  fields: Fields,
  secret: string,
  candidate: string,
  opts: SignOptions = {},
): boolean {
  return sameSignature(candidate, sign(op, fields, secret, opts));
}
