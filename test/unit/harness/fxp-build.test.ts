// src/protocols/common/fxp.ts loads fast-xml-parser's CommonJS build (one file) instead of its ES
// modules (~40 files): both builds must give the same results, values, prototypes and errors alike,
// with paycert's options, on generated documents that include the awkward ones (entities, DOCTYPE,
// CDATA, comments, attributes, reserved names, self-closing and unbalanced tags, nesting past the
// parser's bound). A package update that made them differ fails here.
import { expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import * as esm from 'fast-xml-parser';
import { XMLBuilder, XMLParser } from '../../../src/protocols/common/fxp.ts';
import { G2G_XML_OPTIONS } from '../../../src/protocols/greenleaves/xml.ts';
import { JYSAN_BUILDER_OPTIONS, JYSAN_XML_OPTIONS } from '../../../src/protocols/jysan/xml.ts';
import { outcome } from '../same-outcome.ts';
import { xmlDocuments } from '../xml-trees.ts';

const name = fc.constantFrom(
  'result',
  'response',
  'pg_sig',
  'a',
  'rec',
  'x.y',
  '_1',
  '__proto__',
  'toString',
  'constructor',
);
const text = fc.constantFrom(
  '',
  ' ',
  '\n  ',
  'x',
  '00',
  '&amp;',
  '&lt;b&gt;',
  '&#65;&#x41F;',
  '&e;',
  '&',
  '>',
  '\r\n',
  'Обработано',
);
const odd = fc.constantFrom(
  '<a/>',
  '<a />',
  '<!-- c -->',
  '<![CDATA[x<y&amp;]]>',
  '<a x="1" y=\'&amp;\'>1</a>',
  '<?pi x?>',
  '</b>',
  '<',
  '<a >1</a>',
  '<a x=1>',
);
const prolog = fc.constantFrom(
  '',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  '<?xml version="1.0" encoding="windows-1251"?>',
  '<!DOCTYPE r [<!ENTITY e "x">]>',
  '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '\ufeff',
);
const doc = xmlDocuments(prolog, name, text, odd);

const OPTIONS = { g2g: G2G_XML_OPTIONS, jysan: JYSAN_XML_OPTIONS };

test('the two builds are different module instances (else this file compares a build with itself)', () => {
  expect(XMLParser).not.toBe(esm.XMLParser);
});

for (const [profile, options] of Object.entries(OPTIONS)) {
  prop.prop([doc, fc.boolean()], { numRuns: 1000 })(
    `${profile}: the CommonJS build parses as the ES build does`,
    (xml, validate) => {
      const a = outcome(() => new XMLParser(options).parse(xml, validate));
      const b = outcome(() => new esm.XMLParser(options).parse(xml, validate));
      expect(a).toStrictEqual(b);
    },
  );

  test(`${profile}: nesting past the parser's bound is refused alike`, () => {
    const deep = `${'<a>'.repeat(150)}x${'</a>'.repeat(150)}`;
    const a = outcome(() => new XMLParser(options).parse(deep, true));
    expect(a).toStrictEqual(outcome(() => new esm.XMLParser(options).parse(deep, true)));
    expect(a).toEqual({ error: 'Error: Maximum nested tags exceeded' });
  });
}

const value: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '000123', 'a & <b>', '"\'', '\u0001', 'Ё'),
  fc.string({ maxLength: 6 }),
);
prop.prop([fc.dictionary(name, fc.oneof(value, fc.dictionary(name, value, { maxKeys: 3 })), { maxKeys: 5 })], {
  numRuns: 500,
})('jysan: the CommonJS build writes XML as the ES build does', (result) => {
  expect(new XMLBuilder(JYSAN_BUILDER_OPTIONS).build({ result })).toBe(
    new esm.XMLBuilder(JYSAN_BUILDER_OPTIONS).build({ result }),
  );
});
