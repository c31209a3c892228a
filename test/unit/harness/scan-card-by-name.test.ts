import { describe, expect, test } from 'vitest';
import { cardDataByName, findingsIn, testCardData } from '../../e2e/scan.ts';

// Probe 26: the scanner found a CVC only as `name = value`; a multipart or pg_xml request's card data was
// shown in every report and scan.ts said "0 hit(s)".
const { pans } = testCardData();
const scan = (text: string) => findingsIn([{ file: 'r', text }], pans, [cardDataByName()]);

describe('the report scan finds card data by its name in every form (probe 26)', () => {
  test.each([
    ['name = value', 'pg_card_cvc = 123'],
    ['form', 'pg_card_cvc=123&pg_salt=x'],
    ['URL-encoded form', 'pg_xml=%3Cpg_card_cvc%3E123%3C%2Fpg_card_cvc%3E'],
    ['XML', '<request><pg_card_cvc>123</pg_card_cvc></request>'],
    ['HTML-escaped XML', '&lt;pg_card_cvc&gt;123&lt;/pg_card_cvc&gt;'],
    ['CDATA', '<pg_card_cvc><![CDATA[123]]></pg_card_cvc>'],
    ['multipart', '--b\r\nContent-Disposition: form-data; name="pg_card_cvc"\r\n\r\n123\r\n--b--'],
    [
      'multipart with a part header',
      '--b\r\nContent-Disposition: form-data; name="cvc"\r\nContent-Type: text/plain\r\n\r\n123\r\n',
    ],
    [
      'multipart in JSON',
      '{"body":"--b\\r\\nContent-Disposition: form-data; name=\\"pg_card_cvc\\"\\r\\n\\r\\n123\\r\\n--b--"}',
    ],
    ['JSON', '{"card":{"cvc":"123"}}'],
    ['JSON number', '{"cvc": 1234}'],
    ['month in XML', '<pg_card_month>12</pg_card_month>'],
    ['year in multipart', 'name="pg_card_year"\r\n\r\n30\r\n'],
    ['year as a line', '   pg_card_year = 30'],
    ['expiry in JSON', '{"crd_exp":"12/30"}'],
  ])('%s', (_, text) => {
    expect(scan(text), text).not.toEqual([]);
  });

  test.each([
    ['a PAN in XML', `<pg_card_pan>${pans[0]}</pg_card_pan>`],
    ['a PAN in a multipart part', `name="pg_card_pan"\r\n\r\n${pans[0]}\r\n`],
    ['a PAN in JSON', `{"pan":"${pans[0]}"}`],
  ])('%s', (_, text) => {
    expect(scan(text), text).not.toEqual([]);
  });

  test.each([
    ['removed', 'pg_card_cvc = [removed]\n   pg_card_month = [removed]\n   pg_card_year = [removed]'],
    ['removed in XML', '<pg_card_cvc>[removed]</pg_card_cvc><pg_card_month>[removed]</pg_card_month>'],
    ['removed in multipart', 'name="pg_card_cvc"\r\n\r\n[removed]\r\n'],
    [
      'removed in multipart, a number in the next part',
      '--b\r\nContent-Disposition: form-data; name="pg_card_cvc"\r\n\r\n[removed]\r\n--b\r\nContent-Disposition: form-data; name="pg_amount"\r\n\r\n500\r\n--b--',
    ],
    ['an amount after a month field', '<pg_card_month>[removed]</pg_card_month><pg_amount>500</pg_amount>'],
    ['a CVC in a sentence', 'the seed sends a cvc 012 in its example'],
    ['another month value', '<pg_card_month>07</pg_card_month>'],
  ])('not %s', (_, text) => {
    expect(scan(text), text).toEqual([]);
  });
});
