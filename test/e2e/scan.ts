import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync, inflateSync } from 'node:zlib';
import { FIXTURES } from '../../src/spec/paths.ts';

/** Every text a report directory holds, with the Allure HTML's embedded base64 data decoded. */
export function reportTexts(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p).toString('utf8');
        out.push({ file: p, text });
        for (const m of text.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]+)"\)/g)) {
          out.push({ file: `${p}#${m[1]}`, text: Buffer.from(m[2]!, 'base64').toString('utf8') });
        }
        for (const m of text.matchAll(/data:[a-z/+-]+;base64,([A-Za-z0-9+/=]+)/g)) {
          out.push({ file: `${p}#data-uri`, text: Buffer.from(m[1]!, 'base64').toString('utf8') });
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** One way of reading a report's text. `needlesOnly`: a view whose joins could put two values side by
 *  side that a pattern would read as one (a CVC's key beside the next field's number): only the needles
 *  (exact secrets and card numbers) are looked for in it. */
export interface ScanView {
  how: string;
  text: string;
  needlesOnly?: boolean;
  /** the needle as this view writes it (the view dropped characters a needle may have too) */
  fold?: (needle: string) => string;
}

/** The blanks, dashes, dots and underscores between characters: a value written in groups (`s3cr-3tKe-y`,
 *  `s 3 c r 3 t K e y`) reads as the value in a view without them, the needle without them too. */
const dropBlanks = (t: string): string => t.replace(/[ \t\u00a0._-]+/g, '');

/** The markup between two fields of data (and the line break and indentation after it): an XML
 *  element's tag, also HTML-escaped (or only its "<", as XML text escapes it); a JSON field boundary
 *  (`","key":"`, `"},"o":{"key":"`, `,"key":` after a number, `","` in an array, also pretty-printed or
 *  backslash-escaped); a form's `&key=` (also `&amp;key=`); a line break, also escaped. Bounded
 *  repetitions only (a long run of backslashes or blanks is not read again from each of its characters). */
const FIELD_MARKUP = new RegExp(
  [
    '\\r?\\n|\\\\[nr]|\\r',
    '<\\/?[A-Za-z][^<>]{0,200}>',
    '&(?:amp;)*lt;\\/?[A-Za-z][^<>&]{0,200}(?:&(?:amp;)*gt;|>)',
    '\\\\{0,8}"[\\s}\\]]{0,40},[\\s{[]{0,40}(?:\\\\{0,8}"[^"\\\\\\n]{1,64}\\\\{0,8}"\\s{0,8}:[\\s{[]{0,40}){0,2}(?:\\\\{0,8}")?',
    '[\\s}\\]]{0,40},[\\s{[]{0,40}(?:\\\\{0,8}"[^"\\\\\\n]{1,64}\\\\{0,8}"\\s{0,8}:[\\s{[]{0,40}){1,2}(?:\\\\{0,8}")?',
    '&(?:amp;)*[A-Za-z_][\\w.[\\]-]{0,63}=',
  ]
    .map((x) => `(?:${x})`)
    .join('|') + '[ \\t]{0,40}',
  'g',
);

/** The ways a reader could still read a needle out of a text: the text itself, URL-decoded (twice),
 *  HTML-unescaped, with the separators between digits dropped (a card number in groups), every
 *  base64 token decoded (a data= parameter, a JWS payload; also wrapped over lines), every escape
 *  decoded (numeric HTML entities, \u and \x escapes, quoted-printable, full-width forms) with the
 *  line breaks and tags between characters dropped (a card number or a secret split over lines or
 *  cells), with the markup between fields dropped (a value cut across XML elements, JSON or form
 *  fields: FIELD_MARKUP), and hex decoded. */
export function views(text: string): ScanView[] {
  const out: ScanView[] = [{ how: '', text }];
  const once = decodeSafe(text);
  const urlDecoded = [once, decodeSafe(once)];
  for (const t of urlDecoded) if (t !== text) out.push({ how: '#url-decoded', text: t });
  const html = text
    .replace(/&quot;|&#0*34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;|&#0*160;/g, ' ')
    .replace(/&amp;/g, '&');
  if (html !== text) out.push({ how: '#html-unescaped', text: html });
  // the characters a reader does not see (NULs between the digits of UTF-16 read as UTF-8, zero-width
  // spaces, soft hyphens) dropped
  const stripped = text.replace(UNSEEN, '');
  if (stripped !== text) out.push({ how: '#unseen-dropped', text: stripped });
  const decoded = decodeAll(stripped);
  // line breaks and tags anywhere (a secret split over lines or cells)
  const joined = decoded.replace(/(?:\r?\n|<[^<>]{0,200}>)[ \t]*/g, '');
  if (decoded !== text) out.push({ how: '#decoded', text: decoded });
  if (joined !== decoded) out.push({ how: '#decoded-joined', text: joined });
  // a number in scientific notation as its digits ("4.40564500000615E15": a card number read as a float)
  const sci = text.replace(/(\d)\.(\d{1,18})[eE]\+?(1[2-8])/g, (m, a: string, b: string, e: string) =>
    b.length > Number(e) ? m : a + b.padEnd(Number(e), '0'),
  );
  if (sci !== text) out.push({ how: '#scientific', text: sci });
  // the markup between fields dropped (a value a proxy cut in two: `47160472</pg_x><pg_y>61941981`,
  // `{"a":"47160472","b":"61941981"}`, `a=47160472&b=61941981`), and the blanks, dashes and dots between
  // characters (a secret written with a blank between its characters, or a dash every four): one view
  // for both (each of its own, with the digits joined again, made the scan 60 % slower)
  const fields = dropBlanks(decoded.replace(FIELD_MARKUP, ''));
  if (fields !== decoded) out.push({ how: '#fields-joined', text: fields, needlesOnly: true, fold: dropBlanks });
  for (const t of [text, ...urlDecoded, html, stripped, decoded]) {
    const digits = t.replace(
      /(?<=[0-9])(?:[ \t\u00a0.+\r\n_/\u2010-\u2015\u2212-]|%(?:25)*(?:20|C2%A0|A0)|&nbsp;|&#160;|\\u00a0|\\t|<[^<>]{0,200}>)+(?=[0-9])/gi,
      '',
    );
    if (digits !== t) out.push({ how: '#digits-joined', text: digits });
  }
  decodedTokens(text, '', 3, out);
  return out;
}

/** Whether a reader sees `needle` in the view `v` (as the view writes it: ScanView.fold). */
export function shows(v: ScanView, needle: string): boolean {
  const n = v.fold ? v.fold(needle) : needle;
  return n.length > 0 && v.text.includes(n);
}

/** Base64's characters; with "-" and "_", base64url's too. */
const isB64 = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
const isB64OrUrl = (c: number): boolean => isB64(c) || c === 95 || c === 45;
const isPad = (c: number): boolean => c === 61;
/** Where the run of characters `is` takes, from `i`, ends. Loops, not regular expressions: a greedy
 *  {16,} keeps a backtracking position per character, and a report's multi-megabyte embedded token
 *  overflowed V8's stack ("Maximum call stack size exceeded"). */
function runEnd(text: string, i: number, is: (c: number) => boolean): number {
  while (i < text.length && is(text.charCodeAt(i))) i++;
  return i;
}

/** The runs of base64 or base64url characters of at least `min`, each with the "=" after it. */
function base64Runs(text: string, min: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    const j = runEnd(text, i, isB64OrUrl);
    if (j === i) {
      i++;
      continue;
    }
    const k = runEnd(text, j, isPad);
    if (j - i >= min) out.push(text.slice(i, k));
    i = k;
  }
  return out;
}

/** The length of the line break at `i` (CR LF, LF, or an escaped one in a JSON string), else 0. */
function breakAt(text: string, i: number): number {
  if (text.startsWith('\r\n', i)) return 2;
  if (text[i] === '\n') return 1;
  if (text.startsWith('\\r\\n', i)) return 4;
  return text.startsWith('\\n', i) ? 2 : 0;
}

/** Base64 wrapped over lines (a line break between runs), its lines joined; from a run of 16 or more. */
function wrappedBase64(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let j = runEnd(text, i, isB64);
    if (j === i) {
      i++;
      continue;
    }
    if (j - i < 16) {
      i = j;
      continue;
    }
    let joined = text.slice(i, j);
    let lines = 1;
    for (let nl = breakAt(text, j); nl > 0 && isB64(text.charCodeAt(j + nl)); nl = breakAt(text, j)) {
      const k = runEnd(text, j + nl, isB64);
      joined += text.slice(j + nl, k);
      lines++;
      j = k;
    }
    const k = runEnd(text, j, isPad);
    if (lines > 1) out.push(joined + text.slice(j, k));
    i = k;
  }
  return out;
}

const UNSEEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** Every base64 and hex token of `text` decoded, and the tokens in what they decode to, `depth`
 *  layers down (a card number in base64 of base64 of base64; behind a binary header). */
function decodedTokens(text: string, how: string, depth: number, out: ScanView[]): void {
  if (depth === 0) return;
  const found: ScanView[] = [];
  // URL-escaped base64 characters decoded first, then the runs (base64Runs)
  const unescaped = text
    .replace(/%2[Bb]/g, '+')
    .replace(/%2[Ff]/g, '/')
    .replace(/%3[Dd]/g, '=');
  const tokens = base64Runs(unescaped, 16);
  // base64 wrapped over lines (PEM, MIME), also in a JSON string; tried from a token's start only (from
  // each of its characters, a long token without a line break would be read again and again)
  for (const w of wrappedBase64(text)) tokens.push(w);
  for (const tok of tokens) {
    const raw = tok.replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '=');
    const bytes = Buffer.from(raw, 'base64');
    const d = bytes.toString('latin1');
    found.push({ how: `${how}#base64`, text: d });
    // a zlib or gzip stream (a 3-D Secure PaReq is deflated XML holding the card number)
    const inflated = inflatedText(bytes);
    if (inflated !== undefined) found.push({ how: `${how}#base64#inflated`, text: inflated });
    out.push({ how: `${how}#base64-digits-joined`, text: d.replace(/(?<=[0-9])[ .-](?=[0-9])/g, '') });
  }
  // hex, also a dump of pairs split by a space, a colon or a dash
  for (const m of text.matchAll(
    /(?<![0-9A-Fa-f])(?:(?:[0-9A-Fa-f]{2}){6,}|[0-9A-Fa-f]{2}([ :-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4,})(?![0-9A-Fa-f])/g,
  ))
    found.push({
      how: `${how}#hex`,
      text: Buffer.from(m[1] ? m[0].split(m[1]).join('') : m[0], 'hex').toString('latin1'),
    });
  for (const f of found) {
    out.push(f);
    decodedTokens(f.text, f.how, depth - 1, out);
  }
}

/** What a zlib or gzip stream (by its header) inflates to, as far as it goes (1 MiB at most), else undefined. */
function inflatedText(bytes: Buffer): string | undefined {
  const zlib = bytes[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(bytes[1]!);
  if (!zlib && !(bytes[0] === 0x1f && bytes[1] === 0x8b)) return undefined;
  try {
    const opts = { maxOutputLength: 1 << 20, finishFlush: constants.Z_SYNC_FLUSH };
    return (zlib ? inflateSync(bytes, opts) : gunzipSync(bytes, opts)).toString('latin1');
  } catch {
    return undefined;
  }
}

/** Every escape of a character a reader can undo, undone: numeric HTML entities (also escaped
 *  again), \u and \x escapes, URL escapes, quoted-printable; full-width forms as ASCII (NFKC). */
function decodeAll(text: string): string {
  return text
    .replace(/&(?:amp;)*#(?:x([0-9a-f]{1,6})|([0-9]{1,7}));/gi, (m, h?: string, d?: string) =>
      cp(m, h ? parseInt(h, 16) : Number(d)),
    )
    .replace(/(?<!\\)\\+u([0-9a-f]{4})/gi, (m, h: string) => cp(m, parseInt(h, 16)))
    .replace(/(?<!\\)\\+x([0-9a-f]{2})/gi, (m, h: string) => cp(m, parseInt(h, 16)))
    .replace(/(?<!\\)\\+[nr]/g, '\n')
    .replace(/%(?:25)*([0-9a-f]{2})/gi, (m, h: string) => cp(m, parseInt(h, 16)))
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})(?==[0-9A-F]{2})|(?<==[0-9A-F]{2})=([0-9A-F]{2})/g, (m, a?: string, b?: string) =>
      cp(m, parseInt(a ?? b!, 16)),
    )
    .normalize('NFKC');
}

function cp(m: string, code: number): string {
  return code > 0 && code < 0x110000 && (code >= 32 || code === 10 || code === 13 || code === 9)
    ? String.fromCodePoint(code)
    : m;
}

function decodeSafe(s: string): string {
  // without a '%' decodeURIComponent changes nothing: only the '+' (the same result, ~3 CPU-s less
  // over a full run's reports, whose Allure page is 10 MB)
  if (!s.includes('%')) return s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** Finds what a pattern cannot say well (a linear scan): what it returns is a hit. */
export type Finder = (text: string) => string[];

/** Where any of the needles occurs, as `file: needle`, or a pattern (global) matches, as `file: match`
 *  (in any view of the text, see views; each report is read and viewed once). */
export function findings(dir: string, needles: string[], patterns: Array<RegExp | Finder> = []): string[] {
  return findingsIn(reportTexts(dir), needles, patterns);
}

/** paycert's own test cards: their numbers, CVCs and expiries (MM, YY), from the fixtures the suites pay with. */
export function testCardData(): { pans: string[]; cvcs: string[]; expiries: Array<[string, string]> } {
  const pans = new Set<string>();
  const cvcs = new Set<string>();
  const expiries = new Map<string, [string, string]>();
  for (const f of ['greenleaves', 'jysan']) {
    const text = readFileSync(join(FIXTURES, f, 'test-cards.json'), 'utf8');
    for (const m of text.matchAll(/"(\d{13,19})"/g)) pans.add(m[1]!);
    for (const m of text.matchAll(/"cvc"\s*:\s*"(\d{3,4})"/g)) cvcs.add(m[1]!);
    for (const m of text.matchAll(/"(?:expiry|exp)"\s*:\s*"(\d{2})\/(\d{2})"/g)) expiries.set(m[0], [m[1]!, m[2]!]);
  }
  return { pans: [...pans], cvcs: [...cvcs], expiries: [...expiries.values()] };
}

const CARD_AT = /[0-9]{6}\*{3,9}[0-9]{4}|[0-9]{13,19}/g;
const MASKED = /^[0-9]{6}\*{3,9}[0-9]{4}$/;
/** How many values on either side of a card number a base's card data is looked for (g2g's sorted names
 *  put pg_card_cvc, _month, _name before pg_card_pan, pg_card_year after it). */
const NEAR = 3;
/** Where a value of a base string ends: a line break (also escaped in JSON), a tag, a string's end. */
const STOP = '\n\r<"\\';

/** The separators of a base or a list of values: a g2g or Jysan base's ";", and those an SDK joins its
 *  values with (a probe's Java SDK quoted its base in an exception; a list may use ",", "|" or a tab). */
const SEPARATORS = ';,|\t';

/** Up to NEAR `sep`-separated values on one side (`step` -1 or 1) of the separator at `i`, without the
 *  blanks around them. */
function listed(text: string, i: number, step: number, sep: string): string[] {
  const out: string[] = [];
  while (out.length < NEAR && text[i] === sep) {
    let j = i + step;
    while (j >= 0 && j < text.length && text[j] !== sep && !STOP.includes(text[j]!) && Math.abs(j - i) < 200) j += step;
    out.push((step > 0 ? text.slice(i + 1, j) : text.slice(j + 1, i)).trim());
    i = j;
  }
  return out;
}

/** The separator beside the card number at [at, end) of `text` (a blank after a ',' too), and where it
 *  stands before and after the card (-1: not there). */
function separatorBeside(
  text: string,
  at: number,
  end: number,
): { sep: string; before: number; after: number } | undefined {
  const before = text[at - 1] === ' ' && text[at - 2] === ',' ? at - 2 : at - 1;
  const sep = SEPARATORS.includes(text[before] ?? '\n') ? text[before]! : text[end];
  if (sep === undefined || !SEPARATORS.includes(sep)) return undefined;
  return { sep, before: text[before] === sep ? before : -1, after: text[end] === sep ? end : -1 };
}

/** Card data in a signature base string, paycert's own ("signature base: v1;v2;…") or one a subject
 *  echoes (an SDK's debug header, a reply quoting the base it expected), which carries no field names for
 *  the key patterns to see: beside a card number (masked, or a test card's) in a list separated by ';'
 *  (or ',', '|', a tab: SEPARATORS), one of paycert's own test CVCs, or a test card's expiry month and year
 *  (also as MM/YY or MMYY). */
export function cardDataInBases(card = testCardData()): Finder {
  const pans = new Set(card.pans);
  const cvcs = new Set(card.cvcs);
  const months = new Set(card.expiries.map(([m]) => m));
  const years = new Set(card.expiries.flatMap(([, y]) => [y, `20${y}`]));
  const whole = new Set(card.expiries.flatMap(([m, y]) => [`${m}/${y}`, `${m}${y}`, `${m}/20${y}`]));
  return (text) => {
    const hits: string[] = [];
    if (![...SEPARATORS].some((c) => text.includes(c))) return hits;
    for (const m of text.matchAll(CARD_AT)) {
      const [v, at] = [m[0], m.index];
      if (!pans.has(v) && !MASKED.test(v)) continue;
      const beside = separatorBeside(text, at, at + v.length);
      if (!beside) continue;
      const near = [...listed(text, beside.before, -1, beside.sep), ...listed(text, beside.after, 1, beside.sep)];
      const found = near.filter((x) => cvcs.has(x) || whole.has(x));
      const month = near.find((x) => months.has(x));
      const year = near.find((x) => years.has(x));
      if (month !== undefined && year !== undefined) found.push(`${month}…${year}`);
      if (found.length > 0) hits.push(`card data beside ${v} in a signature base: ${found.join(', ')}`);
    }
    return hits;
  };
}

/** A card number right after which card data is looked for: masked, whole, or in groups of four. */
const CARD_THEN = /(?<![0-9*])(?:[0-9]{6}\*{3,9}[0-9]{4}|[0-9]{13,19}|[0-9]{4}(?: [0-9]{4}){3})(?![0-9])/g;
/** A value after a card number: blanks, "/" (also JSON-escaped), "|", ",", ":" or ";" before it. */
const VALUE_THEN = /(?:[ \t]*(?:\\?\/|[|,:;])[ \t]*|[ \t]{1,4})([0-9]{2,4}(?:[/-][0-9]{2,4})?)(?![0-9A-Za-z])/y;

/** Card data in free text right after a card number (masked, or a test card's, also in groups): one of
 *  paycert's test CVCs or expiries among the three values that follow it, separated by blanks, "/", "|",
 *  ",", ":" or ";" (an SDK's log: "failed for card 4716 0472 6194 1981 / 123", masked to "471604******1981
 *  / 123" by a redactor that knew a CVC by its label only). */
export function cardDataAfterCards(card = testCardData()): Finder {
  const pans = new Set(card.pans);
  const data = new Set([
    ...card.cvcs,
    ...card.expiries.flatMap(([m, y]) => [`${m}/${y}`, `${m}${y}`, `${m}/20${y}`, `${m}-${y}`]),
  ]);
  return (text) => {
    const hits: string[] = [];
    for (const m of text.matchAll(CARD_THEN)) {
      const v = m[0];
      if (!pans.has(v.replace(/ /g, '')) && !MASKED.test(v)) continue;
      VALUE_THEN.lastIndex = m.index + v.length;
      for (let k = 0, x = VALUE_THEN.exec(text); k < 3 && x; k++, x = VALUE_THEN.exec(text))
        if (data.has(x[1]!)) hits.push(`card data right after ${v}: ${x[1]}`);
    }
    return hits;
  };
}

/** findings over texts already read (reportTexts): a test that also reads the texts itself, or looks
 *  for several kinds of needle, reads and views the reports once (a full run's reports: ~4 CPU-s a
 *  pass). */
export function findingsIn(
  texts: Array<{ file: string; text: string }>,
  needles: string[],
  patterns: Array<RegExp | Finder> = [],
): string[] {
  const hits: string[] = [];
  for (const { file, text } of texts)
    for (const v of views(text)) {
      for (const n of needles) if (n && shows(v, n)) hits.push(`${file}${v.how}: ${n}`);
      if (v.needlesOnly) continue;
      for (const re of patterns)
        for (const m of typeof re === 'function' ? re(v.text) : [...v.text.matchAll(re)].map((x) => x[0]))
          hits.push(`${file}${v.how}: ${m}`);
    }
  return [...new Set(hits)];
}

/** The names a card's CVC or expiry goes by in the three APIs' requests (and in SDK inputs). */
const CVC_NAMES = 'pg_card_cvc|card_cvc|crd_cvc|cvc2?|cvv2?';
const EXPIRY_NAMES =
  'pg_card_month|pg_card_year|pg_card_exp|card_month|card_year|card_expdt|crd_exp|exp_month|exp_year|expiry_month|expiry_year';
/** A value after the name `k`: as `k = v`, `k: v`, `"k":"v"`, `k=>v` or URL-encoded `k%3Dv`; as the XML
 *  element `<k>v</k>` (also CDATA); as the part of a multipart body named k (`name="k"`, its headers, a blank
 *  line, v; also JSON-escaped, which a view decodes to line breaks). */
function byName(names: string, value: string): RegExp {
  const k = `(?<![A-Za-z0-9])(?:${names})`;
  return new RegExp(
    [
      `${k}["'\\]]?\\s*(?::|=>|=|%3A|%3D)\\W{0,6}(${value})(?![0-9])`,
      `<${k}(?:\\s[^<>]{0,200})?>\\s*(?:<!\\[CDATA\\[)?(${value})(?![0-9])`,
      `name=\\\\?["']?${k}\\\\?["']?[^\\n]{0,200}\\n(?:[ \\t\\r]*\\n|[A-Za-z-]{1,40}:[^\\n]{0,200}\\n){0,8}[ \\t\\r]*(${value})(?![0-9])`,
    ].join('|'),
    'gi',
  );
}

/** Card data by its field's name in any form a report may show a request in (probe 26: a multipart
 *  request's `pg_card_cvc = 123`, a pg_xml request's `<pg_card_cvc>123</pg_card_cvc>`; a JSON `"cvc":"123"`):
 *  a CVC of 3 or 4 digits whatever it is, an expiry field holding one of paycert's test cards' months,
 *  years or MM/YY. */
export function cardDataByName(card = testCardData()): Finder {
  const expiries = new Set(
    card.expiries.flatMap(([m, y]) => [m, y, `20${y}`, `${m}/${y}`, `${m}${y}`, `${m}/20${y}`, `${y}${m}`]),
  );
  const cvc = byName(CVC_NAMES, '[0-9]{3,4}');
  const expiry = byName(EXPIRY_NAMES, '[0-9]{2,4}(?:/[0-9]{2,4})?');
  return (text) => {
    const hits: string[] = [];
    if (!/cv[cv]|month|year|exp/i.test(text)) return hits;
    for (const m of text.matchAll(cvc)) hits.push(`a CVC by its name: ${m[0].replace(/\s+/g, ' ')}`);
    for (const m of text.matchAll(expiry)) {
      const v = m.slice(1).find((x) => x !== undefined)!;
      if (expiries.has(v)) hits.push(`an expiry by its name: ${m[0].replace(/\s+/g, ' ')}`);
    }
    return hits;
  };
}
