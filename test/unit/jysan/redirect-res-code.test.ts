// res_code of a redirect's Location: a Location that is no URL (a hostile or broken reply) carries
// none instead of throwing (an internal error of paycert); a conformant one is read as before.
import { expect, test } from 'vitest';
import { notPaid } from '../../../suites/jysan/support.ts';
import { queryResCode } from '../../../src/sdk/jysan.ts';

test.each([
  ['https://shop.example/back?order=1&res_code=0', '0'],
  ['https://shop.example/back?res_code=5', '5'],
  ['/back?res_code=0', '0'],
  ['https://shop.example/back', undefined],
  ['http://[::1', undefined],
  ['', undefined],
  [undefined, undefined],
])('Location %j: res_code %j', (next, want) => {
  expect(queryResCode(next)).toBe(want);
});

test('a redirect to no URL is not a payment carried out', () => {
  const r = { kind: 'redirect', next: 'http://[::1' } as Parameters<typeof notPaid>[0];
  expect(notPaid(r)).toBe(true);
});

test('cents of a reply amount: NaN, never a TypeError, when the reply nests an element there', async () => {
  const { cents } = await import('../../../suites/jysan/support.ts');
  const { parseXml } = await import('../../../src/protocols/jysan/xml.ts');
  const op = (
    parseXml('<result><operation><rev_max_amount><x>1</x></rev_max_amount></operation></result>').result as never as {
      operation: { rev_max_amount: unknown };
    }
  ).operation;
  expect(() => Number(op.rev_max_amount)).toThrow(TypeError);
  expect(cents(op.rev_max_amount)).toBeNaN();
  expect(cents('600.5')).toBe(60050);
});
