import { describe, expect, test } from 'vitest';
import { clipMiddle, oneLine, shownUrl } from '../../../src/harness/clip.ts';

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
