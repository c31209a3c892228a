/** Encoders for the tests' single-byte Cyrillic replies (Node has decoders only), written out
 *  from the code tables rather than derived from the decoder under test. ASCII passes through. */
export function cp1251(s: string): Buffer {
  return Buffer.from(
    [...s].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      if (c === 0x401) return 0xa8; // Ё
      if (c === 0x451) return 0xb8; // ё
      throw new Error(`no windows-1251 byte for ${ch}`);
    }),
  );
}

// KOI8-R 0xC0..0xFF in order: юабцдефгхийклмнопярстужвьызшэщчъ, then the same in upper case
const KOI8_LOWER = 'юабцдефгхийклмнопярстужвьызшэщчъ';
const KOI8 = KOI8_LOWER + KOI8_LOWER.toUpperCase();

export function koi8r(s: string): Buffer {
  return Buffer.from(
    [...s].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (ch === 'ё') return 0xa3;
      if (ch === 'Ё') return 0xb3;
      const i = KOI8.indexOf(ch);
      if (i < 0) throw new Error(`no KOI8-R byte for ${ch}`);
      return 0xc0 + i;
    }),
  );
}
