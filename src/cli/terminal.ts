/** Text that came from a target (a reply's words in a rule's reason, a URL) made safe to print as
 *  one line on a terminal: C0 and C1 controls, DEL and the bidirectional overrides are shown as
 *  escapes. An ESC in a gateway's reply reached the run's summary as it was: it could clear the
 *  screen, retitle the window or recolour a "failed" as a "passed"; a line break split one line in
 *  two. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
