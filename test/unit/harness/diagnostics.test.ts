import { expect, test } from 'vitest';
import { isDiagnostic, phpNoticeIn } from '../../../src/harness/diagnostics.ts';
import { AdapterProcess, AdapterProtocolError, requestLine } from '../../../src/sdk-adapter/protocol.ts';
import { cpuMsSince } from '../../cpu-time.ts';

// as php-cli 8.2 prints them with display_errors on (no php.ini), Xdebug's stack in CLI text mode, an
// uncaught exception, and HotSpot's warnings and unified log
const DIAGNOSTICS = [
  'Deprecated: Creation of dynamic property C::$x is deprecated in /tmp/d.php on line 4',
  'Warning: Undefined array key "k" in /tmp/d.php on line 5',
  'Notice: Only variables should be passed by reference in /app/src/Client.php on line 7',
  'PHP Deprecated:  strlen(): Passing null to parameter #1 ($string) of type string is deprecated in /a.php on line 3',
  'Fatal error: Uncaught Exception: boom in /tmp/x.php:3',
  'Stack trace:',
  '#0 {main}',
  '#1 /app/src/Client.php(42): Sdk\\Client->sign()',
  '  thrown in /tmp/x.php on line 3',
  'Call Stack:',
  '    0.0002     393256   1. {main}() /app/a.php:0',
  'PHP   1. {main}() /app/a.php:0',
  'OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes',
  '[0.021s][warning][cds] Archived non-system classes are disabled',
  '[0.005s][info ][gc] Using G1',
];

// a reply printed with print_r or var_dump, a Python dict, garbage, a bare word: broken adapters, said at once
const NOT_DIAGNOSTICS = [
  'Array',
  '(',
  '    [id] => 1',
  'array(2) {',
  "{'id': 1, 'ok': True}",
  '\u0000\u00ff not json {{{',
  'ok',
  'Warning',
  'Deprecated:no space',
  '[1, 2]',
  '["warning"]',
];

test('the notices an interpreter or a VM prints on stdout are told from lines that are not answers', () => {
  for (const l of DIAGNOSTICS) expect(isDiagnostic(l), l).toBe(true);
  for (const l of NOT_DIAGNOSTICS) expect(isDiagnostic(l), l).toBe(false);
});

test('linear in the line: 4 KiB of what nearly matches is read at once', () => {
  const lines = [
    '#0 ' + 'a'.repeat(4000),
    '[0.1s]'.repeat(680),
    '    1.1 ' + '1 '.repeat(2000),
    'PHP ' + ' '.repeat(4000),
  ];
  const t = process.cpuUsage();
  for (let i = 0; i < 50; i++) for (const l of lines) isDiagnostic(l);
  // a hang guard against backtracking (a quadratic pattern takes seconds here), not a speed limit
  expect(cpuMsSince(t)).toBeLessThan(5_000);
});

const answer = 'process.stdout.write(JSON.stringify({ id, ok: true, output: {} }) + "\\n")';
const adapter = (before: string) =>
  `require("readline").createInterface({ input: process.stdin }).on("line", (l) => { const { id } = JSON.parse(l); process.stdout.write(${JSON.stringify(before)}); ${answer}; });`;

test("an adapter's PHP notices on stdout are its log; its answers are read", async () => {
  const notices =
    '\nDeprecated: Creation of dynamic property C::$x is deprecated in /app/C.php on line 4\n\nWarning: Undefined array key "k" in /app/C.php on line 5\n';
  const a = new AdapterProcess([process.execPath, '-e', adapter(notices)], process.env, 30_000);
  try {
    for (let i = 0; i < 3; i++) expect((await a.request('payment.create', 'http://127.0.0.1:9', {}, {})).ok).toBe(true);
    expect(a.log.filter((l) => l.startsWith('(stdout) Deprecated: '))).toHaveLength(3);
  } finally {
    await a.close();
  }
});

test('a line that is neither an answer nor a notice (print_r of the answer) still breaks the protocol at once', async () => {
  const a = new AdapterProcess([process.execPath, '-e', adapter('Array\n(\n')], process.env, 30_000);
  try {
    const t = performance.now();
    const e = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 20_000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AdapterProtocolError);
    expect((e as Error).message).toBe('not JSON: Array');
    expect(performance.now() - t).toBeLessThan(15_000); // not the request's timeout
  } finally {
    await a.close();
  }
});

test('a byte order mark ahead of the first answer (.NET Console with Encoding.UTF8) is not part of it', async () => {
  const bom = `process.stdout.write("\\ufeff"); ${adapter('')}`;
  const a = new AdapterProcess([process.execPath, '-e', bom], process.env, 30_000);
  try {
    expect((await a.request('payment.create', 'http://127.0.0.1:9', {}, {})).ok).toBe(true);
  } finally {
    await a.close();
  }
});

test('a request holding U+0085, U+2028 or U+2029 is one line for every reader, and the same JSON', () => {
  const req = { id: 1, op: 'payment.create', gateway: 'g', credentials: {}, input: { d: 'a\u2028b\u2029c\u0085d' } };
  const line = requestLine(req);
  expect(line.split(/[\n\r\u0085\u2028\u2029]/)).toHaveLength(1);
  expect(JSON.parse(line)).toEqual(req);
});

test('a pretty-printed answer (JSON_PRETTY_PRINT) is said to be one', async () => {
  const pretty = `require("readline").createInterface({ input: process.stdin }).on("line", (l) => { const { id } = JSON.parse(l); process.stdout.write(JSON.stringify({ id, ok: true, output: {} }, null, 4) + "\\n"); });`;
  const a = new AdapterProcess([process.execPath, '-e', pretty], process.env, 30_000);
  try {
    const e = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      'not JSON: { (an answer is one line of JSON: a pretty-printed one spans several)',
    );
  } finally {
    await a.close();
  }
});

test("a PHP notice ahead of a merchant's answer is named, as a web server's PHP prints it and as text", () => {
  const html =
    '<br />\n<b>Deprecated</b>:  Creation of dynamic property C::$x is deprecated in <b>/var/www/pay/result.php</b> on line <b>3</b><br />\n<?xml version="1.0"?><response/>';
  expect(phpNoticeIn(html)).toBe(
    ' (PHP printed "Deprecated: Creation of dynamic property C::$x is deprecated in /var/www/pay/result.php on line 3" before its answer: display_errors is on there; turn it off on that server, or log the notices instead)',
  );
  const fatal =
    '<br />\n<b>Fatal error</b>:  Uncaught Error: Class &quot;SimpleXMLElement&quot; not found in /var/www/lib.php:124\nStack trace:\n#0 {main}';
  expect(phpNoticeIn(fatal)).toMatch(
    /^ \(PHP printed "Fatal error: Uncaught Error: Class "SimpleXMLElement" not found in \/var\/www\/lib\.php:124" before/,
  );
  expect(phpNoticeIn('\nWarning: Undefined array key "pg_sig" in /app/r.php on line 9\n{"status":"ok"}')).toMatch(
    /^ \(PHP printed "Warning: Undefined array key "pg_sig" in \/app\/r\.php on line 9" before its answer/,
  );
  // not at the start, or no PHP message: ''
  for (const t of [
    '<?xml version="1.0"?><response><pg_description>Warning: low stock</pg_description></response>',
    '<html><body><b>Warning</b>: maintenance</body></html>',
    '{"status":"ok","description":"Notice: thanks"}',
    '',
    undefined,
  ])
    expect(phpNoticeIn(t), String(t)).toBe('');
});

test('a PHP warning printed after the answer (a header() sent too late) is named as such', () => {
  const xml = '<?xml version="1.0" encoding="utf-8"?>\n<response><pg_status>ok</pg_status></response>';
  const late =
    '\n<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by (output started at /var/www/pay/result.php:12) in <b>/var/www/pay/result.php</b> on line <b>14</b><br />\n';
  expect(phpNoticeIn(xml + late)).toMatch(
    /^ \(PHP printed "Warning: Cannot modify header information - headers already sent by \(output started at \/var\/www\/pay\/result\.php:12\) in \/var\/www\/pay\/result\.php on line 14" after its answer: /,
  );
  // a word inside a value is no message of PHP's
  expect(phpNoticeIn('<response><pg_description>see Warning: low stock</pg_description>')).toBe('');
});
