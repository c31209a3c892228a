import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import {
  decodeForm,
  encodeForm,
  parseRedirect,
  redirectUrl,
  wantsRedirect,
  withoutRedirect,
} from '../../../src/protocols/jysan/form.ts';

fcTest.prop([fc.dictionary(fc.stringMatching(/^[A-Za-z_]{1,12}$/), fc.string({ unit: 'grapheme', maxLength: 30 }))])(
  'form encoding round-trips any values, CR LF and Cyrillic included',
  (fields) => {
    expect(decodeForm(encodeForm(fields))).toEqual(fields);
  },
);

test('empty values are sent, undefined ones are not', () => {
  expect(encodeForm({ ORDER: '000123', NONCE: '', X: undefined })).toBe('ORDER=000123&NONCE=');
});

test("the redirect URL keeps BACKREF's own query and appends the result", () => {
  const url = redirectUrl('https://shop.example.kz/result?redirect=true', {
    order: '123456',
    res_code: '0',
    res_desc: 'ok & fine',
  });
  expect(wantsRedirect('https://shop.example.kz/result?redirect=true')).toBe(true);
  expect(wantsRedirect('https://shop.example.kz/result')).toBe(false);
  expect(parseRedirect(url)).toEqual({ redirect: 'true', order: '123456', res_code: '0', res_desc: 'ok & fine' });
});

test("BACKREF's own query keeps its bytes: appended to, and without redirect=true for the server POST", () => {
  // URLSearchParams rewrote the whole query once touched: route=extension%2Fpayment%2F…
  const cms = 'http://shop.example.kz/index.php?route=extension/payment/jysan/callback&x=a%2Fb';
  expect(redirectUrl(`${cms}&redirect=true#top`, { order: '123456', res_desc: 'a/b c' })).toBe(
    `${cms}&redirect=true&order=123456&res_desc=a%2Fb+c#top`,
  );
  expect(redirectUrl('https://shop.example.kz/r', { order: '1' })).toBe('https://shop.example.kz/r?order=1');
  expect(redirectUrl('https://shop.example.kz/r?', { order: '1' })).toBe('https://shop.example.kz/r?order=1');
  expect(withoutRedirect(`${cms}&redirect=true`)).toBe(cms);
  expect(withoutRedirect('http://shop.example.kz/index.php?redirect=true&route=a/b')).toBe(
    'http://shop.example.kz/index.php?route=a/b',
  );
  expect(withoutRedirect('http://shop.example.kz/r?redirect=true')).toBe('http://shop.example.kz/r');
  expect(withoutRedirect(cms)).toBe(cms);
});
