// What a v5 reply says about its request (suites/greenleaves-v5/support.ts outcome), for reply styles
// of gateways written by others (fixtures/third-party/gateways/greenleaves-v5-php): a payment that
// carries an empty error member (`"error": null`, PHP's habit of always printing every key) was
// processed, not refused; a flat error body told by X-Request-Status is a refusal.
import { expect, test } from 'vitest';
import { readReply } from '../../../src/sdk/greenleaves-v5.ts';
import { describe, outcome, sameRefusal } from '../../../suites/greenleaves-v5/support.ts';

const sent = { method: 'POST', path: '/v5/g2g/create', headers: {}, body: new Uint8Array() };
const reply = (body: unknown, status = 200, requestStatus = 'success') =>
  readReply(
    {
      status,
      headers: { 'x-request-status': requestStatus },
      text: JSON.stringify(body),
      body: new Uint8Array(),
    } as never,
    sent,
  );

const payment = { id: '01a22df5-b971-71f7-b4db-69b0e402bf20', order_id: 'o1', status: 'success' };

test.each([null, [], {}, false, ''])('a payment with error %j beside its id was processed', (error) => {
  expect(outcome(reply({ ...payment, error }))).toBe('processed');
  expect(outcome(reply({ ...payment, errors: error }))).toBe('processed');
});

test('an error object is a refusal, with or without HTTP 200', () => {
  expect(outcome(reply({ error: { code: 1001, message: 'bad signature' } }, 200, 'error'))).toBe('refused');
  expect(outcome(reply({ errors: [{ field: 'amount' }] }, 200, 'error'))).toBe('refused');
  expect(outcome(reply({ error: 'bad signature' }, 200, 'error'))).toBe('refused');
  expect(outcome(reply({ error: 'bad signature' }, 200, 'success'))).toBe('refused');
});

test('a flat error body (error_code, error_message) is told by X-Request-Status', () => {
  expect(outcome(reply({ error_code: 1001, error_message: 'bad' }, 200, 'error'))).toBe('refused');
  expect(outcome(reply({ error_code: 1001, error_message: 'bad' }, 200, 'error'), false)).toBe('unknown');
});

// v5.kat.vectors tells a signature refusal from a content refusal by comparing it with the refusal of
// the same body signed with another key: with a flat error body both read "HTTP 200, no error.code",
// and a body refused for its expired card was judged a refused signature (V5-JWS-01/02/04/06 failed).
test('refusals compare by their code, flat or in error; no code on either side cannot tell', () => {
  const flat = (code: unknown) => reply({ error_code: code, error_message: 'x' }, 200, 'error');
  expect(sameRefusal(flat(1001), flat(2002))).toBe(false);
  expect(sameRefusal(flat(1001), flat(1001))).toBe(true);
  expect(sameRefusal(reply({ error: { code: 1001 } }, 401), flat(1001))).toBe(false);
  expect(sameRefusal(reply({ error: { code: 1001 } }, 401), reply({ error: { code: 1001 } }, 401))).toBe(true);
  expect(sameRefusal(reply({ status: 'error' }, 200, 'error'), reply({ status: 'error' }, 200, 'error'))).toBe(
    undefined,
  );
  expect(sameRefusal(flat(1001), reply({ message: 'bad' }, 400))).toBe(undefined);
});

// A declined payment that tells why in an error member beside its id and status, under an
// X-Request-Status that says the request was processed, is a processed create (the PHP gateway's
// style): it read as refused, so V5-BODY-01 failed and the callback checks found no payment.
test("an error beside a payment's id and status is the payment's own when X-Request-Status says processed", () => {
  const declined = { ...payment, status: 'failed', error: { code: 4004, message: 'Declined by the merchant' } };
  const r = reply(declined, 200, 'success');
  expect(outcome(r)).toBe('processed');
  expect(r.payment?.status).toBe('failed');
  expect(r.error).toBeUndefined();
  // the same body under an error status, or no status header, stays a refusal
  expect(outcome(reply(declined, 200, 'error'))).toBe('refused');
  expect(outcome(readReply({ status: 200, headers: {}, text: JSON.stringify(declined) } as never, sent))).toBe(
    'refused',
  );
  expect(outcome(reply({ id: payment.id, error: { code: 3002 } }, 200, 'success'))).toBe('refused');
});

// reasons quoted such a refusal as "HTTP 200, payment ?" or "payment error": a payment that was none
test('a refusal body naming no object is described as it is, not as a payment', () => {
  expect(describe(reply({ error_code: 2002, error_message: 'bad pan' }, 200, 'error'))).toBe(
    'HTTP 200: {"error_code":2002,"error_message":"bad pan"}',
  );
  expect(describe(reply({ status: 'error', message: 'x' }, 200, 'error'))).toBe(
    'HTTP 200: {"status":"error","message":"x"}',
  );
  expect(describe(reply(payment))).toBe(`HTTP 200, payment success ${payment.id}`);
});

// an edge that cuts replies short (a buffer limit) or sends none: the reasons quoted the excerpt alone
// ("HTTP 200: {"id":"…","amount":500,"currency":"), leaving the user to see it was not JSON
test('a body that is not JSON, or none, is said to be so; a stored copy is named', () => {
  const raw = (text: string, headers: Record<string, string> = {}) =>
    readReply({ status: 200, headers, text, body: new Uint8Array() } as never, sent);
  expect(describe(raw(JSON.stringify(payment).slice(0, 30)))).toMatch(
    /^HTTP 200, a body that is not JSON \(.+\): \{"id":"01a22df5-b971-71f7-b4db$/,
  );
  expect(describe(raw(''))).toBe('HTTP 200, an empty body');
  expect(describe(raw(JSON.stringify(payment), { age: '3', 'x-cache': 'HIT' }))).toBe(
    `HTTP 200, payment success ${payment.id} (a stored copy, Age: 3, X-Cache: HIT: a cache in front of the gateway answered, not the gateway itself)`,
  );
});
