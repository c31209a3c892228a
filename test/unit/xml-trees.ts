import { fc } from '@fast-check/vitest';

/** Awkward XML elements for properties comparing two parsers: an element named by `name` holding
 *  `text`, more such elements and `odd` pieces (comments, CDATA, stray or unclosed tags). */
export function xmlElements(
  name: fc.Arbitrary<string>,
  text: fc.Arbitrary<string>,
  odd: fc.Arbitrary<string>,
): fc.Arbitrary<string> {
  return fc.letrec<{ node: string; content: string }>((tie) => ({
    node: fc.tuple(name, tie('content')).map(([n, c]) => `<${n}>${c}</${n}>`),
    content: fc.oneof(
      { depthSize: 'small' },
      text,
      fc
        .array(fc.oneof({ weight: 6, arbitrary: fc.tuple(text, tie('node')).map(([t, n]) => t + n) }, odd), {
          maxLength: 5,
        })
        .map((parts) => parts.join('')),
    ),
  })).node;
}

/** Documents of such elements: a `prolog`, up to three root elements each after some `text`, and a
 *  tail of `text` (well-formed or not: the properties compare what two parsers make of either). */
export function xmlDocuments(
  prolog: fc.Arbitrary<string>,
  name: fc.Arbitrary<string>,
  text: fc.Arbitrary<string>,
  odd: fc.Arbitrary<string>,
): fc.Arbitrary<string> {
  const node = xmlElements(name, text, odd);
  return fc
    .tuple(prolog, fc.array(fc.tuple(text, node), { maxLength: 3 }), text)
    .map(([d, roots, tail]) => d + roots.map(([t, n]) => t + n).join('') + tail);
}
