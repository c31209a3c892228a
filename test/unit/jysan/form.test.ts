import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import {
  decodeForm,
  encodeForm,
  parseRedirect,
  redirectUrl,
  wantsRedirect,
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
