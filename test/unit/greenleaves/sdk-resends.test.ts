import { expect, test } from 'vitest';
import { resendsChanged } from '../../../suites/greenleaves/sdk/sdk.checks.ts';
import { recorded } from '../recorded-request.ts';

const FORM = 'application/x-www-form-urlencoded';
const given = { pg_merchant_id: '123456', pg_order_id: 'A-1', pg_amount: '500', pg_description: 'Заказ' };
const form = (m: Record<string, string>) => new URLSearchParams(m).toString();

// gl.sdk.error-replies (GL-SDK-18): after a dropped reply, only a resend of the payment (its method and
// path) is held to the caller's fields; an SDK asking the payment's status (pg_order_id only) is sound
test('a status request after the dropped payment is no resend of it', () => {
  const sent = [
    recorded(form(given), FORM, '/g2g/payment'),
    recorded(form({ pg_merchant_id: '123456', pg_order_id: 'A-1' }), FORM, '/g2g/status_v2'),
  ];
  expect(resendsChanged(given, sent)).toEqual([]);
});

test('a resend of the payment as another pg_order_id is judged', () => {
  const sent = [
    recorded(form(given), FORM, '/g2g/payment'),
    recorded(form({ ...given, pg_order_id: 'A-1-r1' }), FORM, '/g2g/payment'),
  ];
  const changed = resendsChanged(given, sent);
  expect(changed).toHaveLength(1);
  expect(changed[0]!.join('; ')).toMatch(/pg_order_id "\\?"?A-1-r1/);
});
