/** Where the charset a reply was decoded with came from. */
export type CharsetSource = 'bom' | 'content-type' | 'xml-declaration' | 'html-meta' | 'default';

export interface DecodedBody {
  text: string;
  /** the encoding used, by its WHATWG name (e.g. 'utf-8', 'windows-1251') */
  charset: string;
  source: CharsetSource;
  /** set when a declared charset could not be used (the body was then read as UTF-8) */
  note?: string;
}

const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

const XML_DECL = /^<\?xml\s[^>]*?encoding\s*=\s*["']\s*([^"'\s]+)\s*["']/;
const META = /<meta\b[^>]*?charset\s*=\s*["']?\s*([^"'\s;>/]+)/i;

/**
 * The text of a reply body, in the charset the reply declares (a gateway or merchant may answer in
 * windows-1251 and say so). Precedence: a byte order mark (the bytes themselves), the Content-Type
 * charset, an XML declaration's encoding (first 200 bytes), an HTML `<meta>` charset (first 1024
 * bytes, not for a JSON or XML media type), else UTF-8. A label this Node cannot decode falls back
 * to UTF-8 with a note.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string | string[]): DecodedBody {
  for (const [mark, charset] of BOMS) {
    if (mark.every((b, i) => bytes[i] === b)) return { text: decode(bytes, charset), charset, source: 'bom' };
  }
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  const declared = fromContentType(type);
  if (declared !== undefined) return withLabel(bytes, declared, 'content-type', false);
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const xml = XML_DECL.exec(head.slice(0, 200))?.[1];
  if (xml !== undefined) return withLabel(bytes, xml, 'xml-declaration', true);
  const media = (type ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/json|xml/.test(media)) {
    const meta = META.exec(head)?.[1];
    if (meta !== undefined) return withLabel(bytes, meta, 'html-meta', true);
  }
  return { text: decode(bytes, 'utf-8'), charset: 'utf-8', source: 'default' };
}

/** The charset parameter of a Content-Type value (quoted or not), if any. */
export function fromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

function withLabel(bytes: Uint8Array, label: string, source: CharsetSource, inBand: boolean): DecodedBody {
  let charset: string;
  try {
    charset = new TextDecoder(label).encoding;
  } catch {
    const note = `the reply declares charset "${label}" (${source}), which paycert cannot decode: read as UTF-8`;
    return { text: decode(bytes, 'utf-8'), charset: 'utf-8', source: 'default', note };
  }
  // a declaration read as ASCII cannot be in UTF-16 (WHATWG: such a <meta> means UTF-8)
  if (inBand && charset.startsWith('utf-16')) charset = 'utf-8';
  return { text: decode(bytes, charset), charset, source };
}

// one decoder per encoding (a decoder without `stream` keeps no state between calls); at most the
// few dozen encodings TextDecoder knows, whatever labels replies declare
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();
function decode(bytes: Uint8Array, charset: string): string {
  let d = decoders.get(charset);
  if (!d) decoders.set(charset, (d = new TextDecoder(charset)));
  return d.decode(bytes);
}

/** A line for the evidence when the reply was not plain UTF-8 (undefined when it was). */
export function charsetNote(d: DecodedBody): string | undefined {
  if (d.note) return d.note;
  if (d.charset === 'utf-8') return undefined;
  return `reply decoded as ${d.charset} (${d.source})`;
}

/**
 * Why a reply's text is not what its bytes said, when some bytes are not valid in the charset the
 * reply declares (a UTF-8 body re-encoded to windows-1251 under "utf-8", by a proxy or the sender's output):
 * undefined when every byte decoded. A reason naming this cause, not only its effects (a signature
 * that does not verify, a message that is not the documented one).
 */
export function undecodable(reply: {
  body: Uint8Array;
  headers: Record<string, string | string[] | undefined>;
}): string | undefined {
  const d = decodeBody(reply.body, reply.headers['content-type']);
  const bad =
    (d.text.match(/\uFFFD/g)?.length ?? 0) -
    (Buffer.from(reply.body).toString('latin1').split('\xef\xbf\xbd').length - 1);
  if (bad <= 0) return undefined;
  const declared = d.source === 'default' ? 'the default, nothing else being declared' : `declared by the ${d.source}`;
  // not "on its way": a gateway's own output layer re-encoding its text (signed as UTF-8, sent as
  // windows-1251) looks the same from outside as a proxy doing it, and a client reads these bytes either way
  return `${bad} byte sequence${bad === 1 ? ' is' : 's are'} not valid ${d.charset} (${declared}): the body was re-encoded after it was written, by its sender's output or by something in front of it`;
}

/** A text as Latin-1 bytes (a Latin-1 string), each character cut to its low byte, as Node's
 *  Buffer.from(s, 'latin1') writes it: "П" (U+041F) is 0x1F. */
export const lowBytes = (s: string): string =>
  s.replace(/[^\x00-\xff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0xff));

let CP1251: Map<string, number> | undefined;
/** A text's Windows-1251 bytes as a Latin-1 string, "?" for a character it lacks (mb_convert_encoding). */
export function cp1251(s: string): string {
  const dec = new TextDecoder('windows-1251');
  CP1251 ??= new Map(Array.from({ length: 128 }, (_, i) => [dec.decode(Uint8Array.of(0x80 + i)), 0x80 + i]));
  return [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : String.fromCharCode(CP1251!.get(c) ?? 0x3f))).join('');
}
