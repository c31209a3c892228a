import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { baseString, sign, verify } from '../../../src/protocols/jysan/signature.ts';

const SECRET = '01234567890123456789012';
const basic = {
  ORDER: '123456',
  AMOUNT: '100',
  CURRENCY: 'KZT',
  MERCHANT: 'TEST_ECOM',
  TERMINAL: 'WEB10004',
  DESC: 'x',
};
const BASIC = '123456;100;KZT;TEST_ECOM;WEB10004;;;x;;;;;;';

test('without recurring fields the payment base is the 13-value seed formula', () => {
  expect(baseString('payment', basic)).toBe(BASIC);
});

test('any recurring field switches to the extended base: five more values, each with its ;', () => {
  const f = { ...basic, RECUR_FREQ: '30', INT_REF: 'ABC' };
  expect(baseString('payment', f)).toBe(`${BASIC}30;;ABC;;;`);
  const all = { ...basic, RECUR_FREQ: '1', RECUR_EXP: '2', INT_REF: '3', RECUR_REF: '4', PAYMENT_TO: '5' };
  expect(baseString('payment', all)).toBe(`${BASIC}1;2;3;4;5;`);
  // an extended field sent empty still selects the extended base
  expect(baseString('payment', { ...basic, RECUR_REF: '' })).toBe(`${BASIC};;;;;`);
  const want = createHash('sha512').update(`${SECRET}${BASIC}30;;ABC;;;`, 'utf8').digest('hex');
  expect(sign('payment', f, SECRET)).toBe(want);
  expect(verify('payment', { ...f, INT_REF: 'ABD' }, SECRET, want)).toBe(false);
});

test('the wrong bases the defects use: the extended fields ignored, or only those sent', () => {
  const f = { ...basic, RECUR_FREQ: '30', INT_REF: 'ABC' };
  expect(baseString('payment', f, { extended: false })).toBe(BASIC);
  expect(baseString('payment', f, { extended: 'sent-only' })).toBe(`${BASIC}30;ABC;`);
});
