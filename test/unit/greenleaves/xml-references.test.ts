import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/protocols/greenleaves/xml.ts';

// A gateway may write any character of a value as a character reference, or a value as CDATA:
// the value (and so the pg_sig over it) is the same.
describe('g2g XML replies: references and CDATA', () => {
  it('decodes decimal and hexadecimal character references', () => {
    const { message } = parseXml('<response><pg_status>&#111;&#x6B;</pg_status><d>&#1055;&#x43E;</d></response>');
    expect(message).toEqual({ pg_status: 'ok', d: 'По' });
  });

  it('decodes each reference once, in one pass', () => {
    const { message } = parseXml('<response><a>&amp;#65;</a><b>&#38;amp;</b><c>&#60;x&gt;</c></response>');
    expect(message).toEqual({ a: '&#65;', b: '&amp;', c: '<x>' });
  });

  it('keeps CDATA verbatim, references inside it included', () => {
    const { message } = parseXml('<response><a><![CDATA[&#65;&amp;<b>]]></a><b>x<![CDATA[&lt;]]>&lt;</b></response>');
    expect(message).toEqual({ a: '&#65;&amp;<b>', b: 'x&lt;<' });
  });

  it('never expands entities a DOCTYPE declares', () => {
    const doc =
      '<?xml version="1.0"?><!DOCTYPE response [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<response><pg_status>ok</pg_status><n>&b;</n></response>';
    expect(parseXml(doc).message).toEqual({ pg_status: 'ok', n: '&b;' });
  });
});

// Element names are data: a reply may hold any XML name, even one that is an Object.prototype
// member; it is kept as written, as an own field, and never touches a prototype.
describe('g2g XML replies: element names like Object.prototype members', () => {
  it('keeps __proto__, constructor, prototype, toString and hasOwnProperty as own fields', () => {
    const { root, message } = parseXml(
      '<response><__proto__><polluted>1</polluted></__proto__><constructor><prototype>x</prototype></constructor>' +
        '<toString>a</toString><toString>b</toString><hasOwnProperty>1</hasOwnProperty><pg_status>ok</pg_status></response>',
    );
    expect(root).toBe('response');
    expect(Object.keys(message)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'pg_status']);
    expect(Object.getOwnPropertyDescriptor(message, '__proto__')?.value).toEqual({ polluted: '1' });
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect(message.toString).toEqual(['a', 'b']);
    expect(message.constructor).toEqual({ prototype: 'x' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
