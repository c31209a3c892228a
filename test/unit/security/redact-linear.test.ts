// The evidence redactor reads every kept exchange whole (replies up to 8 MiB): each of its passes is
// linear in the text. The XML pass looked for a CDATA section's end from every opening tag of a
// sensitive element to the end of the text (2 MB of `<pan><![CDATA[` took 22 s).
import { expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { redactText } from '../../../src/harness/redact.ts';
import { cpuMsSince } from '../../cpu-time.ts';

test.each([
  ['CDATA sections never ended', '<pan><![CDATA['],
  ['CDATA sections ended but no element closed', '<pan><![CDATA[x]]>'],
  ['opening tags never closed', '<pan>x'],
  ['namespaced opening tags with attributes', '<ns:pg_card_cvc a="1">'],
  // the names' words joined by "-" or "." (x-card-cvc), a request echoed URL-encoded, compressed base64
  ['names of words joined by dashes', 'x-card-security-'],
  ['URL-encoded separators before a name', '%26pg_card_cvc%3D'],
  ['gzip streams in base64', `${gzipSync('cvc=737').toString('base64')} `],
  ['XML comments never closed', '<!--'],
  // a value read across fields: XML elements, JSON fields (also in a string), form fields
  ['digits across XML elements', '4</pg_x><pg_y>'],
  ['digits across JSON fields', '4","k":"'],
  ['digits across JSON fields in a string', '4\\",\\"k\\":\\"'],
  ['digits across form fields', '4&k='],
])('%s (about 2 MB): redacted in linear time', (_name, unit) => {
  const text = `${unit.repeat(Math.ceil(2_000_000 / unit.length))}<pan>4111111111111111</pan>`;
  const t = process.cpuUsage();
  const out = redactText(text);
  // not a benchmark: the quadratic pass took 22 s, this one about 0.1 s; a deadline far above that
  // only catches going back to quadratic
  expect(cpuMsSince(t)).toBeLessThan(5000);
  expect(out).not.toContain('4111111111111111');
});
