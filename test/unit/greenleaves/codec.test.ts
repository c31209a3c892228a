import { describe, expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { buildXml, fromForm, parseXml, toForm, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';

describe('form codec (bracket notation)', () => {
  test('nested receipt positions round-trip in order', () => {
    const m: PgMessage = {
      pg_amount: '600',
      pg_receipt_positions: [
        { count: '2', name: 'Mouse pad' },
        { count: '1', name: 'Cable' },
      ],
    };
    expect(toForm(m)).toEqual([
      ['pg_amount', '600'],
      ['pg_receipt_positions[0][count]', '2'],
      ['pg_receipt_positions[0][name]', 'Mouse pad'],
      ['pg_receipt_positions[1][count]', '1'],
      ['pg_receipt_positions[1][name]', 'Cable'],
    ]);
    expect(fromForm(toForm(m))).toEqual(m);
  });
  prop.prop([fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,6}$/), fc.string({ maxLength: 8 }), { maxKeys: 6 })])(
    'flat messages round-trip',
    (m) => {
      expect(fromForm(toForm(m))).toEqual(m);
    },
  );
});

describe('XML codec', () => {
  test('values stay the exact strings received (leading zeros, trailing zeros, spaces, entities)', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<response>\n  <pg_payment_id>000123</pg_payment_id>\n  <pg_amount>10.50</pg_amount>\n  <pg_description> a &amp; b </pg_description>\n</response>';
    expect(parseXml(xml)).toEqual({
      root: 'response',
      message: { pg_payment_id: '000123', pg_amount: '10.50', pg_description: ' a & b ' },
    });
  });
  test("character references are XML's own and are decoded (PHP's SimpleXML without an encoding writes them); HTML entities are not", () => {
    const xml =
      '<?xml version="1.0"?>\n<response><pg_status>ok</pg_status><pg_description>&#x417;&#x430;&#1082;аз &amp;#38; &nbsp;</pg_description></response>\n';
    expect(parseXml(xml).message).toEqual({ pg_status: 'ok', pg_description: 'Заказ &#38; &nbsp;' });
  });
  test('nested and repeated tags keep document order', () => {
    const { message } = parseXml('<r><a>1</a><z><q>2</q><m>3</m></z><item>x</item><item>y</item></r>');
    expect(message).toEqual({ a: '1', z: { q: '2', m: '3' }, item: ['x', 'y'] });
    expect(Object.keys(message.z as PgMessage)).toEqual(['q', 'm']);
  });
  test('malformed XML is an XmlError, not a crash', () => {
    expect(() => parseXml('<response><a>1</response>')).toThrow(/XML/);
  });
  prop.prop([
    fc.dictionary(
      fc.stringMatching(/^pg_[a-z]{1,6}$/),
      fc.string({ maxLength: 12 }).filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\r]/.test(s)),
      { minKeys: 1, maxKeys: 6 },
    ),
  ])('build then parse gives the same message', (m) => {
    expect(parseXml(buildXml(m)).message).toEqual(m);
  });
});
