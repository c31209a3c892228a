import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { validate, describeErrors, schemaId } from '../../../src/spec/ajv.ts';
import { XmlReplyError, buildXml, parseReply, parseXml, type XmlNode } from '../../../src/protocols/jysan/xml.ts';

const STATUS = `<?xml version="1.0" encoding="UTF-8"?>
<result>
  <code>0</code>
  <description>Обработано успешно</description>
  <operation>
    <status>S</status>
    <status_desc>Обработано успешно</status_desc>
    <amount>10.50</amount>
    <currency>KZT</currency>
    <mpi_order>17681082891439730595958563</mpi_order>
    <rrn>000123456789</rrn>
    <card_masked>440043******0015</card_masked>
    <create_date>01.02.2025 10:11:12</create_date>
    <rc>00</rc>
    <refunds>
      <rec><status>R</status><rev_amount>1.00</rev_amount><rev_date>02.02.2025 10:00:00</rev_date></rec>
    </refunds>
  </operation>
</result>`;

test('a status reply keeps values as exact strings and validates', () => {
  const r = parseReply(STATUS);
  expect(r.result.code).toBe('0');
  const op = r.result.operation as XmlNode;
  expect(op.amount).toBe('10.50');
  expect(op.rrn).toBe('000123456789');
  expect(op.rc).toBe('00');
  expect((op.refunds as XmlNode).rec).toHaveLength(1);
  const v = validate(schemaId('jysan', 'status-reply'), r);
  expect(v.ok, describeErrors(v.errors)).toBe(true);
});

test('XML round trip keeps 000123 and 10.50 exactly', () => {
  const doc = {
    result: { code: '0', description: 'ok', operation: { order_id: '000123', amount: '10.50', status: 'S' } },
  };
  const xml = buildXml(doc);
  expect(xml).toContain('<order_id>000123</order_id>');
  expect(xml).toContain('<amount>10.50</amount>');
  expect(parseXml(xml)).toEqual(doc);
});

fcTest.prop([
  fc.dictionary(
    fc.stringMatching(/^[a-z][a-z_]{0,10}$/),
    fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .filter((s) => !/[\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s) && /\S/.test(s)),
    { minKeys: 1, maxKeys: 6 },
  ),
])('any string values survive build + parse unchanged (entities, spaces, leading zeros)', (operation) => {
  const doc = { result: { code: '0', operation } };
  expect(parseXml(buildXml(doc))).toEqual(doc);
});

test('the five entities and character references are decoded, DOCTYPE entities are not expanded', () => {
  const r = parseReply(
    '<!DOCTYPE r [<!ENTITY x "boom">]><result><code>21</code><description>a &amp; b &lt;c&gt; &quot;&apos; &#1054;&#x41; &x;</description></result>',
  );
  expect(r.result.description).toBe('a & b <c> "\' ОA &x;');
});

test('CDATA stays verbatim; whitespace inside values is kept', () => {
  const r = parseReply('<result><code>0</code><description><![CDATA[a &amp; <b>]]></description><x>  1 </x></result>');
  expect(r.result.description).toBe('a &amp; <b>');
  expect(r.result.x).toBe('  1 ');
});

test('a list reply has rec as an array, even with one element, and validates', () => {
  const xml =
    '<result><code>0</code><description>ok</description><operations><rec><order_id>000123</order_id><amount>5</amount></rec></operations></result>';
  const r = parseReply(xml);
  const ops = r.result.operations as { rec: XmlNode[] };
  expect(Array.isArray(ops.rec)).toBe(true);
  expect(ops.rec[0]?.order_id).toBe('000123');
  const v = validate(schemaId('jysan', 'list-reply'), r);
  expect(v.ok, describeErrors(v.errors)).toBe(true);
  expect(validate(schemaId('jysan', 'list-reply'), parseReply('<result><code>0</code><operations/></result>')).ok).toBe(
    true,
  );
});

test('a cancel reply validates; a reply without a numeric code does not', () => {
  const ok = parseReply(
    '<result><code>0</code><description>ok</description><operation><status>R</status><result>9</result><rc>00</rc></operation></result>',
  );
  expect(validate(schemaId('jysan', 'cancel-reply'), ok).ok).toBe(true);
  expect(validate(schemaId('jysan', 'cancel-reply'), { result: { code: 'zero' } }).ok).toBe(false);
});

test('parseReply refuses documents without <result><code>', () => {
  expect(() => parseReply('<html><body>Ошибка</body></html>')).toThrow(XmlReplyError);
  expect(() => parseReply('<result><description>x</description></result>')).toThrow(XmlReplyError);
});

// Element names are data: a hostile or broken reply may hold names of Object.prototype members;
// they are kept as own fields of null-prototype objects and never reach a prototype.
const polluted = () => ({}) as Record<string, unknown>;

test('__proto__ and constructor elements are own fields; nothing reaches Object.prototype', () => {
  const r = parseReply(
    '<result><code>0</code><__proto__><polluted>1</polluted></__proto__><constructor><prototype>x</prototype></constructor></result>',
  );
  const res = r.result;
  expect(Object.keys(res)).toEqual(['code', '__proto__', 'constructor']);
  expect(Object.getPrototypeOf(res)).toBeNull();
  expect(Object.getOwnPropertyDescriptor(res, '__proto__')?.value).toEqual({ polluted: '1' });
  expect(Object.getPrototypeOf(res.__proto__)).toBeNull();
  expect(res.constructor).toEqual({ prototype: 'x' });
  expect(res.code).toBe('0');
  expect(polluted().polluted).toBeUndefined();
  expect(polluted().prototype).toBeUndefined();
});

test('toString, valueOf and hasOwnProperty elements are own fields; absent ones read undefined', () => {
  const r = parseReply(
    '<result><code>0</code><toString>a</toString><operation><hasOwnProperty>1</hasOwnProperty><status>S</status></operation></result>',
  );
  expect(r.result.toString).toBe('a');
  const op = r.result.operation as XmlNode;
  expect(op.hasOwnProperty).toBe('1');
  expect(op.status).toBe('S');
  expect(op.valueOf).toBeUndefined();
  expect(op.constructor).toBeUndefined();
  expect(r.result.description).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(op, 'toString')).toBe(false);
  expect(typeof polluted().toString).toBe('function');
  expect(typeof polluted().hasOwnProperty).toBe('function');
});

test('__proto__ nested at depth and inside <rec> stays an own field at every level', () => {
  const depth = 60;
  const r = parseReply(
    `<result><code>0</code>${'<__proto__>'.repeat(depth)}<polluted>1</polluted>${'</__proto__>'.repeat(depth)}` +
      '<operations><rec><__proto__><polluted>2</polluted></__proto__><order_id>000123</order_id></rec></operations></result>',
  );
  let node = r.result as XmlNode;
  for (let i = 0; i < depth; i++) {
    expect(Object.keys(node)).toContain('__proto__');
    node = node.__proto__ as XmlNode;
    expect(Object.getPrototypeOf(node)).toBeNull();
  }
  expect(node).toEqual({ polluted: '1' });
  const rec = (r.result.operations as { rec: XmlNode[] }).rec;
  expect(rec).toHaveLength(1);
  expect(rec[0]?.__proto__).toEqual({ polluted: '2' });
  expect(rec[0]?.order_id).toBe('000123');
  expect(polluted().polluted).toBeUndefined();
});

test('repeated __proto__, constructor and toString elements become arrays of own values', () => {
  const r = parseReply(
    '<result><code>0</code><__proto__><polluted>1</polluted></__proto__><__proto__>b</__proto__>' +
      '<constructor>c1</constructor><constructor>c2</constructor><toString>a</toString><toString>b</toString><toString>c</toString></result>',
  );
  expect(Object.getOwnPropertyDescriptor(r.result, '__proto__')?.value).toEqual([{ polluted: '1' }, 'b']);
  expect(r.result.constructor).toEqual(['c1', 'c2']);
  expect(r.result.toString).toEqual(['a', 'b', 'c']);
  expect(Array.isArray(r.result.__proto__)).toBe(true);
  expect(polluted().polluted).toBeUndefined();
  // many repetitions: one array, no quadratic work
  const many = parseReply(`<result><code>0</code>${'<__proto__><a>1</a></__proto__>'.repeat(20_000)}</result>`);
  expect(many.result.__proto__).toHaveLength(20_000);
});

test('the nesting limit still refuses a too deep reply, __proto__ names or not', () => {
  expect(() =>
    parseReply(`<result><code>0</code>${'<__proto__>'.repeat(200)}x${'</__proto__>'.repeat(200)}</result>`),
  ).toThrow(XmlReplyError);
  expect(() => parseReply(`<result><code>0</code>${'<a>'.repeat(200)}x${'</a>'.repeat(200)}</result>`)).toThrow(
    XmlReplyError,
  );
});

test('a reply element where text was expected is shown as JSON, not thrown on', async () => {
  const { parseXml, shown } = await import('../../../src/protocols/jysan/xml.ts');
  const doc = parseXml('<result><code>0</code><operation><status><x>S</x></status></operation></result>');
  const op = (doc.result as Record<string, Record<string, unknown>>).operation!;
  expect(() => String(op.status)).toThrow();
  expect(shown(op.status)).toBe('{"x":"S"}');
  expect(shown('S')).toBe('S');
  expect(shown(undefined)).toBe('undefined');
});

test('an empty element written <x/> is read by its name, as <x></x> is (fast-xml-parser prefixed it twice)', () => {
  const r = parseReply(
    '<result><code>0</code><description/><operation><rrn/><ecode></ecode><refunds><rec/></refunds></operation></result>',
  );
  expect(r.result.description).toBe('');
  const op = r.result.operation as XmlNode;
  expect(Object.keys(op)).toEqual(['rrn', 'ecode', 'refunds']);
  expect(op.rrn).toBe('');
  expect((op.refunds as XmlNode).rec).toEqual(['']);
  // an empty code is no code (before: no <code> at all, as the prefixed name was not found)
  expect(() => parseReply('<result><code/></result>')).toThrow(/empty <result><code>/);
});
