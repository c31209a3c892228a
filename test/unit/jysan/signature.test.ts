import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { loadVectors } from '../../../src/spec/load.ts';
import {
  PAYMENT_SIGNED_FIELDS,
  STATUS_SIGNED_FIELDS,
  LIST_SIGNED_FIELDS,
  CANCEL_SIGNED_FIELDS,
  REDIRECT_SIGNED_FIELDS,
  baseString,
  digest,
  sign,
  signed,
  verify,
  type Fields,
  type Operation,
} from '../../../src/protocols/jysan/signature.ts';

interface VectorInput {
  op: Operation;
  secret: string;
  fields: Record<string, string>;
  correct?: string;
}
interface VectorExpected {
  base: string;
  sign: string;
  hmac?: boolean;
  secretSuffix?: boolean;
  uppercase?: boolean;
}

const vectors = loadVectors('jysan').map((v) => ({
  ...v,
  input: v.input as unknown as VectorInput,
  expected: v.expected as unknown as VectorExpected,
}));
const positives = vectors.filter((v) => v.kind === 'p-sign');
const negatives = vectors.filter((v) => v.kind === 'p-sign-negative');
const SECRET = '01234567890123456789012';

test('the fixture holds KP1, KP2, EX1-EX6 and negatives', () => {
  expect(positives.map((v) => v.id)).toEqual(
    expect.arrayContaining(['KP1', 'KP2', 'EX1', 'EX2', 'EX3', 'EX4', 'EX5', 'EX6']),
  );
  expect(negatives.length).toBeGreaterThanOrEqual(3);
});

test.each(positives.map((v) => [v.id, v] as const))('vector %s reproduces', (_id, v) => {
  const got = signed(v.input.op, v.input.fields, v.input.secret);
  expect(got.base).toBe(v.expected.base);
  expect(got.sign).toBe(v.expected.sign);
  expect(verify(v.input.op, v.input.fields, v.input.secret, v.expected.sign)).toBe(true);
});

test.each(negatives.map((v) => [v.id, v] as const))(
  'negative vector %s differs from what sign() produces',
  (_id, v) => {
    const { op, fields, secret, correct } = v.input;
    expect(sign(op, fields, secret)).not.toBe(v.expected.sign);
    expect(verify(op, fields, secret, v.expected.sign)).toBe(false);
    if (correct) expect(sign(op, fields, secret)).toBe(positives.find((p) => p.id === correct)?.expected.sign);
    // the wrong value is what the described mistake gives
    if (v.expected.uppercase) expect(digest(secret, v.expected.base).toUpperCase()).toBe(v.expected.sign);
    else if (!v.expected.hmac && !v.expected.secretSuffix)
      expect(digest(secret, v.expected.base)).toBe(v.expected.sign);
    if (v.expected.secretSuffix) expect(digest('', v.expected.base + secret)).toBe(v.expected.sign);
  },
);

const ex2 = positives.find((v) => v.id === 'EX2')!.input.fields;
const value = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/[;\r\n]/.test(s));

test('an absent and an empty optional field both contribute their ";"', () => {
  const absent = baseString('payment', ex2);
  const empty = baseString('payment', {
    ...ex2,
    NONCE: '',
    CLIENT_ID: '',
    DESC_ORDER: '',
    EMAIL: '',
    BACKREF: '',
    Ucaf_Flag: '',
    Ucaf_Authentication_Data: '',
  });
  expect(absent).toBe(empty);
  expect(absent.split(';')).toHaveLength(PAYMENT_SIGNED_FIELDS.length + 1);
  expect(absent.endsWith(';;;;;;')).toBe(true);
});

fcTest.prop([fc.subarray([...PAYMENT_SIGNED_FIELDS]), fc.dictionary(fc.constantFrom(...PAYMENT_SIGNED_FIELDS), value)])(
  'payment base always has 13 values and ends in ";" whatever is empty',
  (emptied, given) => {
    const f: Record<string, string> = { ...given };
    for (const k of emptied) f[k] = '';
    const base = baseString('payment', f);
    expect(base.endsWith(';')).toBe(true);
    expect(base.split(';')).toHaveLength(14);
    PAYMENT_SIGNED_FIELDS.forEach((k, i) => expect(base.split(';')[i]).toBe(f[k] ?? ''));
  },
);

const breaks = fc.array(fc.constantFrom('\r', '\n', '\r\n'), { maxLength: 3 });
const withBreaks = fc.tuple(value, breaks, value).map(([a, b, c]) => ({ raw: a + b.join('') + c, clean: a + c }));

fcTest.prop([withBreaks, withBreaks])('CR and LF in DESC and DESC_ORDER do not change the sign', (desc, order) => {
  const raw = sign('payment', { ...ex2, DESC: desc.raw, DESC_ORDER: order.raw }, SECRET);
  expect(raw).toBe(sign('payment', { ...ex2, DESC: desc.clean, DESC_ORDER: order.clean }, SECRET));
});

fcTest.prop([withBreaks])('CR and LF are removed from REV_DESC and res_desc but kept elsewhere', (d) => {
  const cancel = { ORDER: '123456', MERCHANT: 'TEST_ECOM', REV_AMOUNT: '1.00' };
  expect(sign('cancel', { ...cancel, REV_DESC: d.raw }, SECRET)).toBe(
    sign('cancel', { ...cancel, REV_DESC: d.clean }, SECRET),
  );
  expect(baseString('redirect', { res_desc: d.raw })).toBe(`;;;;;;${d.clean};`);
  if (d.raw !== d.clean) expect(baseString('payment', { ...ex2, EMAIL: d.raw })).toContain(d.raw);
});

fcTest.prop([
  fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
  fc.constantFrom<Operation>('payment', 'status', 'list', 'cancel', 'confirm'),
])('LANGUAGE never affects the sign', (language, op) => {
  const f: Fields = { ...ex2, REV_AMOUNT: '1', REV_DESC: 'x', DATE_FROM: 'a', DATE_TO: 'b', LANGUAGE: language };
  expect(sign(op, f, SECRET)).toBe(sign(op, { ...f, LANGUAGE: undefined }, SECRET));
  expect(baseString(op, f)).not.toContain(';ru;');
});

test('LANGUAGE=ru or en gives the EX1 sign', () => {
  const ex1 = positives.find((v) => v.id === 'EX1')!;
  for (const LANGUAGE of ['ru', 'en'])
    expect(sign('payment', { ...ex1.input.fields, LANGUAGE }, SECRET)).toBe(ex1.expected.sign);
});

fcTest.prop([
  fc.constantFrom(...(['payment', 'status', 'list', 'cancel', 'confirm', 'redirect'] as const)),
  fc.dictionary(fc.string(), fc.string()),
])('sign() is 128 lowercase hex characters, never uppercase', (op, f) => {
  const s = sign(op, f, SECRET);
  expect(s).toMatch(/^[0-9a-f]{128}$/);
  expect(verify(op, f, SECRET, s.toUpperCase())).toBe(/[a-f]/.test(s) ? false : true);
});

fcTest.prop([fc.nat(127), fc.constantFrom(...'0123456789abcdef')])(
  'verify() rejects a one-character change',
  (i, ch) => {
    const good = sign('payment', ex2, SECRET);
    const bad = good.slice(0, i) + ch + good.slice(i + 1);
    expect(verify('payment', ex2, SECRET, bad)).toBe(bad === good);
  },
);

test('verify() rejects wrong lengths without throwing, and a changed field', () => {
  const good = sign('status', { ORDER: '123456', MERCHANT: 'TEST_ECOM' }, SECRET);
  for (const s of ['', good.slice(0, -1), `${good}0`, 'é'.repeat(64)])
    expect(verify('status', { ORDER: '123456', MERCHANT: 'TEST_ECOM' }, SECRET, s)).toBe(false);
  expect(verify('status', { ORDER: '123457', MERCHANT: 'TEST_ECOM' }, SECRET, good)).toBe(false);
  expect(verify('status', { ORDER: '123456', MERCHANT: 'TEST_ECOM' }, `${SECRET}x`, good)).toBe(false);
});

test('confirm drops an empty AMOUNT with its ";", payment keeps it', () => {
  expect(baseString('confirm', { ORDER: '123456', MERCHANT: 'M', AMOUNT: '' })).toBe('123456;M;');
  expect(baseString('confirm', { ORDER: '123456', MERCHANT: 'M', AMOUNT: '5' })).toBe('123456;M;5;');
  expect(baseString('payment', { ORDER: '123456', MERCHANT: 'M' })).toBe('123456;;;M;;;;;;;;;;');
});

test("sign options build the wrong clients' strings exactly", () => {
  const f: Fields = {
    ORDER: '123456',
    AMOUNT: '10',
    CURRENCY: 'KZT',
    MERCHANT: 'M',
    TERMINAL: 'T',
    NONCE: '1234567',
    DESC: 'a\r\nb',
    LANGUAGE: 'ru',
  };
  const plain = baseString('payment', f);
  expect(plain).toBe('123456;10;KZT;M;T;1234567;;ab;;;;;;');
  expect(baseString('payment', f, { stripLineBreaks: false })).toBe('123456;10;KZT;M;T;1234567;;a\r\nb;;;;;;');
  expect(baseString('payment', f, { withLanguage: true })).toBe('123456;10;KZT;M;T;1234567;ru;;ab;;;;;;');
  expect(baseString('payment', f, { trailingSeparator: false })).toBe(plain.slice(0, -1));
  expect(baseString('status', f, { trailingSeparator: true })).toBe('123456;M;');
  expect(baseString('status', f, { fields: ['MERCHANT', 'ORDER'], trailingSeparator: false })).toBe('M;123456');
  expect(baseString('confirm', { ORDER: '1', MERCHANT: 'M', AMOUNT: '' })).toBe('1;M;');
  expect(baseString('confirm', { ORDER: '1', MERCHANT: 'M', AMOUNT: '' }, { signEmptyAmount: true })).toBe('1;M;;');
  expect(baseString('confirm', { ORDER: '1', MERCHANT: 'M' }, { signEmptyAmount: true })).toBe('1;M;');
  const secret = 's';
  const hashes = (['prefix', 'suffix', 'separator', 'hmac'] as const).map((hash) =>
    sign('payment', f, secret, { hash }),
  );
  expect(hashes[0]).toBe(digest(secret, plain));
  expect(hashes[2]).toBe(digest(secret, `;${plain}`));
  expect(new Set(hashes).size).toBe(4);
  expect(sign('payment', { ...f, DESC: 'Оплата' }, secret, { encoding: 'latin1' })).not.toBe(
    sign('payment', { ...f, DESC: 'Оплата' }, secret),
  );
  expect(verify('payment', f, secret, hashes[3]!, { hash: 'hmac' })).toBe(true);
  expect(verify('payment', f, secret, hashes[3]!)).toBe(false);
});

// the loop that builds the base is the implementation; this is the straightforward computation it must equal
fcTest.prop([
  fc.constantFrom<Operation>('payment', 'status', 'list', 'cancel', 'redirect'),
  fc.dictionary(
    fc.constantFrom(
      ...PAYMENT_SIGNED_FIELDS,
      ...REDIRECT_SIGNED_FIELDS,
      'REV_AMOUNT',
      'REV_DESC',
      'DATE_FROM',
      'DATE_TO',
    ),
    fc.string({ unit: fc.constantFrom('a', ';', '\r', '\n', 'Ж', '1'), maxLength: 6 }),
  ),
])('the base string is the documented fields, line breaks stripped where documented, joined by ";"', (op, f) => {
  const fields = {
    payment: PAYMENT_SIGNED_FIELDS,
    status: STATUS_SIGNED_FIELDS,
    list: LIST_SIGNED_FIELDS,
    cancel: CANCEL_SIGNED_FIELDS,
    redirect: REDIRECT_SIGNED_FIELDS,
  }[op as 'payment'];
  const strip = new Set(['DESC', 'DESC_ORDER', 'REV_DESC', 'res_desc']);
  const joined = fields.map((n) => (strip.has(n) ? (f[n] ?? '').replace(/[\r\n]/g, '') : (f[n] ?? ''))).join(';');
  expect(baseString(op, f)).toBe(op === 'status' || op === 'list' ? joined : `${joined};`);
});
