import { describe, expect, test } from 'vitest';
import { requestFields } from '../../../suites/greenleaves/sdk/support.ts';
import { buildXml, scriptName, sign, verify } from '../../../src/protocols/greenleaves/index.ts';

/** gl.sdk.requests reads what an SDK sent as the reference gateway reads it (GL-SDK-01, GL-SDK-03). */
describe('requestFields (gl.sdk.requests)', () => {
  const recorded = (text: string, contentType: string, path = '/g2g/payment') => ({
    at: 0,
    method: 'POST',
    path,
    headers: { 'content-type': contentType },
    body: Buffer.from(text, 'utf8'),
    text,
  });

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
