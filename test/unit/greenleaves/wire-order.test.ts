// A verifier that does not parse bracket notation orders the fields it received by their names as
// they are (the Python outsider's parse_qsl, Go's url.Values): receipt element 10 then sorts before 1.
// Which order the gateway uses is open (digest §2.6; GL-SIG-06 judges it): the field checks resend a
// request refused as badly signed in that order too, so the MUST field rules are judged against it.
import { expect, test } from 'vitest';
import { orderedValues } from '../../../src/protocols/greenleaves/signature.ts';
import { otherOrders } from '../../../suites/greenleaves/fields.checks.ts';

const list = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `n${i}`, count: `c${i}` }));

test("'wire' orders the leaves by their bracket names as flat strings", () => {
  const m = { pg_salt: 's', pg_receipt_positions: list(12), pg_amount: '5' };
  // "[10]" < "[11]" < "[1]" byte-wise ('0' and '1' before ']'): 0, 10, 11, 1, 2, … 9
  const byWire = ['0', '10', '11', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  expect(orderedValues(m, 'wire')).toEqual(['5', ...byWire.flatMap((i) => [`c${i}`, `n${i}`]), 's']);
  // the natural order keeps the elements in index order
  expect(orderedValues(m, 'natural').slice(1, 5)).toEqual(['c0', 'n0', 'c1', 'n1']);
});

test('otherOrders: natural, then wire, each only when it orders the values differently', () => {
  expect(otherOrders({ a: '1', pg_receipt_positions: list(3) })).toEqual([]);
  expect(otherOrders({ a: '1', pg_receipt_positions: list(12) })).toEqual(['natural', 'wire']);
  // item1 before item10 in both the natural and the wire order: one resend
  expect(otherOrders({ item1: 'A', item10: 'B' })).toEqual(['natural']);
});
