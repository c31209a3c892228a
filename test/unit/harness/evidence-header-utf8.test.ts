// probe 22's Perl shop sent a response header in UTF-8 ("X-Shop-Note: Оплата …"); HTTP hands header
// values over as Latin-1, and the evidence showed "Ð\u009eÐ¿Ð»…". A value whose bytes are valid UTF-8 is
// now shown as UTF-8; any other stays as it came (Latin-1, or plain ASCII).
import { expect, test } from 'vitest';
import { redactExchange, type Exchange } from '../../../src/harness/evidence.ts';

const exchange = (responseHeaders: Record<string, string>): Exchange => ({
  at: '2026-12-07T11:04:58.867Z',
  direction: 'sent',
  method: 'POST',
  url: 'http://127.0.0.1:1/shop/pay/result',
  requestHeaders: {},
  requestBody: 'pg_order_id=1',
  responseHeaders,
  responseBody: '<response/>',
});
const asLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

test('a UTF-8 response header is shown as UTF-8, not as mojibake', () => {
  const out = redactExchange(exchange({ 'x-shop-note': asLatin1('Оплата принята') })).responseHeaders!;
  expect(out['x-shop-note']).toBe('Оплата принята');
});

test('a header that is not UTF-8 stays as it came', () => {
  const out = redactExchange(exchange({ 'x-latin': 'caf\u00e9', 'x-ascii': 'text/xml' })).responseHeaders!;
  expect(out).toEqual({ 'x-latin': 'caf\u00e9', 'x-ascii': 'text/xml' });
});
