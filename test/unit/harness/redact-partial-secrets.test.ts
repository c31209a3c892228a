import { describe, expect, test } from 'vitest';
import { redactText, registerSecret, SECRET } from '../../../src/harness/redact.ts';
import { warmCpuRatio } from '../../cpu-time.ts';

// A probe's Python SDK adapter logged its Jysan SHARED_SECRET to stderr in several forms: "DEBUG2 hex=…
// upper=… urlenc=…%26x prefix16=Zq7sEcReT9xLmP4w". Every whole-secret form was replaced, but the
// 16-character prefix of the 23-character secret reached certificate.json, certificate.html, junit.xml,
// results.ndjson and the Allure results. A run of twelve characters or more of a secret (a prefix, a
// suffix, a middle part) is a part of it, in the forms the whole one is looked for in.
const KEY = 'Zq7sEcReT9xLmP4w2KdA1vB';
registerSecret(KEY);
const hex = (v: string): string => Buffer.from(v).toString('hex');
const b64 = (v: string): string => Buffer.from(v).toString('base64');
const eachChar = (v: string, f: (c: string) => string): string => [...v].map(f).join('');
const reverse = (v: string): string => [...v].reverse().join('');

describe('a part of a secret (a run of twelve of its characters or more) is replaced', () => {
  test("the probe's log line", () => {
    const line =
      `DEBUG2 hex=${hex(KEY)} upper=${KEY.toUpperCase()} urlenc=${encodeURIComponent(`${KEY}&x`)} ` +
      `prefix16=${KEY.slice(0, 16)}`;
    expect(redactText(line)).toBe(`DEBUG2 hex=${SECRET} upper=${SECRET} urlenc=${SECRET}%26x prefix16=${SECRET}`);
  });
  const parts: Array<[string, string]> = [
    ['a prefix of 12', KEY.slice(0, 12)],
    ['a suffix of 12', KEY.slice(-12)],
    ['a middle part of 12', KEY.slice(5, 17)],
    ['a middle part of 20', KEY.slice(2, 22)],
  ];
  test.each(parts)('%s, in the forms the whole secret is looked for in', (_name, part) => {
    for (const text of [
      `k=${part}&x=1`,
      `key ${part.toUpperCase()} end`,
      `key ${part.toLowerCase()}.`,
      `rev=${reverse(part)};`,
      `{"k":"${eachChar(part, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}"}`,
      `q=${eachChar(part, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
      eachChar(part, (c) => `&#${c.charCodeAt(0)};`),
      `data=${b64(`{"debug":"${part}"}`)}`,
      `b=${b64(part)}`,
      `hex=${hex(part)} HEX=${hex(part).toUpperCase()}`,
      `glued${part}glued`,
    ]) {
      const out = redactText(text);
      expect(out.toLowerCase(), text).not.toContain(part.slice(0, 12).toLowerCase());
      expect(out.toLowerCase(), text).not.toContain(reverse(part).slice(0, 12).toLowerCase());
      expect(out.toLowerCase(), text).not.toContain(hex(part.slice(0, 12)));
      expect(out, text).not.toContain(b64(part).slice(0, 16));
      // (in base64 or hex: the text decoded, the part replaced, encoded again)
      expect(out, text).not.toBe(text);
      if (!/^(?:data|b|hex)=/.test(text)) expect(out, text).toContain(SECRET);
    }
  });
  test('the whole run is replaced, not only its first twelve characters', () => {
    expect(redactText(`p=${KEY.slice(0, 16)}, s=${KEY.slice(3)}!`)).toBe(`p=${SECRET}, s=${SECRET}!`);
    expect(redactText(`${KEY}${KEY.slice(0, 14)}`)).toBe(`${SECRET}${SECRET}`);
  });
  test('a run shorter than twelve characters, and other text, stay', () => {
    for (const t of [`p=${KEY.slice(0, 11)} s=${KEY.slice(-11)}`, `${KEY.slice(0, 11)}x${KEY.slice(12, 23)}`])
      expect(redactText(t)).toBe(t);
  });
  // paycert's documented defaults are registered too: their word-like or digit-only runs are ordinary
  // text (a header's name, another merchant, a payment id), not a part of a random key
  test("a run without both letters and digits or both cases (a default's words or digits) stays", () => {
    for (const t of [
      'X-Secret-Key: [removed]',
      'the other-merchant key is refused',
      'pg_payment_id=1234567890123',
      'order 345678901234, amount 90123456789.01',
    ])
      expect(redactText(t)).toBe(t);
    // a part of a default that looks like a key still is one
    expect(redactText('key v5-sandbox-s')).toBe(`key ${SECRET}`);
  });
});

describe('parts of a secret: linear time', () => {
  const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  test.each<[string, (n: number) => string]>([
    ['parts of a secret', (n) => fill(`${KEY.slice(0, 13)} `, n)],
    ['near misses of a part (eleven characters)', (n) => fill(`${KEY.slice(3, 14)}.`, n)],
    ['a secret repeated without a break', (n) => fill(KEY, n)],
    ['near misses in another case', (n) => fill(`${KEY.slice(0, 11).toUpperCase()}x`, n)],
    ['near misses in hex', (n) => fill(`${hex(KEY.slice(0, 11))} `, n)],
  ])('%s (1 MiB)', (_name, make) => {
    // linear is 8, quadratic 64
    expect(warmCpuRatio(redactText, make, 1 << 17)).toBeLessThan(32);
  });
});
