import { XMLBuilder, XMLParser, type X2jOptions, type XmlBuilderOptions } from '../common/fxp.ts';
import { decodeXmlReferences, isXmlName, xmlSafeText } from '../common/xml-text.ts';
import { notXmlChars, parseWellFormed } from '../common/xml-depth.ts';
import { quote } from '../../harness/clip.ts';

/**
 * XML replies of status, list and cancel: <result><code/><description/>…</result>.
 * Values stay exact strings ('000123', '10.50', surrounding spaces); only the five predefined
 * entities and numeric character references are decoded; DOCTYPE entities are never expanded.
 * Element names are data: __proto__, constructor, toString… are kept as written, as own fields of
 * null-prototype objects, so nothing reaches Object.prototype and an absent field reads undefined.
 */

export type XmlValue = string | XmlNode | XmlNode[];
export interface XmlNode {
  [name: string]: XmlValue;
}

export interface JysanResult {
  [name: string]: XmlValue | undefined;
  code: string;
  description?: string;
  operation?: XmlNode;
  /** <operations><rec>…</rec></operations> when the reply is as documented; any shape when it is not */
  operations?: XmlValue;
}

export interface JysanReply {
  result: JysanResult;
}

/** Elements that repeat: always parsed to arrays, even with one child. */
const REPEATED = new Set(['rec']);

export const JYSAN_XML_OPTIONS: X2jOptions = {
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  // every element name is prefixed with a character no XML name holds, so that fast-xml-parser
  // neither refuses (__proto__, constructor, prototype) nor renames (toString → __toString) any
  // name; normalise() takes the prefix off (fast-xml-parser 5 prefixes an empty element <x/> twice)
  transformTagName: (name: string) => TAG + name,
  isArray: (name) => name.startsWith(TAG) && REPEATED.has(untag(name)),
};
const parser = new XMLParser(JYSAN_XML_OPTIONS);
const TAG = '\uE000';
const untag = (name: string): string => name.replace(/^\uE000+/, '');

export const JYSAN_BUILDER_OPTIONS: XmlBuilderOptions = {
  format: false,
  suppressEmptyNode: false,
  processEntities: true,
};
const builder = new XMLBuilder(JYSAN_BUILDER_OPTIONS);

function text(v: unknown): string {
  if (Array.isArray(v)) return v.map(text).join('');
  return typeof v === 'string' ? v : '';
}

function normalise(v: unknown): XmlValue {
  if (typeof v === 'string') return decodeXmlReferences(v);
  if (Array.isArray(v)) return v.map((x) => normalise(x) as XmlNode);
  const node = v as Record<string, unknown>;
  const keys = Object.keys(node);
  // a leaf with CDATA: text parts are entity-decoded, CDATA parts kept verbatim
  if (keys.length > 0 && keys.every((k) => k === '#text' || k === '#cdata')) {
    return decodeXmlReferences(text(node['#text'])) + text(node['#cdata']);
  }
  // no prototype: out.__proto__ = v makes an own field, and toString etc. are only what the reply says
  const out: XmlNode = Object.create(null) as XmlNode;
  for (const k of keys) {
    // whitespace between child elements (trimValues is off)
    if (k === '#text' && /^\s*$/.test(text(node[k]))) continue;
    out[untag(k)] = normalise(node[k]);
  }
  return out;
}

export class XmlReplyError extends Error {
  readonly code = 'JY_XML_REPLY';
}

export function parseXml(xml: string): XmlNode {
  return parsePlain(xml) ?? parseXmlGeneral(xml);
}

/** parseXml by fast-xml-parser alone, for any document (tests compare the plain path with it).
 *  The document must be well-formed: without validation the parser read a reply cut short, a
 *  mismatched end tag, a bare '<' in a value or a PHP notice before the root as a <result>, and
 *  the rules about the reply's form passed on it. Throws XmlReplyError. */
export function parseXmlGeneral(xml: string): XmlNode {
  const parsed = parseWellFormed(
    parser,
    xml,
    (reason, limit) => new XmlReplyError(limit ? `reply has ${reason}` : `reply is ${reason}`),
  );
  return normalise(parsed) as XmlNode;
}

const DECLARATION = /^<\?xml[ \w="'.-]*\?>/;
const PLAIN_NAME = /^[A-Za-z_][\w.-]*$/;
const LAYOUT = /^[ \t\n]*$/;
const REFERENCE = /&(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);/g;
const MAX_PLAIN_DEPTH = 32;

interface Open {
  name: string;
  text: string;
  children: XmlNode | undefined;
}

/** The documents replies are made of (what buildXml writes, indented or not): an optional
 *  declaration, elements without attributes, each holding text (no '>', no markup) or elements
 *  with layout (space, tab, line feed) between them, shallow, no '\r'. Parsed in one forward pass,
 *  giving what the general path gives; anything else is undefined, and the general path
 *  (fast-xml-parser) decides, errors included. */
function parsePlain(xml: string): XmlNode | undefined {
  // a character XML forbids (or a reference to one): the general path refuses the document
  if (xml.includes('\r') || notXmlChars(xml) !== undefined) return undefined;
  let pos = 0;
  if (xml.startsWith('<?')) {
    const d = DECLARATION.exec(xml);
    if (!d) return undefined;
    pos = d[0].length;
  }
  // the document itself is the outermost "element": its children are the root elements
  const stack: Open[] = [{ name: '', text: '', children: undefined }];
  for (;;) {
    const lt = xml.indexOf('<', pos);
    const t = lt < 0 ? xml.slice(pos) : xml.slice(pos, lt);
    if (t !== '') {
      // '>' or an '&' that starts no reference: the general path decides (the validator refuses a bare '&')
      if (t.includes('>') || (t.includes('&') && t.replace(REFERENCE, '').includes('&'))) return undefined;
      stack[stack.length - 1]!.text += t;
    }
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt + 1);
    if (gt < 0) return undefined;
    if (xml.charCodeAt(lt + 1) === 47 /* / */) {
      const top = stack.pop()!;
      if (stack.length === 0 || xml.slice(lt + 2, gt) !== top.name) return undefined;
      let value: XmlValue;
      if (top.children === undefined) value = decodeXmlReferences(top.text);
      else if (LAYOUT.test(top.text)) value = top.children;
      else return undefined; // text beside elements
      const parent = stack[stack.length - 1]!;
      add((parent.children ??= Object.create(null) as XmlNode), top.name, value);
    } else {
      const name = xml.slice(lt + 1, gt);
      if (!PLAIN_NAME.test(name) || stack.length > MAX_PLAIN_DEPTH) return undefined;
      // a second root element: not well-formed, the general path says so
      if (stack.length === 1 && stack[0]!.children !== undefined) return undefined;
      stack.push({ name, text: '', children: undefined });
    }
    pos = gt + 1;
  }
  const doc = stack[0]!;
  if (stack.length !== 1 || doc.children === undefined || !LAYOUT.test(doc.text)) return undefined;
  return doc.children;
}

/** A child's value under its name: repeated names become an array, REPEATED ones always are. */
function add(out: XmlNode, name: string, value: XmlValue): void {
  const prev = out[name];
  if (prev === undefined) out[name] = REPEATED.has(name) ? [value as XmlNode] : value;
  else if (Array.isArray(prev)) prev.push(value as XmlNode);
  else out[name] = [prev as XmlNode, value as XmlNode];
}

/** Parse a status / list / cancel reply; throws XmlReplyError when it is not well-formed XML or holds
 *  no single text <result><code> (replyOf). */
export function parseReply(xml: string): JysanReply {
  return replyOf(parseXml(xml));
}

/** The reply a parsed (well-formed) document is; throws XmlReplyError, saying which, when it has no
 *  <result>, or its <code> is missing, empty, repeated or holds elements: each shows no code. */
export function replyOf(doc: XmlNode): JysanReply {
  const result = doc.result;
  if (!result || typeof result !== 'object' || Array.isArray(result))
    throw new XmlReplyError('reply has no <result><code>');
  const code = result.code;
  if (code === undefined) throw new XmlReplyError('reply has no <code> in <result>');
  if (Array.isArray(code)) throw new XmlReplyError(`reply has a duplicated <code> (${code.length} in <result>)`);
  if (typeof code !== 'string') throw new XmlReplyError("reply's <code> holds elements, not text");
  // an empty <code/> shows neither acceptance nor refusal
  if (code === '') throw new XmlReplyError('reply has an empty <result><code>');
  return { result: result as JysanResult };
}

/** Serialise a reply object; pass strings only so that '000123' and '10.50' go out unchanged.
 *  Characters XML forbids become U+FFFD; a key that is no XML name is refused (XmlReplyError). */
export function buildXml(doc: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(wellFormed(doc)) as string}`;
}

function wellFormed(v: XmlValue): XmlValue {
  if (typeof v === 'string') return xmlSafeText(v);
  if (Array.isArray(v)) return v.map((x) => wellFormed(x) as XmlNode);
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      if (!isXmlName(k)) throw new XmlReplyError(`"${xmlSafeText(k)}" cannot be an XML element name`);
      return [k, wellFormed(x)];
    }),
  );
}

/** A reply value as text for a message or a comparison: an element where text was expected (a
 *  hostile or broken reply) is shown as JSON, never thrown on (its objects have no toString). */
export function shown(v: unknown): string {
  return typeof v === 'object' && v !== null ? quote(JSON.stringify(v), 200) : String(v);
}
