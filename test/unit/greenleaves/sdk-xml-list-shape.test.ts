import { describe, expect, test } from 'vitest';
import { listShapeInXml } from '../../../suites/greenleaves/sdk/support.ts';
import { recorded } from '../recorded-request.ts';

/** Probe 23's Perl SDK wrapped the receipt positions of pg_xml in <item> tags: GL-SDK-03 said only
 *  "pg_receipt_positions is not in the required format". The reason now says what was expected. */
describe('listShapeInXml (gl.sdk.requests, GL-SDK-03 and -18)', () => {
  const given = { pg_receipt_positions: [{ count: '1' }, { count: '2' }], pg_amount: '20' };
  const form = (xml: string) =>
    recorded(`pg_xml=${encodeURIComponent(xml)}`, 'application/x-www-form-urlencoded', '/g2g/payment_page');

  test('a list wrapped in <item> tags is named, with the repeated tags expected', () => {
    const xml =
      '<request><pg_amount>20</pg_amount><pg_receipt_positions><item><count>1</count></item>' +
      '<item><count>2</count></item></pg_receipt_positions></request>';
    expect(listShapeInXml(form(xml), given)).toMatch(
      /pg_receipt_positions came as one element holding <item>.*one <pg_receipt_positions> element per item, repeated in order/,
    );
  });

  test('repeated tags (the reading paycert expects), and a form, give no hint', () => {
    const xml =
      '<request><pg_amount>20</pg_amount><pg_receipt_positions><count>1</count></pg_receipt_positions>' +
      '<pg_receipt_positions><count>2</count></pg_receipt_positions></request>';
    expect(listShapeInXml(form(xml), given)).toBeUndefined();
    const urlencoded = recorded(
      'pg_amount=20&pg_receipt_positions%5B0%5D%5Bcount%5D=1',
      'application/x-www-form-urlencoded',
      '/g2g/payment_page',
    );
    expect(listShapeInXml(urlencoded, given)).toBeUndefined();
  });
});
