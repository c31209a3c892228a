import { XMLParser, type X2jOptions } from '../common/fxp.ts';
import { setField, type PgMessage, type PgValue } from './message.ts';
import { decodeXmlReferences, isXmlName, xmlSafeText } from '../common/xml-text.ts';
import { fromForm } from './form.ts';
import { notXmlChars, parseWellFormed } from '../common/xml-depth.ts';

// Values must stay the exact strings received: no number parsing, no trimming, no entities
// beyond XML's own (the five named ones and character references, decoded here in one pass;
// DOCTYPE entities are never expanded). CDATA is kept apart so that it is not decoded.
export const G2G_XML_OPTIONS: X2jOptions = {
  preserveOrder: true,
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: true,
  processEntities: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  // every element name is prefixed with a character no XML name holds, so that fast-xml-parser
  // neither refuses (__proto__, constructor, prototype) nor renames (toString → __toString) any
  // name; convert() takes the prefix off and sets each field as an own property
  transformTagName: (name: string) => TAG + name,
};
const parser = new XMLParser(G2G_XML_OPTIONS);
const TAG = '\uE000';
/** The element name of a parser key: fast-xml-parser (5.12) calls transformTagName twice on a
 *  self-closing tag (<pg_auth_code/>, as Java's Transformer and .NET write an empty element), so
 *  such a key carries the prefix twice. No XML name starts with U+E000, so both are ours. */
const untag = (key: string): string => key.slice(key.startsWith(TAG + TAG) ? 2 * TAG.length : TAG.length);

type Node = Record<string, unknown>;

export class XmlError extends Error {
  override name = 'XmlError';
  /** `limit`: the document may well be well-formed, but it goes past what paycert reads (MAX_XML_DEPTH) */
  constructor(
    message: string,
    readonly limit = false,
  ) {
    super(message);
  }
}

/** Parse an XML reply into its root name and an ordered message. Whitespace-only text between
 *  child tags is layout, not a value. Repeated tags become arrays. */
export function parseXml(text: string): { root: string; message: PgMessage } {
  return parsePlain(text) ?? parseXmlGeneral(text);
}

/** parseXml by fast-xml-parser alone, for any document (tests compare the plain path with it). */
export function parseXmlGeneral(text: string): { root: string; message: PgMessage } {
  const nodes = parseWellFormed(parser, text, (reason, limit) => new XmlError(reason, limit)) as Node[];
  const rootNode = nodes.find((n) => Object.keys(n).some((k) => !k.startsWith('?') && k !== '#text' && k !== '#cdata'));
  if (!rootNode) throw new XmlError('no root element');
  const key = Object.keys(rootNode).find((k) => k.startsWith(TAG))!;
  const value = convert(rootNode[key] as Node[]);
  return { root: untag(key), message: typeof value === 'string' ? {} : (value as PgMessage) };
}

const DECLARATION = /^<\?xml[ \w="'.-]*\?>/;
const PLAIN_NAME = /^[A-Za-z_][\w.-]*$/;
const ENTITY = /&(amp|lt|gt|quot|apos);/g;
const CHARS: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const MAX_PLAIN_DEPTH = 32;
const SPACE = /^[ \t\n]*$/;

interface Open {
  name: string;
  text: string;
  children: PgMessage | undefined;
}

/** The documents replies are made of (what buildXml writes): an optional declaration, elements
 *  without attributes, text with only the five named entities, no \r, '>' or markup of other
 *  kinds, shallow, no element named like an Object.prototype member (fast-xml-parser renames
 *  those). Parsed in one forward pass, giving what the general path gives; anything else is
 *  undefined, and the general path (fast-xml-parser) decides, errors included. */
function parsePlain(text: string): { root: string; message: PgMessage } | undefined {
  // a character XML forbids: the general path refuses the document
  if (text.includes('\r') || notXmlChars(text) !== undefined) return undefined;
  let pos = 0;
  if (text.startsWith('<?')) {
    const d = DECLARATION.exec(text);
    if (!d) return undefined;
    pos = d[0].length;
  }
  let lt = text.indexOf('<', pos);
  if (lt < 0 || !SPACE.test(text.slice(pos, lt))) return undefined;
  const stack: Open[] = [];
  for (;;) {
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) return undefined;
    if (text.charCodeAt(lt + 1) === 47 /* / */) {
      const top = stack.pop();
      if (!top || text.slice(lt + 2, gt) !== top.name) return undefined;
      const value: PgValue = top.children ?? top.text;
      const parent = stack[stack.length - 1];
      if (!parent) {
        if (!SPACE.test(text.slice(gt + 1))) return undefined;
        return { root: top.name, message: typeof value === 'string' ? {} : value };
      }
      const out = parent.children!;
      const prev = out[top.name];
      if (prev === undefined) out[top.name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[top.name] = [prev, value];
    } else {
      const name = text.slice(lt + 1, gt);
      if (!PLAIN_NAME.test(name) || name in Object.prototype || name === 'prototype' || stack.length >= MAX_PLAIN_DEPTH)
        return undefined;
      const parent = stack[stack.length - 1];
      if (parent) parent.children ??= {};
      stack.push({ name, text: '', children: undefined });
    }
    pos = gt + 1;
    lt = text.indexOf('<', pos);
    if (lt < 0) return undefined;
    if (lt > pos) {
      const t = text.slice(pos, lt);
      if (t.includes('>')) return undefined;
      const top = stack[stack.length - 1]!;
      if (!t.includes('&')) top.text += t;
      else {
        const decoded = t.replace(ENTITY, (_, e: string) => CHARS[e]!);
        if (t.replace(ENTITY, '').includes('&')) return undefined;
        top.text += decoded;
      }
    }
  }
}

const isText = (c: Node) => '#text' in c || '#cdata' in c;
const textOf = (c: Node): string =>
  '#cdata' in c
    ? (c['#cdata'] as Node[]).map((t) => String(t['#text'] ?? '')).join('')
    : decodeXmlReferences(String(c['#text'] ?? ''));

function convert(children: Node[]): PgValue {
  const elements = children.filter((c) => !isText(c));
  if (elements.length === 0) return children.map(textOf).join('');
  const out: PgMessage = {};
  for (const el of elements) {
    const key = Object.keys(el).find((k) => k.startsWith(TAG))!;
    const name = untag(key);
    const v = convert(el[key] as Node[]);
    const prev = Object.hasOwn(out, name) ? out[name] : undefined;
    if (prev === undefined) setField(out, name, v);
    else if (Array.isArray(prev))
      prev.push(v); // only repetition makes an array here
    else setField(out, name, [prev, v]);
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

/** A request or callback as form pairs (query, urlencoded or multipart) read as a pg_ message: the
 *  XML document of its pg_xml field when it has one (GL-TX-05), its fields otherwise (bracket
 *  notation). Throws XmlError for a pg_xml that is not XML. */
export function fromPairs(pairs: ReadonlyArray<readonly [string, string]>): PgMessage {
  const xml = pairs.find(([k]) => k === 'pg_xml');
  return xml ? parseXml(xml[1]).message : fromForm(pairs);
}
