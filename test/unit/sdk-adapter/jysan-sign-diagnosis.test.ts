import { expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { baseString } from '../../../src/protocols/jysan/index.ts';
import { expectedSign } from '../../../suites/jysan/sdk/order-fields.ts';

const secret = 'paycert-secret-0123456789';
const form = {
  ORDER: '000123',
  AMOUNT: '7.05',
  CURRENCY: 'KZT',
  MERCHANT: 'M1',
  TERMINAL: 'T1',
  NONCE: '123456789',
  DESC: 'Оплата заказа №17 в магазин\uFFFD',
};

// A PHP SDK cut DESC at 50 bytes (substr) and signed the bytes it cut; its adapter wrote the broken character
// as U+FFFD: JY-SDK-01 failed "P_SIGN does not verify" with no word of it (probe 21, desc_truncate_bytes).
test('a P_SIGN that does not verify over a value carrying U+FFFD says so first', () => {
  const sig = createHash('sha512').update(`${secret}something else`).digest('hex');
  expect(expectedSign('payment', form, secret, sig)).toMatch(/^DESC carries U\+FFFD, .*cut in two.*; expected sha512/);
});

// The seed's own PHP example, preg_replace("/\n|\r/g", …), returns null: DESC and DESC_ORDER signed empty.
test('a P_SIGN made with DESC and DESC_ORDER empty is diagnosed so', () => {
  const f = { ...form, DESC: 'Заказ 17', DESC_ORDER: 'Товар 1' };
  const sig = createHash('sha512')
    .update(secret + baseString('payment', { ...f, DESC: '', DESC_ORDER: '' }))
    .digest('hex');
  expect(expectedSign('payment', f, secret, sig)).toMatch(/it verifies with DESC and DESC_ORDER signed empty/);
});

// probe 22 (skip_empty): the empty fields left out of the signed string with their ';' (the seed's PHP appends each
// value and its ';' unconditionally) was named only by the expected string; it is named as the other slips are
test('a P_SIGN over the non-empty fields alone is diagnosed as the empty fields left out', () => {
  const present = ['ORDER', 'AMOUNT', 'CURRENCY', 'MERCHANT', 'TERMINAL', 'NONCE', 'DESC'] as const;
  const f = { ...form, DESC: 'Заказ 17' };
  const sig = createHash('sha512')
    .update(secret + present.map((k) => `${f[k]};`).join(''))
    .digest('hex');
  expect(expectedSign('payment', f, secret, sig)).toMatch(
    /it verifies with the empty fields left out \(each with its ';'\)/,
  );
});
