import { describe, expect, test } from 'vitest';
import { requestFields, requestSchemaBreaks } from '../../../suites/greenleaves/sdk/support.ts';
import { buildXml, scriptName, sign, verify } from '../../../src/protocols/greenleaves/index.ts';
import { recorded as recordedAt } from '../recorded-request.ts';

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
});
