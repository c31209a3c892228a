/** Text from a target (a reply's words in a reason, an exchange, an adapter's line) made safe to show
 *  in a report or on a terminal: what would act instead of being read is written as an escape. C0
 *  controls other than TAB, LF and CR (ESC as `\e`: a terminal would clear the screen, retitle the
 *  window or recolour a "failed"), DEL and C1 controls, the bidirectional marks and overrides (a
 *  U+202E turned paycert's own words around in certificate.html and Allure), the line and paragraph
 *  separators, U+FFFE and U+FFFF and lone surrogates (no XML document may hold them: junit.xml was
 *  not well-formed; strict JSON readers refuse a lone surrogate in results.ndjson). */
const ACTIVE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** every character ACTIVE can match (a surrogate only when unpaired): most texts have none */
const SUSPECT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]/;
/** the same on one line: TAB, LF and CR escaped too */
const ACTIVE_LINE = new RegExp(`[\\t\\n\\r]|${ACTIVE.source}`, 'g');
const SUSPECT_LINE = /[\t\n\r]/;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };
const escaped = (c: string): string => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `s` with its active characters written as escapes; line breaks and tabs kept. */
export function visibleText(s: string): string {
  return SUSPECT.test(s) ? s.replace(ACTIVE, escaped) : s;
}

/** `s` as one line with its active characters written as escapes (line breaks and tabs too). */
export function visibleLine(s: string): string {
  return SUSPECT.test(s) || SUSPECT_LINE.test(s) ? s.replace(ACTIVE_LINE, escaped) : s;
}
