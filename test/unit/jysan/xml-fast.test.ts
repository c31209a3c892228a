// parseXml's plain path (one forward pass over what buildXml writes) gives exactly what the general
// path (fast-xml-parser) gives, values, prototypes and errors alike, on generated documents that
// include the awkward ones (layout, mixed text, entities, repeats, rec, reserved names, markup of
// other kinds, attributes, \r, several roots).
import { expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { buildXml, parseXml, parseXmlGeneral, type XmlNode } from '../../../src/protocols/jysan/xml.ts';
import { outcome, shape } from '../same-outcome.ts';
import { xmlDocuments } from '../xml-trees.ts';

const name = fc.constantFrom('result', 'code', 'a', 'b', 'rec', 'x.y', '_1', '__proto__', 'toString', 'constructor');
const text = fc.constantFrom(
  '',
  ' ',
  '\n  ',
  '\t',
  'x',
  '00',
  '10.50',
  '&amp;',
  '&lt;b&gt;',
  '&#65;&#x41F;',
  '&foo;',
  '&',
  '>',
  '\r\n',
  '\u00a0',
  'Обработано',
);
const odd = fc.constantFrom(
  '<a/>',
  '<!-- c -->',
  '<![CDATA[x<y]]>',
  '<a x="1">1</a>',
  '<?pi x?>',
  '</b>',
  '<',
  '<a >1</a>',
);
const declaration = fc.constantFrom(
  '',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  "<?xml version='1.0'?>",
  '<?xml ?>',
  '\ufeff',
);
const doc = xmlDocuments(declaration, name, text, odd);

prop.prop([doc], { numRuns: 3000 })('the plain path gives what fast-xml-parser gives', (xml) => {
  expect(outcome(() => parseXml(xml))).toStrictEqual(outcome(() => parseXmlGeneral(xml)));
});

const value: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '000123', '10.50', 'a & <b>', '\u0001'),
  fc.string({ maxLength: 6 }),
);
prop.prop([fc.dictionary(name, fc.oneof(value, fc.dictionary(name, value, { maxKeys: 3 })), { maxKeys: 5 })], {
  numRuns: 500,
})('on what buildXml writes too', (result) => {
  const xml = buildXml({ result } as XmlNode);
  expect(outcome(() => parseXml(xml))).toStrictEqual(outcome(() => parseXmlGeneral(xml)));
});

test('a reply as the sandbox writes it takes the plain path', () => {
  const xml = buildXml({ result: { code: '0', description: 'ok', operation: { rec: [{ a: '1' }] } } } as XmlNode);
  expect(xml).toContain('<result><code>0</code>');
  expect(shape(parseXml(xml))).toStrictEqual(shape(parseXmlGeneral(xml)));
});
