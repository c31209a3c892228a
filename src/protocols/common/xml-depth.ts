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

/** `parser.parse(text, true)` of a document that must be well-formed XML, the depth bounded first.
 *  `fail` makes the reader's own error: `limit` when the document goes past what paycert reads
 *  (it may be well-formed), else the validator's reason it is not well-formed XML. */
export function parseWellFormed(
  parser: XMLParser,
  text: string,
  fail: (reason: string, limit: boolean) => Error,
): unknown {
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
