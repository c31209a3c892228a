import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { b64urlDecodeStrict, decodeUtf8Strict, isCanonicalB64url } from '../../../src/protocols/greenleaves-v5/b64.ts';
import { decodeProtectedHeader } from '../../../src/protocols/greenleaves-v5/jws.ts';

// The strict decoders' fast tests against the straightforward ones: decode and re-encode for
// canonical base64url, the fatal TextDecoder for UTF-8.
const canonical = (s: string) => /^[A-Za-z0-9_-]*$/.test(s) && Buffer.from(s, 'base64url').toString('base64url') === s;
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = (b: Uint8Array) => {
  try {
    return fatal.decode(b);
  } catch {
    return undefined;
  }
};

// segments near canonical: real encodings, with a character changed, padded, cut, or with others
const segment = fc.oneof(
  fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('base64url')),
  fc
    .tuple(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.nat(), fc.constantFrom(...'AbQ_-=+/.é\u0000 '))
    .map(([b, i, c]) => {
      const s = Buffer.from(b).toString('base64url');
      const j = i % s.length;
      return s.slice(0, j) + c + s.slice(j + 1);
    }),
  fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('base64')),
  fc.string({ maxLength: 8, unit: fc.constantFrom(...'AQgw_-9=é') }),
  fc.string({ maxLength: 6, unit: 'binary' }),
);
// bytes near UTF-8: valid text, a BOM, overlongs, surrogates, truncations, random bytes
const bytes = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 10 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
  fc
    .tuple(
      fc.string({ maxLength: 4 }),
      fc.constantFrom(
        [0xef, 0xbb, 0xbf],
        [0xc0, 0xaf],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0xe2, 0x82],
        [0xff],
      ),
    )
    .map(([s, b]) => new Uint8Array([...b, ...Buffer.from(s), ...b])),
  fc.uint8Array({ maxLength: 12 }),
);

describe('v5 strict decoding: the fast tests equal the straightforward ones', () => {
  test('canonical base64url', () => {
    fc.assert(
      fc.property(segment, (s) => {
        expect(isCanonicalB64url(s)).toBe(canonical(s));
        const d = b64urlDecodeStrict(s);
        expect(d === undefined ? undefined : Buffer.from(d).toString('hex')).toBe(
          canonical(s) ? Buffer.from(s, 'base64url').toString('hex') : undefined,
        );
      }),
      { numRuns: 3000 },
    );
  });

  test('strict UTF-8 (a BOM kept)', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        expect(decodeUtf8Strict(b)).toBe(utf8(b));
      }),
      { numRuns: 3000 },
    );
  });

  test('a token splits into three segments exactly as split(".") would', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10, unit: fc.constantFrom('.', 'e', 'y', 'J', '9') }), (t) => {
        const d = decodeProtectedHeader(t);
        const parts = t.split('.');
        if (parts.length !== 3)
          expect(d).toMatchObject({ ok: false, reason: `expected 3 dot-separated segments, got ${parts.length}` });
        else if (d.ok) expect(d.segments).toEqual({ header: parts[0], payload: parts[1], signature: parts[2] });
        else expect(d.reason).not.toMatch(/dot-separated/);
      }),
      { numRuns: 2000 },
    );
  });
});
