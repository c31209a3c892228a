// The fast paths of the greenleaves codecs give exactly what their general paths give, on
// generated inputs that include the awkward ones (brackets, repeats, reserved names, markup).
import { describe, expect } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { buildXml, fromForm, parseXml, parseXmlGeneral } from '../../../src/protocols/greenleaves/index.ts';
import type { PgMessage, PgValue } from '../../../src/protocols/greenleaves/index.ts';
import { FormError } from '../../../src/protocols/common/form.ts';
import { record } from '../../../src/protocols/common/record.ts';
import { xmlSafeText } from '../../../src/protocols/common/xml-text.ts';
import { outcome, shape } from '../same-outcome.ts';

/** fromForm as it was before its flat-name fast path: every name through the bracket regex, every
 *  object copied into a record. */
function fromFormGeneral(pairs: ReadonlyArray<readonly [string, string]>): PgMessage {
  const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
  const root: PgMessage = Object.create(null) as PgMessage;
  for (const [name, value] of pairs) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    const path = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)] : [name];
    const bad = path.find((key) => FORBIDDEN.has(key));
    if (bad !== undefined) throw new FormError(`field name "${name}" uses the reserved segment "${bad}"`);
    let node: PgMessage = root;
    path.forEach((key, i) => {
      if (i === path.length - 1) {
        node[key] = value;
        return;
      }
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (typeof next !== 'object' || next === null || Array.isArray(next))
        node[key] = Object.create(null) as PgMessage;
      node = node[key] as PgMessage;
    });
  }
  const arrays = (v: PgValue): PgValue => {
    if (typeof v === 'string' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    const converted: Array<[string, PgValue]> = keys.map((k) => [k, arrays(v[k]!)]);
    if (keys.length > 0 && keys.every((k, i) => k === String(i))) return converted.map(([, x]) => x);
    return record(converted) as PgMessage;
  };
  return arrays(root) as PgMessage;
}

const segment = fc.constantFrom(
  'a',
  'b',
  '0',
  '1',
  '2',
  '',
  'pg_x',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '[',
  ']',
  'x y',
);
const formName = fc.oneof(
  segment,
  fc.tuple(segment, fc.array(segment, { maxLength: 3 })).map(([h, t]) => `${h}${t.map((s) => `[${s}]`).join('')}`),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: fc.constantFrom('a', '0', '[', ']', '_', ' '), maxLength: 12 }),
);

describe('fromForm: the flat-name fast path', () => {
  prop.prop([fc.array(fc.tuple(formName, fc.string({ maxLength: 4 })), { maxLength: 8 })], { numRuns: 2000 })(
    'equals the general path (bracket, repeated, indexed and reserved names)',
    (pairs) => {
      expect(outcome(() => fromForm(pairs))).toEqual(outcome(() => fromFormGeneral(pairs)));
    },
  );
});

const tag = fc.constantFrom('a', 'b', 'pg_x', 'r', 'toString', '__proto__', 'constructor', 'a:b', 'x-1.2', '1a');
const textPiece = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom(
    '&amp;',
    '&lt;',
    '&gt;',
    '&quot;',
    '&apos;',
    '&amp;lt;',
    '&#38;',
    '&x;',
    '&',
    '>',
    ' ',
    '\n  ',
    '\r\n',
    '\t',
  ),
  fc.constantFrom('<!-- c -->', '<![CDATA[<x>]]>', '<?pi x?>', '<a/>', '<a x="1">', '</a>', '<b >', '<!DOCTYPE r>'),
);
const text = fc.array(textPiece, { maxLength: 3 }).map((p) => p.join(''));
const element: fc.Memo<string> = fc.memo((n) =>
  n <= 1
    ? fc.tuple(tag, text).map(([t, x]) => `<${t}>${x}</${t}>`)
    : fc
        .tuple(tag, text, fc.array(fc.tuple(element(n - 1), text), { maxLength: 4 }))
        .map(([t, x, kids]) => `<${t}>${x}${kids.map(([k, s]) => k + s).join('')}</${t}>`),
);
const document = fc
  .tuple(
    fc.constantFrom('', '<?xml version="1.0" encoding="utf-8"?>\n', '<?xml version="1.0"?>', '<?xml bad?', ' ', 'x'),
    element(4),
    fc.constantFrom('', '\n', ' x', '<a></a>', '<'),
  )
  .map(([a, b, c]) => a + b + c);

describe('parseXml: the plain-document fast path', () => {
  prop.prop([document], { numRuns: 3000 })('equals fast-xml-parser on generated documents', (doc) => {
    expect(outcome(() => parseXml(doc))).toEqual(outcome(() => parseXmlGeneral(doc)));
  });
  prop.prop([fc.dictionary(fc.stringMatching(/^[a-z_]{1,4}$/), fc.string({ maxLength: 12 }), { maxKeys: 6 })])(
    'equals fast-xml-parser on what buildXml writes',
    (m) => {
      const doc = buildXml(m);
      expect(shape(parseXml(doc))).toEqual(shape(parseXmlGeneral(doc)));
    },
  );
});

describe('xmlSafeText: text without a suspect character is returned as is', () => {
  prop.prop([fc.string({ unit: 'binary', maxLength: 12 })], { numRuns: 3000 })('equals the full replacement', (s) => {
    const ILLEGAL =
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    expect(xmlSafeText(s)).toBe(s.replace(ILLEGAL, '\uFFFD'));
  });
});
