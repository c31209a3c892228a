import { describe, expect, test } from 'vitest';
import { typeDepartures } from '../../../suites/greenleaves-v5/sdk/sdk.checks.ts';

// V5-SDK-12: an SDK sending "amount":"0.01" had every create refused by a strict gateway and six
// rules left inconclusive, judged by no rule (the Perl v5 SDK's amount_string).
describe('V5-SDK-12: the JSON types of the seed example body', () => {
  const body = (over: Record<string, unknown>) =>
    JSON.stringify({
      amount: 123.42,
      currency: 'KZT',
      order_id: 'o1',
      auto_clearing: true,
      from: { type: 'card', card: { name: 'A B', pan: '4400444400004440', cvc: '123', year: 30, month: 12 } },
      ...over,
    });
  test("the seed's own example and any number spelling keep to it", () => {
    expect(typeDepartures(body({}))).toEqual([]);
    expect(typeDepartures(body({}).replace('123.42', '5E+2'))).toEqual([]);
    expect(typeDepartures(body({ amount: 500 }))).toEqual([]);
  });
  // probe 24 (edit_drop_amount): a field left out has no type; it is V5-SDK-15's (the caller's value not sent)
  test('a string amount departs; a missing one is no type departure', () => {
    expect(typeDepartures(body({ amount: '0.01' }))).toEqual([`amount "0.01" (a string, the example's is a number)`]);
    expect(typeDepartures(body({ amount: undefined }))).toEqual([]);
    expect(typeDepartures(JSON.stringify({ id: 'x' }))).toEqual([]);
  });
  test('nested fields: year a string, cvc a number, auto_clearing "true"', () => {
    const b = JSON.parse(body({ auto_clearing: 'true' }));
    b.from.card.year = '30';
    b.from.card.cvc = 123;
    expect(typeDepartures(JSON.stringify(b))).toEqual([
      `auto_clearing "true" (a string, the example's is a boolean)`,
      `from.card.cvc 123 (a number, the example's is a string)`,
      `from.card.year "30" (a string, the example's is an integer)`,
    ]);
  });
  // a body that could not be read was "no departure": V5-SDK-12 passed on form-encoded bodies (a probe's PHP SDK)
  test('a body that is no JSON text is not read (V5-SDK-16 judges it); JSON that is no object departs', () => {
    expect(typeDepartures('amount=1')).toBeUndefined();
    expect(typeDepartures('\ufeff{"amount":1}')).toBeUndefined();
    expect(typeDepartures('[1]')).toEqual([`the body is JSON an array, the example's is an object`]);
    expect(typeDepartures('"x"')).toEqual([`the body is JSON a string, the example's is an object`]);
  });
});
