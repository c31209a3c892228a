import { describe, expect, test } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  OPERATIONS,
  PAYMENT_SIGNED_FIELDS,
  RECURRING_SIGNED_FIELDS,
  baseString,
  sign,
  signed,
  verify,
  type Fields,
  type Operation,
  type SignOptions,
} from '../../../src/protocols/jysan/signature.ts';

// The hot path (lists built once, no per-call arrays) against the straightforward computation,
// written out the way the documents state it.
const LISTS: Record<Exclude<Operation, 'payment'>, string[]> = {
  status: ['ORDER', 'MERCHANT'],
  list: ['DATE_FROM', 'DATE_TO', 'TERMINAL', 'MERCHANT'],
  cancel: ['ORDER', 'MERCHANT', 'REV_AMOUNT', 'REV_DESC'],
  confirm: ['ORDER', 'MERCHANT', 'AMOUNT'],
  redirect: ['order', 'mpi_order', 'rrn', 'res_code', 'amount', 'currency', 'res_desc'],
};
const STRIPPED = new Set(['DESC', 'DESC_ORDER', 'REV_DESC', 'res_desc']);

function referenceBase(op: Operation, f: Fields, o: SignOptions): string {
  const strip = (name: string) => {
    const v = f[name] ?? '';
    return STRIPPED.has(name) && o.stripLineBreaks !== false ? v.replace(/[\r\n]/g, '') : v;
  };
  let names: string[];
  if (o.fields) names = [...o.fields];
  else if (op === 'payment') {
    names = [...PAYMENT_SIGNED_FIELDS];
    if (o.withLanguage && f.LANGUAGE !== undefined) names.splice(names.indexOf('NONCE') + 1, 0, 'LANGUAGE');
    const sent = RECURRING_SIGNED_FIELDS.filter((k) => f[k] !== undefined);
    if (sent.length > 0 && o.extended !== false)
      names.push(...(o.extended === 'sent-only' ? sent : RECURRING_SIGNED_FIELDS));
  } else if (op === 'confirm' && strip('AMOUNT') === '' && !(o.signEmptyAmount && f.AMOUNT === ''))
    names = ['ORDER', 'MERCHANT'];
  else names = LISTS[op];
  const trailing = o.trailingSeparator ?? !(op === 'status' || op === 'list');
  return names.map(strip).join(';') + (trailing ? ';' : '');
}

function referenceSign(secret: string, base: string, o: SignOptions): string {
  const enc = o.encoding ?? 'utf8';
  switch (o.hash ?? 'prefix') {
    case 'hmac':
      return createHmac('sha512', secret).update(base, enc).digest('hex');
    case 'suffix':
      return createHash('sha512')
        .update(base + secret, enc)
        .digest('hex');
    case 'separator':
      return createHash('sha512').update(`${secret};${base}`, enc).digest('hex');
    case 'prefix':
      return createHash('sha512')
        .update(secret + base, enc)
        .digest('hex');
  }
}

const ALL_NAMES = [
  ...new Set([...PAYMENT_SIGNED_FIELDS, ...RECURRING_SIGNED_FIELDS, ...Object.values(LISTS).flat(), 'LANGUAGE', 'X']),
];
// values with CR/LF anywhere, empty, non-ASCII and lone surrogates
const value = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 6 }),
  fc.string({ maxLength: 5, unit: fc.constantFrom('a', '\r', '\n', ';', 'Ж', '😀', '\ud800') }),
  fc.string({ maxLength: 4, unit: 'binary' }),
);
const fields = fc.dictionary(fc.constantFrom(...ALL_NAMES), fc.option(value, { nil: undefined }), { maxKeys: 20 });
const options = fc.record(
  {
    stripLineBreaks: fc.boolean(),
    withLanguage: fc.boolean(),
    trailingSeparator: fc.boolean(),
    signEmptyAmount: fc.boolean(),
    fields: fc.array(fc.constantFrom(...ALL_NAMES), { maxLength: 6 }),
    extended: fc.constantFrom<SignOptions['extended']>(false, 'sent-only', undefined),
    hash: fc.constantFrom<SignOptions['hash']>('prefix', 'suffix', 'separator', 'hmac'),
    encoding: fc.constantFrom<SignOptions['encoding']>('utf8', 'latin1'),
  },
  { requiredKeys: [] },
);

describe('P_SIGN: the fast path equals the straightforward computation', () => {
  test('every operation, every option combination, fields sent, absent or empty, CR/LF in the described fields', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATIONS), fields, options, fc.string({ maxLength: 8 }), (op, f, o, secret) => {
        const base = referenceBase(op, f, o);
        const want = referenceSign(secret, base, o);
        expect(baseString(op, f, o)).toBe(base);
        expect(sign(op, f, secret, o)).toBe(want);
        expect(signed(op, f, secret, o)).toEqual({ base, sign: want });
        expect(verify(op, f, secret, want, o)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  test('runs of signatures: the secret kept or changed, long values past the reused buffer, a getter signing mid-write', () => {
    // sign writes the secret's and the values' UTF-8 bytes into a reused buffer: nothing of one
    // signature may leak into the next
    const secrets = fc.oneof(fc.constantFrom('k', 'kk', 'Ж', '', '\ud800'), fc.string({ maxLength: 5 }));
    const long = fc.constantFrom(0, 0, 0, 3000, 40_000);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...OPERATIONS), fields, secrets, long), { minLength: 2, maxLength: 6 }),
        (steps) => {
          for (const [op, f, secret, n] of steps) {
            const x: Fields = n ? { ...f, ORDER: 'Ж😀'.repeat(n), order: 'x'.repeat(n) } : f;
            expect(sign(op, x, secret)).toBe(referenceSign(secret, referenceBase(op, x, {}), {}));
          }
        },
      ),
      { numRuns: 200 },
    );
    let inner = '';
    const f = { ORDER: '1', NONCE: 'n' } as Record<string, string>;
    Object.defineProperty(f, 'DESC', {
      enumerable: true,
      get: () => {
        inner = sign('status', { ORDER: 'o', MERCHANT: 'm' }, 'other');
        return 'd';
      },
    });
    const plain = { ORDER: '1', NONCE: 'n', DESC: 'd' };
    expect(sign('payment', f, 'k')).toBe(referenceSign('k', referenceBase('payment', plain, {}), {}));
    expect(inner).toBe(referenceSign('other', 'o;m', {}));
  });

  test('the payment formulas: 13 values, LANGUAGE after NONCE, the extended and sent-only tails', () => {
    const f: Fields = { ORDER: '1', NONCE: 'n', LANGUAGE: 'ru', DESC: 'a\r\nb', INT_REF: 'r' };
    for (const o of [{}, { withLanguage: true }, { extended: false as const }, { extended: 'sent-only' as const }])
      for (const x of [f, { ...f, INT_REF: undefined }])
        expect(sign('payment', x, 'k', o)).toBe(referenceSign('k', referenceBase('payment', x, o), o));
    expect(baseString('payment', f, { withLanguage: true, extended: 'sent-only' })).toBe('1;;;;;n;ru;;ab;;;;;;r;');
  });
});
