import { XMLParser } from 'fast-xml-parser';
import type { PgMessage, PgValue } from './message.ts';
import { isXmlName, xmlSafeText } from '../common/xml-text.ts';

// Values must stay the exact strings received: no number parsing, no trimming, no entities
// beyond XML's own five (a signature is computed over what was received).
const parser = new XMLParser({
  preserveOrder: true,
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Node = Record<string, unknown>;

export class XmlError extends Error {
  override name = 'XmlError';
}

/** Parse an XML reply into its root name and an ordered message. Whitespace-only text between
 *  child tags is layout, not a value. Repeated tags become arrays. */
export function parseXml(text: string): { root: string; message: PgMessage } {
  let nodes: Node[];
  try {
    nodes = parser.parse(text, true) as Node[];
  } catch (e) {
    throw new XmlError(`not well-formed XML: ${(e as Error).message}`);
  }
  const rootNode = nodes.find((n) => Object.keys(n).some((k) => !k.startsWith('?') && k !== '#text'));
  if (!rootNode) throw new XmlError('no root element');
  const root = Object.keys(rootNode).find((k) => k !== ':@')!;
  const value = convert(rootNode[root] as Node[]);
  return { root, message: typeof value === 'string' ? {} : (value as PgMessage) };
}

function convert(children: Node[]): PgValue {
  const elements = children.filter((c) => !('#text' in c));
  if (elements.length === 0) return children.map((c) => String(c['#text'] ?? '')).join('');
  const out: PgMessage = {};
  for (const el of elements) {
    const name = Object.keys(el).find((k) => k !== ':@')!;
    const v = convert(el[name] as Node[]);
    const prev = out[name];
    if (prev === undefined) out[name] = v;
    else if (Array.isArray(prev))
      prev.push(v); // only repetition makes an array here
    else out[name] = [prev, v];
  }
  return out;
}

/** Text as XML character data: markup escaped, characters XML forbids replaced (U+FFFD). */
function escape(s: string): string {
  return xmlSafeText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function render(name: string, v: PgValue, indent: string): string {
  if (!isXmlName(name)) throw new XmlError(`"${escape(name)}" cannot be an XML element name`);
  if (typeof v === 'string') return `${indent}<${name}>${escape(v)}</${name}>\n`;
  if (Array.isArray(v)) return v.map((x) => render(name, x, indent)).join('');
  return `${indent}<${name}>\n${Object.entries(v)
    .map(([k, x]) => render(k, x, `${indent}    `))
    .join('')}${indent}</${name}>\n`;
}

/** `<?xml …?><response>…</response>` with fields in the given order. */
export function buildXml(message: PgMessage, root = 'response'): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root, message, '')}`;
}
