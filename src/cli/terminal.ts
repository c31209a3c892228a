import { visibleLine } from '../harness/visible.ts';

/** Text that came from a target (a reply's words in a rule's reason, a URL) made safe to print as
 *  one line on a terminal (src/harness/visible.ts): an ESC in a gateway's reply reached the run's
 *  summary as it was, and a line break split one line in two. */
export const terminalText = visibleLine;

/** A warning on stderr, one line, shown as terminalText (it may quote a target's page). */
export function warn(line: string): void {
  console.error(terminalText(line));
}
