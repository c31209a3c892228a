// A verifier that does not parse bracket notation orders the fields it received by their names as
// they are (the Python outsider's parse_qsl, Go's url.Values): receipt element 10 then sorts before 1.
// Which order the gateway uses is open (digest §2.6; GL-SIG-06 judges it): the field checks resend a
// request refused as badly signed in that order too, so the MUST field rules are judged against it.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { orderedValues } from '../../../src/protocols/greenleaves/signature.ts';
import type { PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { inOtherOrders, otherOrders } from '../../../suites/greenleaves/fields.checks.ts';
import { fieldRefusal, signatureRefusal } from '../../../suites/greenleaves/support.ts';
import { readReply } from '../../../src/sdk/greenleaves.ts';

type Order = 'natural' | 'wire';

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

// The straightforward version: the other orders computed before the first reply is looked at.
async function eager<R>(signed: PgMessage, first: R, badSig: (r: R) => boolean, again: (o: Order) => Promise<R>) {
  let last = first;
  for (const order of otherOrders(signed)) {
    if (!badSig(last)) break;
    last = await again(order);
  }
  return last;
}

test('inOtherOrders resends in the same orders, and gives the same reply, as the eager loop', async () => {
  const key = fc.constantFrom('a', 'item1', 'item10', 'item2', 'pg_amount', 'pg_salt');
  const message = fc.dictionary(
    key,
    fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 13 }).map(list)),
  ) as fc.Arbitrary<PgMessage>;
  await fc.assert(
    fc.asyncProperty(message, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), async (m, bad) => {
      const run = async (f: typeof eager) => {
        const sent: Order[] = [];
        // reply i is refused as badly signed when bad[i]
        const last = await f(
          m,
          0,
          (r) => bad[r]!,
          async (o) => (sent.push(o), sent.length),
        );
        return { sent, last };
      };
      expect(await run(inOtherOrders)).toEqual(await run(eager));
    }),
    { numRuns: 500 },
  );
});

// Which code a bad signature gets is open too (digest open question 3: 1100, 9998, 101): a refusal with
// any of them, or whose description is about the signature, is resent in the other orders. A gateway
// answering 9998 «Некорректная подпись запроса» was tried in the vendor order only, and GL-PAY-01 failed.
test('signatureRefusal: the candidate codes, or a description about the signature; no other refusal', () => {
  const reply = (fields: Record<string, string>) =>
    readReply(
      {
        status: 200,
        headers: {},
        text: `<response>${Object.entries(fields)
          .map(([k, v]) => `<${k}>${v}</${k}>`)
          .join('')}</response>`,
      } as Parameters<typeof readReply>[0],
      'k',
    );
  const error = (code: string, description: string) =>
    reply({ pg_status: 'error', pg_error_code: code, pg_error_description: description });
  for (const code of ['1100', '9998', '101']) expect(signatureRefusal(error(code, 'x')), code).toBe(true);
  expect(signatureRefusal(error('9999', 'Некорректная подпись запроса'))).toBe(true);
  expect(signatureRefusal(error('100', 'Invalid request signature'))).toBe(true);
  expect(signatureRefusal(error('9999', 'pg_sig does not match'))).toBe(true);
  expect(signatureRefusal(error('9999', 'Ошибка в параметрах запроса: pg_amount'))).toBe(false);
  expect(signatureRefusal(error('10001', 'Ошибка оплаты, обратитесь в банк-эмитент'))).toBe(false);
  expect(signatureRefusal(reply({ pg_status: 'ok', pg_error_code: '1100' }))).toBe(false);
  // a candidate code whose description names a request field, and not the signature, refuses that field
  // (probe18's BUG=wrong-field-code: field violations answered 1100, GL-SIG-05 failed on them)
  const field = error('1100', 'Ошибка в параметрах запроса: pg_card_name is required');
  expect(signatureRefusal(field)).toBe(false);
  expect(fieldRefusal(field)).toBe('pg_card_name');
  expect(signatureRefusal(error('1100', 'Некорректная подпись запроса: pg_amount'))).toBe(true);
  expect(signatureRefusal(error('1100', 'pg_salt is required'))).toBe(true);
  expect(fieldRefusal(error('1100', 'Некорректная подпись запроса'))).toBeUndefined();
});
