import { describe, expect, test } from 'vitest';
import { decodeBody, fromContentType, undecodable } from '../../../src/protocols/common/charset.ts';
import { cp1251, koi8r } from './cyrillic.ts';

const RU = 'Неверная подпись запроса, ёЁ';

describe('decodeBody', () => {
  test('Content-Type charset: windows-1251 text comes out as the original Cyrillic', () => {
    const d = decodeBody(cp1251(`<p>${RU}</p>`), 'text/html; charset=windows-1251');
    expect(d).toMatchObject({ text: `<p>${RU}</p>`, charset: 'windows-1251', source: 'content-type' });
    expect(d.note).toBeUndefined();
  });

  test('Content-Type charset is case-insensitive, may be quoted, and aliases resolve (cp1251, KOI8-R)', () => {
    expect(decodeBody(cp1251(RU), 'text/xml; Charset="CP1251"').text).toBe(RU);
    expect(decodeBody(koi8r(RU), 'text/plain;charset=KOI8-R')).toMatchObject({ text: RU, charset: 'koi8-r' });
  });

  test('iso-8859-5 and utf-16le declared in Content-Type', () => {
    const iso = Buffer.from([0xbf, 0xe0, 0xd8]); // "При" in ISO-8859-5
    expect(decodeBody(iso, 'text/plain; charset=iso-8859-5').text).toBe('При');
    expect(decodeBody(Buffer.from(RU, 'utf16le'), 'text/plain; charset=utf-16le').text).toBe(RU);
  });

  test('XML declaration encoding when Content-Type has no charset', () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?><response><d>${RU}</d></response>`;
    expect(decodeBody(cp1251(xml), 'text/xml')).toMatchObject({ text: xml, source: 'xml-declaration' });
    expect(decodeBody(cp1251(xml)).text).toBe(xml);
    const single = `<?xml version='1.0' encoding='windows-1251' standalone='yes'?><r>${RU}</r>`;
    expect(decodeBody(cp1251(single)).text).toBe(single);
  });

  test('HTML meta charset, both forms, when nothing else declares one', () => {
    const a = `<html><head><meta charset="windows-1251"></head><body>${RU}</body></html>`;
    expect(decodeBody(cp1251(a), 'text/html')).toMatchObject({ text: a, source: 'html-meta' });
    const b = `<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1251"></head>${RU}</html>`;
    expect(decodeBody(cp1251(b)).text).toBe(b);
  });

  test('a meta charset past the first 1024 bytes is not read', () => {
    const late = `<html>${' '.repeat(1100)}<meta charset="windows-1251">${RU}</html>`;
    expect(decodeBody(cp1251(late), 'text/html').charset).toBe('utf-8');
  });

  test('no meta sniffing in a JSON reply', () => {
    const json = JSON.stringify({ description: '<meta charset="windows-1251">', m: RU });
    expect(decodeBody(Buffer.from(json), 'application/json')).toMatchObject({ text: json, charset: 'utf-8' });
  });

  test('precedence: Content-Type over the XML declaration over the meta', () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?><r>${RU}</r>`;
    // the header says UTF-8 and the bytes are UTF-8: the in-band declaration is wrong and ignored
    expect(decodeBody(Buffer.from(xml), 'text/xml; charset=utf-8')).toMatchObject({
      text: xml,
      source: 'content-type',
    });
    const both = `<?xml version="1.0" encoding="koi8-r"?><html><meta charset="windows-1251"/>${RU}</html>`;
    expect(decodeBody(koi8r(both))).toMatchObject({ text: both, charset: 'koi8-r', source: 'xml-declaration' });
  });

  test('no declaration at all: UTF-8', () => {
    expect(decodeBody(Buffer.from(RU), undefined)).toMatchObject({ text: RU, charset: 'utf-8', source: 'default' });
    expect(decodeBody(Buffer.alloc(0), 'text/plain')).toMatchObject({ text: '', charset: 'utf-8' });
  });

  test('an unknown label falls back to UTF-8 and says so', () => {
    const d = decodeBody(Buffer.from(RU), 'text/plain; charset=x-no-such-charset');
    expect(d).toMatchObject({ text: RU, charset: 'utf-8', source: 'default' });
    expect(d.note).toMatch(/x-no-such-charset.*UTF-8/);
    expect(decodeBody(Buffer.from(`<?xml version="1.0" encoding="bogus"?><r/>`)).note).toMatch(/bogus/);
  });

  test('a byte order mark decides, over any declaration, and is not part of the text', () => {
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RU)]);
    expect(decodeBody(bom8, 'text/plain; charset=windows-1251')).toMatchObject({ text: RU, source: 'bom' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RU, 'utf16le')]);
    expect(decodeBody(le)).toMatchObject({ text: RU, charset: 'utf-16le' });
    const be = Buffer.from(RU, 'utf16le').swap16();
    expect(decodeBody(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({ text: RU, charset: 'utf-16be' });
  });

  test('an in-band utf-16 label read as ASCII means UTF-8', () => {
    const xml = `<?xml version="1.0" encoding="utf-16"?><r>${RU}</r>`;
    expect(decodeBody(Buffer.from(xml))).toMatchObject({ text: xml, charset: 'utf-8' });
  });

  test('a subarray is decoded from its own offset', () => {
    const whole = Buffer.concat([Buffer.from('xxxx'), cp1251(`<meta charset="windows-1251">${RU}`)]);
    expect(decodeBody(whole.subarray(4)).text).toBe(`<meta charset="windows-1251">${RU}`);
  });

  test('fromContentType', () => {
    expect(fromContentType('text/xml; charset=windows-1251')).toBe('windows-1251');
    expect(fromContentType('text/xml; foo=bar; CHARSET = "utf-8" ')).toBe('utf-8');
    expect(fromContentType('text/xml')).toBeUndefined();
    expect(fromContentType('text/xml; charset=')).toBeUndefined();
    expect(fromContentType(undefined)).toBeUndefined();
  });
});

describe('undecodable: bytes the declared charset cannot read are named as the cause', () => {
  const ru = cp1251('Некор');
  test('a windows-1251 body still declared utf-8', () => {
    const why = undecodable({ body: ru, headers: { 'content-type': 'application/xml; charset=utf-8' } });
    expect(why).toMatch(
      /^5 byte sequences are not valid utf-8 \(declared by the content-type\): the body was re-encoded/,
    );
    // from outside, a gateway's own output re-encoding its text looks the same as a proxy doing it (probe
    // 24): the reason blames neither, as the verdict (GL-TX-02 failed) does not
    expect(why).not.toMatch(/on its way/);
    expect(why).toMatch(/by its sender's output or by something in front of it/);
  });
  test('the same bytes declared windows-1251, a valid UTF-8 body, and a literal U+FFFD are fine', () => {
    expect(undecodable({ body: ru, headers: { 'content-type': 'text/xml; charset=windows-1251' } })).toBeUndefined();
    expect(undecodable({ body: Buffer.from('Некорректная подпись'), headers: {} })).toBeUndefined();
    expect(undecodable({ body: Buffer.from('a\uFFFDb'), headers: {} })).toBeUndefined();
  });
});
