import { REMOVED } from './redact.ts';
import { BOUNDARY, partName } from '../protocols/common/form.ts';

/** A field's value redacted by its name (evidence.ts's shownPair). */
export type ByName = (name: string, value: string) => string;

const HEADER_LINE = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}:/;

/** The boundary of a multipart body: from its content type, else from its first line when the body
 *  starts as one does (`--boundary` and a line end), whatever its content type says. */
function boundaryOf(body: string, contentType: string): string | undefined {
  const m = BOUNDARY.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  if (b) return b;
  if (!body.startsWith('--')) return undefined;
  const end = body.indexOf('\n', 2);
  const line = body.slice(2, end < 0 ? Math.min(body.length, 73) : end).replace(/\r$/, '');
  return /^[^\s"]{1,70}$/.test(line) ? line : undefined;
}

/** Text that is no well-formed part's headers and value (a part without the blank line, a tail cut in
 *  its headers, a body with bare LF line ends): its header-shaped and delimiter lines kept, any other
 *  line removed (it may be a value a lenient reader would take). */
function headersOnly(s: string, delimiter: string): string {
  return s
    .split('\n')
    .map((l) => {
      const t = l.endsWith('\r') ? l.slice(0, -1) : l;
      return t === '' || HEADER_LINE.test(t) || t.startsWith(delimiter) ? l : `${REMOVED}${t === l ? '' : '\r'}`;
    })
    .join('\n');
}

/** A multipart body with each part's value replaced by its redaction by the part's name, boundary and
 *  part headers kept; a body cut short too (a complete part's value redacted, a last part's cut value by
 *  its name when its headers are whole). One forward pass of indexOf searches, each started past the
 *  last found (a search's result is kept while it lies ahead): linear whatever the body holds.
 *  undefined when the body holds no delimiter. */
export function redactMultipart(body: string, contentType: string, byName: ByName): string | undefined {
  const b = boundaryOf(body, contentType);
  if (!b) return undefined;
  const delimiter = `--${b}`;
  const next = `\r\n--${b}`;
  const first = body.indexOf(delimiter);
  if (first < 0) return undefined;
  const cached = (needle: string) => {
    let at = -2;
    return (from: number): number => {
      if (at !== -1 && at < from) at = body.indexOf(needle, from);
      return at;
    };
  };
  const headersEnd = cached('\r\n\r\n');
  const nextDelimiter = cached(next);
  const out: string[] = [body.slice(0, first + delimiter.length)];
  let pos = first + delimiter.length;
  for (;;) {
    if (body.startsWith('--', pos)) {
      out.push(body.slice(pos)); // the closing delimiter and the epilogue
      break;
    }
    const lineEnd = body.indexOf('\r\n', pos); // the rest of the delimiter line
    const h = lineEnd < 0 ? -1 : headersEnd(lineEnd);
    const d = lineEnd < 0 ? -1 : nextDelimiter(lineEnd);
    if (h < 0) {
      // cut in the headers (or no CRLF at all): no value, but what a lenient reader may take for one
      out.push(headersOnly(body.slice(pos), delimiter));
      break;
    }
    if (d >= 0 && d < h + 4) {
      // a part without the blank line before its value (or sharing its line end with the delimiter's)
      out.push(headersOnly(body.slice(pos, d), delimiter), next);
      pos = d + next.length;
      continue;
    }
    const name = partName(body.slice(lineEnd + 2, h), { unquoted: true });
    const start = h + 4;
    const end = nextDelimiter(start);
    const value = body.slice(start, end < 0 ? body.length : end);
    out.push(body.slice(pos, start), name === undefined ? value : byName(name, value));
    if (end < 0) break; // a last part cut in its value: redacted by its name
    out.push(next);
    pos = end + next.length;
  }
  return out.join('');
}

/** A form-urlencoded body with each field whose raw value is encoded (a `%` or `+`: the XML of pg_xml, a
 *  name with blanks) replaced by its decoded value's redaction by name, re-encoded; the other fields as
 *  they are (the text redaction reads them by name as they stand). Linear: one indexOf pass. */
export function redactUrlencoded(body: string, byName: ByName): string {
  const out: string[] = [];
  let start = 0;
  let eq = -2;
  while (start <= body.length) {
    let end = body.indexOf('&', start);
    if (end < 0) end = body.length;
    if (eq !== -1 && eq < start) eq = body.indexOf('=', start);
    const raw = body.slice(start, end);
    if (eq >= 0 && eq < end && /[%+]/.test(raw)) {
      const k = decode(body.slice(start, eq));
      const v = decode(body.slice(eq + 1, end));
      const r = k === undefined || v === undefined ? REMOVED : byName(k, v);
      out.push(r === v ? raw : `${body.slice(start, eq)}=${encode(r)}`);
    } else out.push(raw);
    start = end + 1;
  }
  return out.join('&');
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return undefined; // a cut or broken escape: the value is dropped
  }
}

const encode = (s: string): string =>
  encodeURIComponent(s).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%2A/gi, '*');
