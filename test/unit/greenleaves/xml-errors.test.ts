// What a reply that is no XML is said to be: the parser's reason with its place, an empty body as
// empty (it was "Start tag expected.:1:undefined"), text before the XML declaration as such (a blank
// line after a PHP file's closing ?> is invisible in a quoted body).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseXml, XmlError } from '../../../src/protocols/greenleaves/xml.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { cpuMsSince } from '../../cpu-time.ts';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const reason = (text: string) => {
  try {
    parseXml(text);
  } catch (e) {
    expect(e).toBeInstanceOf(XmlError);
    return (e as Error).message;
  }
  throw new Error('parsed');
};

test.each([
  ['', 'not well-formed XML: the body is empty'],
  [' \r\n', 'not well-formed XML: the body is blank'],
  [
    '\n<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status></response>',
    'not well-formed XML: XML declaration allowed only at the start of the document (line 2, column 6)',
  ],
  ['OK', "not well-formed XML: char 'O' is not expected (line 1, column 1)"],
])('%j is refused as %j', (text, want) => {
  expect(reason(text)).toBe(want);
});

test('a reason without a place is left as it is', () => {
  expect(reason('<response><pg_status>ok</pg_status>')).toMatch(/^not well-formed XML: .*[^:]$/);
  expect(reason('<response><pg_status>ok</pg_status>')).not.toMatch(/undefined/);
});

// XML 1.0 forbids U+0000, the C0 controls but tab, LF and CR, U+FFFE, U+FFFF and lone surrogates, raw
// or by reference (§2.2 Char, WFC: Legal Character); libxml2, expat and PHP's SimpleXML refuse such a
// document. fast-xml-parser's validator took them: a merchant answering `<response>\0\0<pg_status>ok…`
// passed GL-MCB-01 (hostile-input probe).
test.each([
  [
    '<response>\0\0<pg_status>ok</pg_status></response>',
    'not well-formed XML: U+0000 is not a character XML allows (line 1, column 11)',
  ],
  [
    '<?xml version="1.0"?>\n<response>\n<pg_status>ok\u0007</pg_status></response>',
    'not well-formed XML: U+0007 is not a character XML allows (line 3, column 14)',
  ],
  [
    '<response><pg_status>\uFFFE</pg_status></response>',
    'not well-formed XML: U+FFFE is not a character XML allows (line 1, column 22)',
  ],
  [
    '<response><pg_status>\uD800</pg_status></response>',
    'not well-formed XML: U+D800 is not a character XML allows (line 1, column 22)',
  ],
  [
    '<response><pg_status>ok&#0;</pg_status></response>',
    'not well-formed XML: &#0; refers to U+0000, which XML does not allow (line 1, column 24)',
  ],
  [
    '<response><pg_status>ok&#x1b;</pg_status></response>',
    'not well-formed XML: &#x1b; refers to U+001B, which XML does not allow (line 1, column 24)',
  ],
  [
    '<response><pg_status>ok&#x110000;</pg_status></response>',
    'not well-formed XML: &#x110000; refers to no character, which XML does not allow (line 1, column 24)',
  ],
])('a character XML forbids: %j is refused as %j', (text, want) => {
  expect(reason(text)).toBe(want);
});

test('the characters XML allows are read: tab, LF, U+FFFD, a surrogate pair, references to them and to CR', () => {
  const text = '<response><a>\t\n\uFFFD\uD83D\uDE00</a><b>&#9;&#xD;&#x1F600;&#65533;</b></response>';
  expect(parseXml(text).message).toEqual({ a: '\t\n\uFFFD\uD83D\uDE00', b: '\t\r\uD83D\uDE00\uFFFD' });
});

test.each([
  ['NULs', (n: number) => `<response>${'a'.repeat(n)}\0</response>`],
  ['references without their ";"', (n: number) => `<response>${'&#1'.repeat(n)}</response>`],
  ['one long reference', (n: number) => `<response>&#${'1'.repeat(n)};</response>`],
  ['lines before the character', (n: number) => `<response>${'\n'.repeat(n)}&#0;</response>`],
])('%s (about 3 MB): refused or read in well under a second of CPU', (_name, make) => {
  const text = make(1 << 20);
  const start = process.cpuUsage();
  try {
    parseXml(text);
  } catch {
    // refused: what is measured is the time it took
  }
  expect(cpuMsSince(start)).toBeLessThan(1_000);
});

describe('a merchant answering with NULs inside its XML', () => {
  let h: SandboxHandle;
  let proxy: { url: string; close: () => void };
  beforeAll(async () => {
    h = await startReference('greenleaves', 'merchant');
    proxy = await replyRewritingProxy(new URL(h.url).origin, (body) => body.replace('<response>', '<response>\0\0'));
  });
  afterAll(async () => {
    proxy?.close();
    await h?.close();
  });

  test('fails GL-MCB-01 as not well-formed XML (it passed "answered 200 with the signed XML")', async () => {
    const via = (url: string) => `${proxy.url}${new URL(url).pathname}`;
    const subject = { ...subjectOf(h, 'merchant'), baseUrl: via(h.url), checkUrl: via(h.checkUrl!) };
    const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.result-ok'], subject);
    const r = results[0]!;
    expect(r.ruleOutcomes['GL-MCB-01'], shown).toBe('failed');
    expect(r.failures.find((f) => f.rule === 'GL-MCB-01')!.message, shown).toMatch(
      /not well-formed XML: U\+0000 is not a character XML allows/,
    );
    for (const rule of ['GL-MCB-02', 'GL-MCB-11', 'GL-MCB-14', 'GL-MCB-15'])
      expect(r.ruleOutcomes[rule], `${rule} ${shown}`).not.toBe('passed');
  });
});
