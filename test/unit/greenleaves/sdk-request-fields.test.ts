import { describe, expect, test } from 'vitest';
import {
  notConfiguredMerchant,
  offEndpoint,
  requestFields,
  requestSchemaBreaks,
  undocumentedBody,
} from '../../../suites/greenleaves/sdk/support.ts';
import { callersValuesChanged } from '../../../suites/greenleaves/sdk/sdk.checks.ts';
import { buildXml, scriptName, sign, verify } from '../../../src/protocols/greenleaves/index.ts';
import { recorded as recordedAt } from '../recorded-request.ts';
import { card, cardFields } from '../../../suites/greenleaves/support.ts';

/** gl.sdk.requests reads what an SDK sent as the reference gateway reads it (GL-SDK-01, GL-SDK-03). */
describe('requestFields (gl.sdk.requests)', () => {
  const recorded = (text: string, contentType: string, path = '/g2g/payment') => recordedAt(text, contentType, path);

  test('a request sent as XML in the single field pg_xml is read from its <request> (GL-TX-05)', () => {
    const m = {
      pg_merchant_id: '123456',
      pg_order_id: 'A-1',
      pg_amount: '500',
      pg_description: 'Заказ 1',
      pg_salt: 'a1b2',
    };
    const sig = sign('payment', m, 's3cr3tKey');
    const xml = buildXml({ ...m, pg_sig: sig }, 'request');
    const f = requestFields(recorded(`pg_xml=${encodeURIComponent(xml)}`, 'application/x-www-form-urlencoded'));
    // before: the only field was pg_xml, so the SDK was failed for "no pg_salt" and warned for pg_xml
    expect(f).toEqual({ ...m, pg_sig: sig });
    expect(verify(scriptName('/g2g/payment'), f, 's3cr3tKey', sig)).toBe(true);
  });

  // a probe's Ruby SDK posted the XML of pg_xml bare: GL-SDK-01 failed "no pg_salt" on a request signed right
  test('the XML of pg_xml posted bare as application/xml is read as pg_xml is (GL-SDK-12 judges how it came)', () => {
    const m = { pg_merchant_id: '123456', pg_order_id: 'A-1', pg_amount: '500', pg_salt: 'a1b2' };
    const sig = sign('payment', m, 's3cr3tKey');
    const r = recorded(buildXml({ ...m, pg_sig: sig }, 'request'), 'application/xml; charset=utf-8');
    expect(requestFields(r)).toEqual({ ...m, pg_sig: sig });
    expect(undocumentedBody(r)).toMatch(/application\/xml; charset=utf-8 \(the XML of pg_xml without the form field\)/);
    // another XML document, or XML under another type, is not read so
    expect(requestFields(recorded('<order><pg_salt>x</pg_salt></order>', 'application/xml'))).toEqual({});
    expect(requestFields(recorded(buildXml(m, 'request'), 'text/plain'))).toEqual({});
  });

  test('a pg_xml that is not XML is judged as the form it is', () => {
    const f = requestFields(recorded('pg_xml=%3Cnot', 'application/x-www-form-urlencoded'));
    expect(f).toEqual({ pg_xml: '<not' });
  });

  test('form fields and bracket notation are read as before', () => {
    const f = requestFields(
      recorded('pg_amount=500&pg_description=a+b&cart%5Bid%5D=7', 'application/x-www-form-urlencoded'),
    );
    expect(f).toEqual({ pg_amount: '500', pg_description: 'a b', cart: { id: '7' } });
  });
});

/** GL-SDK-03 judges the fields against the endpoint's request schema; the signature is GL-SDK-01's. */
describe('requestSchemaBreaks (gl.sdk.requests, GL-SDK-03)', () => {
  const refund = { pg_merchant_id: '123456', pg_payment_id: '1042', pg_amount: '100', pg_salt: 'abc123' };
  test('a pg_sig of 31 hex digits (an MD5 printed without its leading zero) is not a field-format break', () => {
    // before: "refund-request: pg_sig is not in the required format" warned GL-SDK-03 next to GL-SDK-01
    expect(
      requestSchemaBreaks('/g2g/refund', { ...refund, pg_sig: '39da6c262e6adada34bbd4e30849724' }),
    ).toBeUndefined();
    expect(requestSchemaBreaks('/g2g/refund', { ...refund })).toBeUndefined();
    const { pg_salt: _, ...noSalt } = refund;
    expect(requestSchemaBreaks('/g2g/refund', { ...noSalt, pg_sig: 'a'.repeat(32) })).toBeUndefined();
  });
  test('the other fields are still judged', () => {
    expect(requestSchemaBreaks('/g2g/refund', { ...refund, pg_amount: '1,5', pg_sig: 'a'.repeat(32) })).toMatch(
      /^refund-request: .*pg_amount/,
    );
    expect(requestSchemaBreaks('/g2g/unknown', {})).toBeUndefined();
  });

  // an audit posted what GL-SDK-03 passed or failed to paycert's own gateway (/tmp/audit-sdk/g2g.mts)
  const payment = (extra: Record<string, string> = {}) => ({
    pg_merchant_id: '123456',
    ...(cardFields(card({ auth: true, threeDs: false }), extra) as Record<string, string>),
    pg_salt: 'abc123XYZ',
    pg_sig: 'a'.repeat(32),
  });
  test("a classic endpoint is judged with its twin's schema, as the gateway validates it (GL-TX-07)", () => {
    // before: no schema for /payment.php, so pg_amount "5.555" passed; the gateway answers 9999
    expect(requestSchemaBreaks('/payment.php', payment({ pg_amount: '5.555' }))).toMatch(
      /^payment-request: .*pg_amount/,
    );
    expect(requestSchemaBreaks('/payment.php', payment())).toBeUndefined();
    expect(requestSchemaBreaks('/get_status3.php', { ...payment(), pg_payment_id: 'x' })).toMatch(/^status-request/);
  });
  test('an optional field sent empty counts as not sent (GL-PAY-11), a required one still breaks', () => {
    // before: pg_currency "" and pg_testing_mode "" broke the enum, pg_result_url "" the charset; the gateway
    // answers ok
    expect(
      requestSchemaBreaks('/g2g/payment', payment({ pg_currency: '', pg_testing_mode: '', pg_result_url: '' })),
    ).toBeUndefined();
    expect(requestSchemaBreaks('/g2g/payment', payment({ pg_amount: '' }))).toMatch(/pg_amount/);
  });
  test('a payment with a card token and no card number is judged as a token payment, as the gateway does', () => {
    const token = {
      pg_merchant_id: '123456',
      pg_order_id: 'A-1',
      pg_amount: '500',
      pg_description: 'Заказ 1',
      pg_user_id: 'u1',
      pg_card_token: 'tok123',
      pg_salt: 'abc',
      pg_sig: 'a'.repeat(32),
    };
    // before: judged as payment-request, "pg_card_pan is missing"
    expect(requestSchemaBreaks('/g2g/payment', token)).toBeUndefined();
    const { pg_user_id: _, ...noUser } = token;
    expect(requestSchemaBreaks('/g2g/payment', noUser)).toMatch(/^payment-token-request: .*pg_user_id/);
  });
});

/** GL-SDK-20, -21: each operation to its endpoint; the gateway answers any other path 404. */
describe('offEndpoint (gl.sdk.requests, GL-SDK-20, GL-SDK-21)', () => {
  test.each([
    ['payment.create', '/g2g/payment'],
    ['payment.create', '/payment.php'],
    ['payment_page.create', '/g2g/payment_page'],
    ['payment_page.create', '/init_payment.php'],
    ['status.get', '/g2g/status_v2'],
    ['status.get', '/get_status3.php'],
    ['payment.clearing', '/g2g/clearing'],
    ['payment.cancel', '/g2g/cancel'],
    ['payment.refund', '/revoke.php'],
  ])('%s to %s is its endpoint', (op, path) => {
    expect(offEndpoint(op, path)?.why).toBeUndefined();
    expect(offEndpoint(op, path)?.rule).toMatch(/^GL-SDK-2[01]$/);
  });
  test.each([
    // before: signed for the script name of whatever was called (here ""), every rule passed
    ['payment.create', '/g2g/payment/', 'GL-SDK-20'],
    ['payment.create', '/g2g/pay', 'GL-SDK-20'],
    ['payment.create', '//g2g/payment', 'GL-SDK-20'],
    ['payment_page.create', '/g2g/payment', 'GL-SDK-20'],
    ['status.get', '/g2g/status', 'GL-SDK-21'],
    ['payment.cancel', '/revoke.php', 'GL-SDK-21'],
    ['payment.refund', '/g2g/refund/', 'GL-SDK-21'],
  ])('%s to %s is not (%s)', (op, path, rule) => {
    const off = offEndpoint(op, path);
    expect(off?.rule).toBe(rule);
    expect(off?.why).toContain(`${op} was sent to ${path}`);
  });
  test('an operation the table does not know is not judged', () => {
    expect(offEndpoint('callback.handle', '/x')).toBeUndefined();
  });
});

/** GL-SDK-22: the request is of the merchant the SDK was configured with. */
describe('notConfiguredMerchant (gl.sdk.requests, GL-SDK-22)', () => {
  test('the configured merchant, or none (GL-SDK-03 judges a missing one), is no departure', () => {
    expect(notConfiguredMerchant({ pg_merchant_id: '123456' }, '123456')).toBeUndefined();
    expect(notConfiguredMerchant({}, '123456')).toBeUndefined();
  });
  test('another merchant is, as the gateway compares it (text, not number)', () => {
    // before: pg_merchant_id=999999 signed with the merchant's key passed GL-SDK-01, -03 and -12; 9998 from
    // the gateway
    expect(notConfiguredMerchant({ pg_merchant_id: '999999' }, '123456')).toMatch(
      /pg_merchant_id "999999" is not the merchant the SDK was configured with \(123456\)/,
    );
    expect(notConfiguredMerchant({ pg_merchant_id: '0123456' }, '123456')).toBeDefined();
    expect(notConfiguredMerchant({ pg_merchant_id: { a: '123456' } }, '123456')).toBeDefined();
  });
});

/** GL-SDK-18: the fields sent are the caller's, as the gateway reads them (probe's Ruby SDK bugs). */
describe('callersValuesChanged (gl.sdk.requests, GL-SDK-18)', () => {
  const given = {
    pg_amount: '123.45',
    pg_description: 'Покупка в интернет магазине Site.kz',
    pg_receipt_positions: [{ count: '1', name: 'Item 1', price: '10' }],
    Shop_ref: 'A-1',
    shop_note: '',
  };
  test('the same values, an amount written as the same number and an empty field left out depart in nothing', () => {
    const { shop_note: _, ...rest } = given;
    expect(callersValuesChanged(given, { ...rest, pg_amount: '123.450', pg_salt: 'x' })).toEqual([]);
    expect(callersValuesChanged({ pg_amount: '500' }, { pg_amount: '500.00' })).toEqual([]);
  });
  test.each([
    ['decimals dropped', { pg_amount: '123' }, /^pg_amount "123" \(the caller gave "123.45"\)$/],
    ['tiyn for tenge', { pg_amount: '12345' }, /^pg_amount "12345"/],
    [
      'mojibake',
      { pg_description: Buffer.from(given.pg_description, 'utf8').toString('latin1') },
      /^pg_description "Ð/,
    ],
    [
      'URL-encoded before the form',
      { pg_description: encodeURIComponent(given.pg_description) },
      /^pg_description "%D0%9F/,
    ],
    ['cut', { pg_description: 'Покупка' }, /^pg_description "Покупка"/],
    ["the caller's own field dropped", { Shop_ref: undefined }, /^Shop_ref missing/],
    ['receipt positions dropped', { pg_receipt_positions: undefined }, /^pg_receipt_positions missing/],
    [
      'a receipt price changed',
      { pg_receipt_positions: [{ count: '1', name: 'Item 1', price: '1000' }] },
      /^pg_receipt_positions\[0\]\[price\] "1000"/,
    ],
  ])('%s departs', (_what, change, reason) => {
    const sent = { ...given, ...change } as Record<string, unknown>;
    for (const k of Object.keys(sent)) if (sent[k] === undefined) delete sent[k];
    const off = callersValuesChanged(given, sent as never);
    expect(off).toHaveLength(1);
    expect(off[0]).toMatch(reason);
  });
  test('an amount that is no number ("500,00") is the schema\'s (GL-SDK-03), not judged here', () => {
    expect(callersValuesChanged({ pg_amount: '500' }, { pg_amount: '500,00' })).toEqual([]);
  });
  test('card values are not quoted', () => {
    expect(callersValuesChanged({ pg_card_cvc: '123' }, { pg_card_cvc: '124' })).toEqual([
      'pg_card_cvc (a card value, not shown) (the caller gave (a card value, not shown))',
    ]);
  });
});
