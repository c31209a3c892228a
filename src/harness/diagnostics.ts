import { quoteMiddle } from './clip.ts';

// What an interpreter or a virtual machine prints on the adapter's stdout by itself, beside its answers.
// php-cli with no php.ini (the official Docker images) has display_errors on and writes its notices to
// stdout: an SDK written for PHP 7 prints "Deprecated: Creation of dynamic property …" under PHP 8.2,
// and every SDK check was inconclusive ("broke the protocol: not JSON: Deprecated: …"), the SDK never
// judged. HotSpot writes its own warnings and its unified log (-Xlog) to stdout too. Such a line is
// the adapter's log, as its stderr is; any other line that is not an answer still breaks the protocol
// at once (a reply printed with print_r or a Python dict is a broken adapter, said so without a wait).

const PHP_LEVEL =
  '(?:PHP )?(?:Deprecated|Warning|Notice|Strict Standards|Fatal error|Parse error|Catchable fatal error|Recoverable fatal error|User (?:Deprecated|Warning|Notice|Error)|Core (?:Warning|Error)|Compile (?:Warning|Error))';

const DIAGNOSTICS: readonly RegExp[] = [
  // PHP's display_errors text format: "Deprecated: message in /path/file.php on line 12"
  new RegExp(`^${PHP_LEVEL}:\\s`),
  // Xdebug's stack under such a message (CLI text mode) and PHP's own "Stack trace:" lines
  /^(?:PHP )?(?:Call Stack|Stack trace):$/,
  /^\s*\d+\.\d+\s+\d+\s+\d+\. /,
  /^PHP\s+\d+\. /,
  /^(?:PHP )?#\d+ (?:[^\s(]+\(\d+\)|\[internal function\]|\{main\})/,
  /^(?:PHP )?\s+thrown in /,
  // HotSpot: "OpenJDK 64-Bit Server VM warning: …", and the unified log's "[0.012s][warning][cds] …"
  /^(?:OpenJDK|Java HotSpot\(TM\)) (?:64-Bit )?(?:Server|Client) VM warning: /,
  /^(?:\[[^\]\n]{1,40}\])*\[(?:error|warning|info|debug|trace)\s*\]\[[a-z0-9_,]+\s*\] /,
];

/** Whether a stdout line that is not an answer is one an interpreter or a VM printed by itself. */
export function isDiagnostic(line: string): boolean {
  return line.length <= 4096 && DIAGNOSTICS.some((re) => re.test(line));
}

// PHP's message as a web server's PHP prints it (html_errors on: "<br />\n<b>Deprecated</b>:  Creation of
// dynamic property … in <b>/var/www/a.php</b> on line <b>4</b><br />") or as text, at a line's start
const PHP_MESSAGE = new RegExp(
  `(?:^|\\n)[ \\t\\r]*(?:<br\\s*/?>\\s*)?(?:<b>)?(${PHP_LEVEL})(?:</b>)?:[ \\t]+([^\\n]{1,400})`,
);

/** An answer that is not one because PHP printed a notice, warning or error into it (display_errors
 *  on where the calls come): ' (PHP printed "Deprecated: … in /var/www/a.php on line 4" before its
 *  answer: …)' for a reason ("after its answer" for one printed later, a header() that came too late),
 *  or ''. Only for a body that did not parse: the message is quoted as text (tags dropped, &quot; and
 *  &amp; read). */
export function phpNoticeIn(text: string | undefined): string {
  const head = text?.slice(0, 8192) ?? '';
  const m = PHP_MESSAGE.exec(head);
  if (!m) return '';
  const words = m[2]!
    .replace(/<[^<>]{0,40}>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  const where = head.slice(0, m.index).trim() === '' ? 'before' : 'after';
  return ` (PHP printed "${m[1]}: ${quoteMiddle(words, 200)}" ${where} its answer: display_errors is on there; turn it off on that server, or log the notices instead)`;
}
