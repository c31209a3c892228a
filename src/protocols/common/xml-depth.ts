import type { XMLParser } from './fxp.ts';

/** fast-xml-parser's own bound on nesting (maxNestedTags, default 100): no reply of the three APIs
 *  nests more than a few levels (a receipt position in a list in a reply). */
export const MAX_XML_DEPTH = 100;
export const XML_TOO_DEEP = `elements nested deeper than ${MAX_XML_DEPTH} levels: more than paycert reads (no reply of the API nests that deep), so it was not read`;

/** Whether elements nest deeper than `max` (one pass; comments, CDATA, processing instructions and
 *  declarations skipped, <x/> not counted). Only for refusing early, before fast-xml-parser's
 *  validator, which walked a 10^6-deep reply to its end (9 s a reply) before its parser refused it
 *  as "not well-formed XML", which it is not: a document it passes is parsed. */
export function deeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 47 /* / */) depth--;
    else if (next === 33 /* ! */) {
      const end = text.startsWith('<!--', i)
        ? text.indexOf('-->', i + 4)
        : text.startsWith('<![CDATA[', i)
          ? text.indexOf(']]>', i + 9)
          : text.indexOf('>', i + 2);
      if (end < 0) return false;
      i = end;
    } else if (next === 63 /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return false;
      i = end;
    } else {
      const end = text.indexOf('>', i + 1);
      if (end < 0) return false;
      if (text.charCodeAt(end - 1) !== 47 /* / */ && ++depth > max) return true;
      i = end;
    }
  }
  return false;
}

/** Characters outside XML 1.0's Char production (§2.2): the C0 controls but tab, LF and CR, U+FFFE,
 *  U+FFFF, and a surrogate that is not half of a pair. */
const NOT_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CHAR_REF = /&#(x[0-9A-Fa-f]+|[0-9]+);/g;

const isChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

const codePoint = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** "line L, column C" of the UTF-16 offset `i` (columns counted in UTF-16 units, from 1). */
function lineColumn(text: string, i: number): string {
  let line = 1;
  for (let n = text.indexOf('\n'); n >= 0 && n < i; n = text.indexOf('\n', n + 1)) line++;
  return `line ${line}, column ${i - text.lastIndexOf('\n', i - 1)}`;
}

/** Why `text` is no XML for the characters it holds, if it is not: one outside XML 1.0's Char
 *  production (§2.2: U+0000, the other C0 controls but tab, LF and CR, U+FFFE, U+FFFF, a lone
 *  surrogate), or a character reference to one (WFC: Legal Character, §4.1). libxml2, expat and
 *  PHP's SimpleXML refuse such a document; fast-xml-parser's validator takes it. Linear. */
export function notXmlChars(text: string): string | undefined {
  const m = NOT_CHAR.exec(text);
  if (m) return `${codePoint(m[0].charCodeAt(0))} is not a character XML allows (${lineColumn(text, m.index)})`;
  if (!text.includes('&#')) return undefined;
  for (const r of text.matchAll(CHAR_REF)) {
    const cp = r[1]![0] === 'x' ? parseInt(r[1]!.slice(1), 16) : parseInt(r[1]!, 10);
    if (!isChar(cp)) {
      const what = cp <= 0x10ffff ? codePoint(cp) : 'no character';
      return `${r[0].length > 24 ? `${r[0].slice(0, 20)}…;` : r[0]} refers to ${what}, which XML does not allow (${lineColumn(text, r.index)})`;
    }
  }
  return undefined;
}

/** `parser.parse(text, true)` of a document that must be well-formed XML, its characters checked
 *  and its depth bounded first. `fail` makes the reader's own error: `limit` when the document goes
 *  past what paycert reads (it may be well-formed), else the reason it is not well-formed XML. */
export function parseWellFormed(
  parser: XMLParser,
  text: string,
  fail: (reason: string, limit: boolean) => Error,
): unknown {
  const chars = notXmlChars(text);
  if (chars !== undefined) throw fail(`not well-formed XML: ${chars}`, false);
  if (deeperThan(text, MAX_XML_DEPTH)) throw fail(XML_TOO_DEEP, true);
  // an empty answer (a handler that returns nothing) is said so, not as "Start tag expected"
  if (text.trim() === '') throw fail(`not well-formed XML: the body is ${text === '' ? 'empty' : 'blank'}`, false);
  try {
    return parser.parse(text, true);
  } catch (e) {
    if ((e as Error).message === 'Maximum nested tags exceeded') throw fail(XML_TOO_DEEP, true);
    throw fail(`not well-formed XML: ${where((e as Error).message)}`, false);
  }
}

/** The validator's "reason.:line:column" as "reason (line L, column C)" (its column may be undefined). */
function where(message: string): string {
  const m = /^(.*?)\.?:(\d+):(\d+|undefined)$/s.exec(message);
  if (!m) return message;
  return `${m[1]} (line ${m[2]}${m[3] === 'undefined' ? '' : `, column ${m[3]}`})`;
}
