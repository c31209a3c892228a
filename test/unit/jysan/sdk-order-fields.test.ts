import { expect, test } from 'vitest';
import {
  countingNonces,
  expectedSign,
  fieldTableBreaks,
  missingFields,
  orderChanges,
  sameCurrency,
} from '../../../suites/jysan/sdk/order-fields.ts';
import { sign } from '../../../src/protocols/jysan/index.ts';

const form = (o: Record<string, string> = {}) => ({
  ORDER: '123456',
  AMOUNT: '1500.50',
  CURRENCY: 'KZT',
  MERCHANT: 'TEST_ECOM',
  TERMINAL: 'WEB10004',
  DESC: 'Заказ 17',
  P_SIGN: 'a'.repeat(128),
  ...o,
});

// seed 002 states AMOUNT N(1 - 13) with '.' and CURRENCY C(3), ISO 4217: what the schema adds is JY-SDK-14's
test('the field table (JY-SDK-09) and what only the schema infers (JY-SDK-14) are told apart', () => {
  expect(fieldTableBreaks(form())).toEqual({ seed: [], inferred: [] });
  expect(fieldTableBreaks(form({ AMOUNT: '1500.500' }))).toEqual({
    seed: [],
    inferred: ['AMOUNT "1500.500" has more than two decimals (paycert\'s reference gateway refuses it: code 13)'],
  });
  for (const CURRENCY of ['398', 'kzt'])
    expect(fieldTableBreaks(form({ CURRENCY })).inferred).toEqual([
      `CURRENCY "${CURRENCY}" is not the alphabetic ISO 4217 code in capitals (as KZT; paycert's reference gateway refuses it: code 14)`,
    ]);
  // the seed's own limits stay the MUST's
  expect(fieldTableBreaks(form({ AMOUNT: '1,500.50' })).seed).toEqual(['AMOUNT is not in the required format']);
  expect(fieldTableBreaks(form({ AMOUNT: '1500,50' })).seed).toHaveLength(1);
  expect(fieldTableBreaks(form({ CURRENCY: 'KZ' })).seed).toHaveLength(1);
  expect(fieldTableBreaks(form({ CURRENCY: 'K1T' })).seed).toHaveLength(1);
  expect(fieldTableBreaks(form({ ORDER: '1234' })).seed).toEqual(['ORDER is shorter than 6 characters']);
});

test('currencies compare by code or ISO 4217 number', () => {
  expect(sameCurrency('KZT', '398')).toBe(true);
  expect(sameCurrency('KZT', 'kzt')).toBe(true);
  expect(sameCurrency('KZT', 'USD')).toBe(false);
  expect(sameCurrency('KZT', '840')).toBe(false);
});

test('a form of another order (JY-SDK-15) and one that drops or rewrites what the shop gave (JY-SDK-16)', () => {
  const given = { ORDER: '001234', AMOUNT: '1500.50', CURRENCY: 'KZT', DESC: 'a\r\nb', EMAIL: 'x@example.kz' };
  expect(orderChanges(given, form({ ORDER: '001234', DESC: 'ab', EMAIL: 'x@example.kz' }))).toEqual({
    order: [],
    text: [],
    judgedOrder: true,
    judgedText: true,
  });
  const r = orderChanges(given, form({ ORDER: '001235', AMOUNT: '1500', CURRENCY: '840', DESC: 'a b' }));
  expect(r.order).toEqual([
    'ORDER "001234" became "001235"',
    'AMOUNT "1500.50" became "1500"',
    'CURRENCY "KZT" became "840"',
  ]);
  expect(r.text).toEqual(['DESC "a\\r\\nb" became "a b"', 'EMAIL "x@example.kz" is not in the form']);
  // a value out of the table's shape is JY-SDK-09's, not read as another order
  expect(orderChanges(given, form({ ORDER: '001234', AMOUNT: '1,500.50', CURRENCY: 'K' })).order).toEqual([]);
});

test('the expected base string, the secret named and never written, and the mistake that explains the P_SIGN', () => {
  const secret = 'sekret-0123456789';
  const f = form({ LANGUAGE: 'ru', NONCE: '123456789' });
  const plain = expectedSign('payment', f, secret, 'f'.repeat(128));
  expect(plain).toBe(
    'expected sha512(SHARED_SECRET + "123456;1500.50;KZT;TEST_ECOM;WEB10004;123456789;;Заказ 17;;;;;;")',
  );
  expect(plain).not.toContain(secret);
  expect(expectedSign('payment', f, secret, sign('payment', f, secret, { withLanguage: true }))).toMatch(
    /; it verifies with LANGUAGE signed \(after NONCE\)$/,
  );
  const cancel = { ORDER: '123456', MERCHANT: 'TEST_ECOM', AMOUNT: '10.00', REV_DESC: 'r' };
  const sig = sign('cancel', { ...cancel, REV_AMOUNT: '10.00' }, secret);
  expect(missingFields('cancel', cancel)).toBe(
    "the request carries no REV_AMOUNT but AMOUNT, which the cancel does not document (the cancel's fields: ORDER, MERCHANT, REV_AMOUNT, REV_DESC, digest §A7/§A8)",
  );
  expect(expectedSign('cancel', cancel, secret, sig)).toMatch(
    /"123456;TEST_ECOM;;r;"\); it verifies with AMOUNT as REV_AMOUNT$/,
  );
  expect(missingFields('status', { ORDER: '1', MERCHANT: 'M', GETSTATUS: '1', P_SIGN: 'x' })).toBeUndefined();
});

test("an ORDER outside the field table (an integer cast dropped its zeros) is the table's, not another order", () => {
  const r = orderChanges(
    { ORDER: '002808', AMOUNT: '10', CURRENCY: 'KZT' },
    { ORDER: '2808', AMOUNT: '10', CURRENCY: 'KZT' },
  );
  expect(r.order).toEqual([]);
  const other = orderChanges({ ORDER: '002808' }, { ORDER: '002809' });
  expect(other.order).toEqual(['ORDER "002808" became "002809"']);
});

// seed 002: "В строках DESC, DESC_ORDER перед обработкой нужно убрать все переносы строк": the bank removes them,
// so a form whose DESC or DESC_ORDER differs from the shop's in its line breaks alone (CR/LF written as LF, a
// probe's PHP SDK) carries what the shop gave; it warned on JY-SDK-16 before
test('DESC and DESC_ORDER whose line breaks alone changed (CR/LF as LF, CR as CR/LF) carry what the shop gave', () => {
  const given = { ORDER: '001234', DESC: 'Заказ 17\r\nдоставка', DESC_ORDER: 'a\rb\r\nc' };
  const r = orderChanges(given, form({ ORDER: '001234', DESC: 'Заказ 17\nдоставка', DESC_ORDER: 'a\r\nb\nc' }));
  expect(r).toMatchObject({ text: [], judgedText: true });
  // the line breaks of another field are its text, and a break turned into a space is another text
  expect(orderChanges({ EMAIL: 'x\r\n@example.kz' }, form({ EMAIL: 'x\n@example.kz' })).text).toHaveLength(1);
  expect(orderChanges(given, form({ DESC: 'Заказ 17 доставка', DESC_ORDER: 'a\nb\nc' })).text).toEqual([
    'DESC "Заказ 17\\r\\nдоставка" became "Заказ 17 доставка"',
  ]);
});

// the orders of jy.sdk.payment-form are in other currencies than KZT too (an SDK writing KZT whatever the order's
// passed JY-SDK-15), each one paycert's gateway takes: a form it would refuse (code 14) is no order a shop makes
test('the orders are in several currencies, each one the reference gateway takes', async () => {
  const { orderCurrencies } = await import('../../../suites/jysan/sdk/order-fields.ts');
  const { sandboxConfig } = await import('../../../src/sandbox/jysan/config.ts');
  const c = orderCurrencies();
  expect(c).toEqual(expect.arrayContaining(['KZT', 'USD', 'EUR']));
  expect(c.filter((x) => !sandboxConfig().currencies.includes(x))).toEqual([]);
  for (const CURRENCY of c) expect(fieldTableBreaks(form({ CURRENCY }))).toEqual({ seed: [], inferred: [] });
});

// JY-SDK-02, seed 002 "NONCE … Случайное уникальное число": a counter (probe 17's nonce-counter: 100001, 100002, …)
// was unique and passed. Ten NONCEs of forms built in a row only counting up or down are not random numbers
// (so ordered with probability 2/10!)
test('NONCEs of forms built in a row that only count up or down are named; random ones are not', () => {
  const counter = Array.from({ length: 10 }, (_, i) => String(100001 + i));
  expect(countingNonces(counter)).toMatch(
    /^the NONCEs of 10 payment forms built in a row only count up, their last six digits too \(100001, 100002, 100003, …, 100010\)/,
  );
  expect(countingNonces([...counter].reverse())).toMatch(/only count down/);
  // a clock (milliseconds: Date.now()) counts up to its last digit
  const clock = Array.from({ length: 10 }, (_, i) => String(1765000000000 + i * 3));
  expect(countingNonces(clock)).toBeDefined();
  // a clock's reading with random digits after it counts up too, but its last digits are random: not named
  const clockRandom = clock.map((c, i) => `${c}${String((i * 7919 * 31) % 1_000_000).padStart(6, '0')}`);
  expect(countingNonces(clockRandom)).toBeUndefined();
  // compared as numbers (leading zeros, up to 64 digits), not as text
  expect(countingNonces(['900', '1000', '1100', '1200', '1300', '1400', '1500', '1600'])).toBeDefined();
  expect(countingNonces(['0000000000000000000000009', ...counter.slice(1)])).toBeDefined();
  const random = ['482913', '109234', '773201', '000512', '998877', '345678', '123987', '654321', '222333', '876123'];
  expect(countingNonces(random)).toBeUndefined();
  // fewer than eight, a repeat (JY-SDK-02's uniqueness), or not digits (JY-SDK-09's): nothing said here
  expect(countingNonces(counter.slice(0, 7))).toBeUndefined();
  expect(countingNonces([...counter.slice(0, 9), '100009'])).toBeUndefined();
  expect(countingNonces([...counter.slice(0, 9), 'abc'])).toBeUndefined();
});
