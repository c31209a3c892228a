// Text that goes into a reason: one line, bounded, and its cause kept. A reason names what was sent
// first (a URL with its whole query: a Jysan BACKREF GET runs to 600 characters) and why after it;
// cut at its end, the why was what got lost.
import { redactText } from './redact.ts';

/** s itself, or its start and its end around an ellipsis, max characters in all. */
export function clipMiddle(s: string, max = 160): string {
  if (s.length <= max) return s;
  const tail = Math.floor(max / 4);
  return `${s.slice(0, max - tail - 1)}…${s.slice(-tail)}`;
}

/** Whitespace collapsed; when longer than max, every word over `word` characters (a URL, a
 *  signature) clipped in its middle first, and only then the end cut (marked with an ellipsis). */
export function oneLine(s: string, max = 400, word = 160): string {
  const flat = s.replace(/\s+/g, ' ');
  if (flat.length <= max) return flat;
  const clipped = clipLongWords(flat, word);
  return clipped.length <= max ? clipped : `${clipped.slice(0, max - 1)}…`;
}

/** `s` with every word over `word` characters (a URL, a signature) clipped in its middle (clipMiddle). */
export function clipLongWords(s: string, word = 160): string {
  return s.replace(new RegExp(`\\S{${word + 1},}`, 'g'), (w) => clipMiddle(w, word));
}

/** Wire text quoted in a message, at most `max` characters: redacted before it is cut (a card number
 *  cut in two would no longer be seen as one, and its first twelve digits would stay). Only its start,
 *  with room for any encoding of what the cut crosses, is redacted (a reply may be megabytes). */
export function quote(s: string, max: number): string {
  return notText(s) ?? redactText(s.length > max + 1024 ? s.slice(0, max + 1024) : s).slice(0, max);
}

/** A body that is not text, described rather than pasted as mojibake (probe 20: gzip sent without
 *  Content-Encoding): gzip by its magic bytes 1f 8b as any charset reads them (U+FFFD for UTF-8), or
 *  one of 64 characters or more whose first 512 are 5% or more control characters (not tab, CR, LF).
 *  Else undefined. */
export function notText(s: string): string | undefined {
  const size = `${s.length} characters as read`;
  if (s[0] === '\u001f' && ['\ufffd', '\u008b', '\u2039'].includes(s[1] ?? ''))
    return `a gzip body (it starts with gzip's magic bytes 1f 8b; no Content-Encoding named it), ${size}`;
  const head = s.slice(0, 512);
  const controls = head.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g)?.length ?? 0;
  return head.length >= 64 && controls > 0 && controls * 20 >= head.length
    ? `a body that is not text (${controls} of its first ${head.length} characters are control characters), ${size}`
    : undefined;
}

/** Wire text for a message, redacted before it is clipped in its middle (see quote). */
export const quoteMiddle = (s: string, max = 160): string => clipMiddle(redactText(s), max);

/** A URL for a message: redacted, then clipped in its middle. */
export const shownUrl = (url: string): string => quoteMiddle(url);
