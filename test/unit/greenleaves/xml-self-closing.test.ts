import { describe, expect, test } from 'vitest';
import { parseXml, parseXmlGeneral, sign, verify } from '../../../src/protocols/greenleaves/index.ts';

/** An empty element written self-closing (<x/>: Java's Transformer, .NET's XmlWriter, PHP's DOM
 *  saveXML) is the same field as <x></x>: named x, empty value. */
describe('parseXml: self-closing elements', () => {
  test('<x/> reads as the field x with an empty value, like <x></x>', () => {
    const open = parseXml(
      '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status><pg_auth_code></pg_auth_code><pg_salt>s</pg_salt></response>',
    );
    const closed = parseXml(
      '<?xml version="1.0" encoding="utf-8" standalone="no"?><response><pg_status>ok</pg_status><pg_auth_code/><pg_salt>s</pg_salt></response>',
    );
    // before: the key was "\uE000pg_auth_code" (the parser's internal prefix left on)
    expect(Object.keys(closed.message)).toEqual(['pg_status', 'pg_auth_code', 'pg_salt']);
    expect(closed).toEqual(open);
  });

  test('nested, spaced and root self-closing elements keep their names', () => {
    expect(parseXmlGeneral('<request><cart><id/><note /></cart></request>').message).toEqual({
      cart: { id: '', note: '' },
    });
    expect(parseXml('<response/>')).toEqual({ root: 'response', message: {} });
  });

  test('a message signed with an empty field verifies when that field is written <x/>', () => {
    const m = { pg_status: 'ok', pg_description: '', pg_salt: 'abc' };
    const sig = sign('result', m, 'k');
    const got = parseXml(
      `<response><pg_status>ok</pg_status><pg_description/><pg_salt>abc</pg_salt><pg_sig>${sig}</pg_sig></response>`,
    ).message;
    expect(verify('result', got, 'k', sig)).toBe(true);
  });
});
