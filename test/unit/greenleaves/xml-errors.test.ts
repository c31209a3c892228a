// What a reply that is no XML is said to be: the parser's reason with its place, an empty body as
// empty (it was "Start tag expected.:1:undefined"), text before the XML declaration as such (a blank
// line after a PHP file's closing ?> is invisible in a quoted body).
import { expect, test } from 'vitest';
import { parseXml, XmlError } from '../../../src/protocols/greenleaves/xml.ts';

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
