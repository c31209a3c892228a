/** A form body the parsers refuse: too many fields, a part too large, malformed multipart. */
export class FormError extends Error {
  override name = 'FormError';
}

/** Upper bounds for one body; the servers also cap the body itself at 1 MiB. */
export const FORM_LIMITS = { fields: 1000, headerBytes: 8 * 1024 };

/** Bytes examined by the multipart parser, for tests that prove it is linear. */
export interface ScanMeter {
  scanned: number;
}

/** Form fields of a body in order, for the content types the APIs accept (urlencoded, multipart).
 *  Throws FormError beyond FORM_LIMITS. */
export function parseFormBody(body: string | Buffer, contentType: string): Array<[string, string]> {
  // media types are case-insensitive (RFC 9110 §8.3.1); a multipart boundary is not, so it is read from
  // the header as sent
  const type = contentType.toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    const out = parseUrlencoded(typeof body === 'string' ? body : body.toString('utf8'), FORM_LIMITS.fields);
    if (out.length > FORM_LIMITS.fields) throw new FormError(`more than ${FORM_LIMITS.fields} form fields`);
    return out;
  }
  if (type.includes('multipart/form-data')) return parseMultipart(body, contentType);
  return [];
}

/** application/x-www-form-urlencoded pairs, exactly as URLSearchParams gives them (a property test
 *  holds the two equal), about twice as fast on the bodies these APIs send: a component without
 *  `%` or `+` is taken as it is, one with them goes through decodeURIComponent. What that refuses (a
 *  `%` without two hex digits, bytes that are not UTF-8) URLSearchParams decodes its own lenient way,
 *  for the whole body; so does a body with unpaired surrogates, which it replaces. */
export function parseUrlencoded(body: string, max = Infinity): Array<[string, string]> {
  if (!(body as unknown as { isWellFormed(): boolean }).isWellFormed()) return lenient(body, max);
  const out: Array<[string, string]> = [];
  try {
    let start = 0;
    // the first '=' at or after `start` (-1: none left), searched again only once passed: searching
    // from each pair scanned the rest of the body for every pair without one (quadratic: 640,000
    // pairs "a&" took 3.6 s)
    let eq = -2;
    // one pair past `max` tells the caller there were too many
    while (start <= body.length && out.length <= max) {
      let end = body.indexOf('&', start);
      if (end < 0) end = body.length;
      if (end > start) {
        if (eq !== -1 && eq < start) eq = body.indexOf('=', start);
        const split = eq >= 0 && eq < end;
        out.push([component(body, start, split ? eq : end), split ? component(body, eq + 1, end) : '']);
      }
      start = end + 1;
    }
  } catch {
    return lenient(body, max);
  }
  return out;
}

function lenient(body: string, max: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const pair of new URLSearchParams(body)) if (out.push(pair) > max) break;
  return out;
}

function component(s: string, from: number, to: number): string {
  const c = s.slice(from, to);
  if (c.indexOf('%') < 0) return c.indexOf('+') < 0 ? c : c.replaceAll('+', ' ');
  return decodeURIComponent(c.indexOf('+') < 0 ? c : c.replaceAll('+', ' '));
}

/** The boundary parameter of a multipart content type, quoted or not. */
export const BOUNDARY = /boundary=(?:"([^"]{1,70})"|([^";,\s]{1,70}))/i;

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/** Text fields of a multipart/form-data body (no files are expected in these APIs). One forward
 *  pass with Buffer.indexOf: every search starts where the previous one ended, so the work is
 *  linear in the body size whatever its content. Parts without a name are skipped. */
export function parseMultipart(body: string | Buffer, contentType: string, meter?: ScanMeter): Array<[string, string]> {
  const boundary = BOUNDARY.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return [];
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const find = (needle: Buffer, from: number): number => {
    const at = buf.indexOf(needle, from);
    if (meter) meter.scanned += (at < 0 ? buf.length : at + needle.length) - from;
    return at;
  };
  const delimiter = Buffer.from(`--${b}`);
  const next = Buffer.from(`\r\n--${b}`);
  const out: Array<[string, string]> = [];
  let pos = find(delimiter, 0);
  if (pos < 0) return out;
  pos += delimiter.length;
  for (;;) {
    if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) break; // closing delimiter
    const lineEnd = find(CRLF, pos); // rest of the delimiter line (transport padding)
    if (lineEnd < 0) break;
    const headersEnd = find(HEADERS_END, lineEnd);
    if (headersEnd < 0) break;
    if (headersEnd - lineEnd > FORM_LIMITS.headerBytes) throw new FormError('multipart part headers too large');
    const end = find(next, headersEnd + 4);
    if (end < 0) break; // unterminated part: not a field
    const name = partName(buf.subarray(lineEnd + 2, headersEnd).toString('utf8'));
    if (name !== undefined) {
      if (out.push([name, buf.subarray(headersEnd + 4, end).toString('utf8')]) > FORM_LIMITS.fields) {
        throw new FormError(`more than ${FORM_LIMITS.fields} form fields`);
      }
    }
    pos = end + next.length;
  }
  return out;
}

/** The name of a part from its Content-Disposition header (headers are short: bounded above): quoted,
 *  or with `unquoted` (multipart-redact.ts, which redacts what a lenient reader may take) also not. */
export function partName(headers: string, { unquoted = false } = {}): string | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    if (!unquoted) return /;\s*name="([^"]*)"/i.exec(line)?.[1];
    const m = /;\s*name=(?:"([^"]*)"|([^";\s]+))/i.exec(line);
    return m?.[1] ?? m?.[2];
  }
  return undefined;
}

/** What encodeURIComponent leaves as it is: a string of these only is its own encoding. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

/** encodeURIComponent, without its native call (and a fresh string) for a component that needs no
 *  escaping: most names and values a request carries. A property test holds the two equal. */
export function encodeComponent(s: string): string {
  return UNRESERVED.test(s) ? s : encodeURIComponent(s);
}

export function encodeForm(pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const [k, v] = pairs[i]!;
    out += `${i > 0 ? '&' : ''}${encodeComponent(k)}=${encodeComponent(v)}`;
  }
  return out;
}

/** encodeForm with each space written '+', as the form encoding has it (WHATWG URLSearchParams, browsers,
 *  PHP's http_build_query): a decoder of %XX only reads it otherwise (GL-MCB-15, GL-SDK-11). encodeForm
 *  writes a space %20 and a '+' %2B, so every '+' here is a space. */
export function encodeFormPlus(pairs: ReadonlyArray<readonly [string, string]>): string {
  return encodeForm(pairs).replaceAll('%20', '+');
}

/** multipart/form-data body for the given fields, as the seed's curl samples send callbacks. */
export function encodeMultipart(pairs: ReadonlyArray<readonly [string, string]>, boundary: string): string {
  return `${pairs.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('')}--${boundary}--\r\n`;
}
