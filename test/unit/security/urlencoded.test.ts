import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { FORM_LIMITS, FormError, parseFormBody, parseUrlencoded } from '../../../src/protocols/common/form.ts';

// the characters that matter to the parser, and some that do not
const piece = fc.constantFrom(
  '&',
  '=',
  '+',
  '%',
  '%2',
  '%20',
  '%3D',
  '%26',
  '%2B',
  '%zz',
  '%FF',
  '%C3%A9',
  '%D0%9F',
  '%ED%A0%80',
  'a',
  'pg_sig',
  'Покупка',
  '😀',
  '\uD800',
  '\uDC00',
  ' ',
  '&&',
  '==',
  '',
);
const body = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

fcTest.prop([body], { numRuns: 2000 })('the same pairs as URLSearchParams, whatever the body', (b) => {
  expect(parseUrlencoded(b)).toEqual([...new URLSearchParams(b)]);
});

test('ordinary bodies, and the lenient cases URLSearchParams decodes its own way', () => {
  for (const b of [
    'pg_merchant_id=1&pg_amount=500&pg_description=%D0%9F%D0%BE%D0%BA%D1%83%D0%BF%D0%BA%D0%B0&pg_sig=abc',
    'a=1+2&b=&c&=d&&e=f=g',
    'pct=100%&bad=%E0%A4%A&x=%ff',
    'lone=\uD800x',
  ])
    expect(parseUrlencoded(b)).toEqual([...new URLSearchParams(b)]);
});

test('more than the field limit is refused, from either path', () => {
  const many = (sep: string) => Array.from({ length: FORM_LIMITS.fields + 5 }, (_, i) => `f${i}=${sep}`).join('&');
  for (const b of [many('x'), many('%zz')])
    expect(() => parseFormBody(b, 'application/x-www-form-urlencoded')).toThrow(FormError);
  expect(parseUrlencoded(many('x'), 10)).toHaveLength(11);
});

// An audit: a request with Content-Type "Application/X-WWW-Form-Urlencoded" (media types are
// case-insensitive, RFC 9110 §8.3.1) was read as no form at all by every reader (the g2g gateway answered
// 9998, the SDK check blamed a missing pg_salt on GL-SDK-01). The boundary keeps its case.
test('the media type is read in any case; a multipart boundary keeps its own', () => {
  expect(parseFormBody('pg_salt=a&x=1', 'Application/X-WWW-Form-Urlencoded; Charset=UTF-8')).toEqual([
    ['pg_salt', 'a'],
    ['x', '1'],
  ]);
  const body = '--AbC\r\nContent-Disposition: form-data; name="pg_salt"\r\n\r\nz\r\n--AbC--\r\n';
  expect(parseFormBody(body, 'Multipart/Form-Data; boundary=AbC')).toEqual([['pg_salt', 'z']]);
});
