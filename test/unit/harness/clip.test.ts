import { describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { clipMiddle, oneLine, quote, shownUrl } from '../../../src/harness/clip.ts';

// A Jysan BACKREF GET as a reason names it: every field of the order in the query, P_SIGN last
const backref =
  'https://shop.example/payment/jysan/backref?' +
  Array.from({ length: 14 }, (_, i) => `FIELD_${i}=${'x'.repeat(20)}`).join('&') +
  `&P_SIGN=${'ab'.repeat(64)}`;

describe('a reason keeps its cause', () => {
  test('a long word is clipped in its middle, to the length asked, keeping its start and end', () => {
    const c = clipMiddle(backref);
    expect(c).toHaveLength(160);
    expect(c.startsWith('https://shop.example/payment/jysan/backref?FIELD_0=')).toBe(true);
    expect(c.endsWith('ab'.repeat(20))).toBe(true);
    expect(c).toContain('…');
    expect(clipMiddle('short')).toBe('short');
  });
  test('a reason over the limit loses the middle of its URL, not the why at its end', () => {
    const why = "answered HTTP 403 with a Cloudflare page: not the API's reply, not judged";
    const reason = oneLine(`jy.merchant.backref: GET ${backref}\n  ${why}`);
    expect(backref.length).toBeGreaterThan(400);
    expect(reason.length).toBeLessThanOrEqual(400);
    expect(reason.endsWith(why)).toBe(true);
    expect(reason).not.toContain('\n');
  });
  test('text with no long word is cut at the limit, marked', () => {
    const r = oneLine('word '.repeat(200));
    expect(r).toHaveLength(400);
    expect(r.endsWith('…')).toBe(true);
    expect(oneLine('a\n\tb')).toBe('a b');
  });
  test('a URL is redacted before it is clipped: no card number survives in pieces', () => {
    const pan = '4405639704015096';
    const u = `https://shop.example/r?${'A=1&'.repeat(60)}CARD=${pan}`;
    const shown = shownUrl(u);
    expect(shown).not.toContain(pan.slice(-8));
    expect(shown.length).toBeLessThanOrEqual(160);
  });
});

// A reply body that is not text is described in a reason, never pasted (probe 20: every reason of a
// gateway whose edge gzipped its replies without Content-Encoding carried ~300 characters of
// "\u001f�\u0008…" mojibake, and never said it was gzip)
describe('a body that is not text is described, not quoted', () => {
  const xml = '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status></response>';
  test('gzip read as UTF-8: named by its magic bytes, with its size', () => {
    const text = new TextDecoder().decode(gzipSync(Buffer.from(xml.repeat(20))));
    const q = quote(text, 200);
    expect(q).toMatch(
      /^a gzip body \(it starts with gzip's magic bytes 1f 8b; no Content-Encoding named it\), \d+ characters as read$/,
    );
    expect(q).not.toContain('\u001f');
  });
  test('gzip read as windows-1251 or latin1: the same', () => {
    const bytes = gzipSync(Buffer.from(xml));
    expect(quote(new TextDecoder('windows-1251').decode(bytes), 200)).toMatch(/^a gzip body/);
    expect(quote(bytes.toString('latin1'), 200)).toMatch(/^a gzip body/);
  });
  test('other bytes, mostly not printable: a body that is not text', () => {
    const text = new TextDecoder().decode(Uint8Array.from({ length: 600 }, (_, i) => (i * 131 + 7) % 256));
    expect(quote(text, 200)).toMatch(
      /^a body that is not text \(\d+ of its first \d+ characters are control characters\), \d+ characters as read$/,
    );
    const utf16 = new TextDecoder().decode(Buffer.from(xml, 'utf16le'));
    expect(quote(utf16, 200)).toMatch(/^a body that is not text/);
  });
  test('text is quoted as before: XML, HTML, Cyrillic mis-decoded, a few control characters', () => {
    expect(quote(xml, 200)).toBe(xml.slice(0, 200));
    const mojibake = new TextDecoder().decode(
      Buffer.from(`<a>${'\u00cf\u00f0\u00e8\u00e2\u00e5\u00f2 '.repeat(30)}</a>`, 'latin1'),
    );
    expect(quote(mojibake, 200)).toBe(mojibake.slice(0, 200));
    expect(quote('ok\u0000 then text that goes on for a while, as a PHP notice might', 200)).toContain('then text');
    expect(quote('', 200)).toBe('');
  });
});
