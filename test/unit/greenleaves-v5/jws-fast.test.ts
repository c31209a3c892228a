import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { b64urlDecodeStrict } from '../../../src/protocols/greenleaves-v5/b64.ts';
import {
  signDetached,
  signDetachedJose,
  signDetachedWith,
  verifiesWithJose,
  verifySignature,
  decodeProtectedHeader,
  type HmacAlg,
} from '../../../src/protocols/greenleaves-v5/jws.ts';

// The sign/verify hot path uses node's HMAC; jose stays the reference. Both must agree on every input.
const ALGS: HmacAlg[] = ['HS256', 'HS384', 'HS512'];
const header = fc.record({
  uri: fc.string(),
  auth_id: fc.string(),
  method: fc.constantFrom('POST', 'GET'),
  params: fc.string(),
  alg: fc.constantFrom(...ALGS),
});
const body = fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 300 }));
const key = fc.oneof(fc.string({ minLength: 1, unit: 'binary' }), fc.uint8Array({ minLength: 1, maxLength: 80 }));

describe('v5 JWS: node HMAC and jose agree', () => {
  test('signing gives the same token', async () => {
    await fc.assert(
      fc.asyncProperty(header, body, key, async (h, b, k) => {
        expect(await signDetachedWith(b, h, k)).toBe(await signDetachedJose(b, h, k));
      }),
      { numRuns: 300 },
    );
  });

  test('signing with a g2g header (its documented serialisation, no parse round trip) gives the same token', async () => {
    // lone surrogates too: a string body or key signs as its UTF-8 bytes either way
    const odd = fc.string({ unit: fc.constantFrom('a', '\ud800', '\udc00', 'Ж', '😀'), minLength: 1 });
    await fc.assert(
      fc.asyncProperty(header, fc.oneof(body, odd), fc.oneof(key, odd), async (h, b, k) => {
        expect(await signDetached(b, h, k)).toBe(await signDetachedJose(b, h, k));
      }),
      { numRuns: 300 },
    );
  });

  test('verification agrees on genuine and tampered tokens', async () => {
    await fc.assert(
      fc.asyncProperty(header, body, key, fc.nat(), async (h, b, k, flip) => {
        const token = await signDetachedWith(b, h, k);
        const sig = token.slice(token.lastIndexOf('.') + 1);
        const i = flip % sig.length;
        const tampered = `${token.slice(0, token.lastIndexOf('.') + 1)}${sig.slice(0, i)}${sig[i] === 'A' ? 'B' : 'A'}${sig.slice(i + 1)}`;
        for (const t of [token, tampered]) {
          const fast = (await verifySignature(t, b, k, ALGS)).ok;
          // a non-canonical signature segment (a changed last character can keep the same bytes)
          // is malformed for paycert by design; jose decodes it leniently
          const canonical = b64urlDecodeStrict(t.slice(t.lastIndexOf('.') + 1)) !== undefined;
          expect(fast).toBe(canonical && (await verifiesWithJose(t, b, k, ALGS)));
        }
        expect((await verifySignature(token, b, k, ALGS)).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('v5 JWS: decoded protected headers are cached by segment', () => {
  // any JSON object, nested values and a "__proto__" key included
  const anyHeader = fc.oneof(
    header,
    fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  );
  const tokenOf = (h: unknown) => `${Buffer.from(JSON.stringify(h)).toString('base64url')}..c2ln`;

  test('a second decode of the same segment gives what the first gave, as its own copy', () => {
    fc.assert(
      fc.property(anyHeader, (h) => {
        const token = tokenOf(h);
        const first = decodeProtectedHeader(token);
        if (!first.ok) throw new Error(first.reason);
        const expected = JSON.parse(JSON.stringify(h)) as Record<string, unknown>;
        expect(first.header).toEqual(expected);
        first.header.alg = 'none';
        first.header.extra = 1;
        const second = decodeProtectedHeader(token);
        if (!second.ok) throw new Error(second.reason);
        expect(second.header).toEqual(expected);
        expect(second.headerText).toBe(first.headerText);
        expect(Object.getPrototypeOf(second.header)).toBe(Object.prototype);
      }),
      { numRuns: 300 },
    );
  });

  test('a segment that is not canonical base64url is refused even when the same bytes were cached', () => {
    const token = tokenOf({ uri: '/v5/payments', auth_id: 'a', method: 'POST', params: '', alg: 'HS256' });
    expect(decodeProtectedHeader(token).ok).toBe(true);
    const h = token.slice(0, token.indexOf('.'));
    for (const odd of [`${h}=`, `${h} `, `=${h}`])
      expect(decodeProtectedHeader(`${odd}..c2ln`), odd).toMatchObject({ ok: false, code: 'malformed' });
    expect(decodeProtectedHeader(`${h}..c2ln=`)).toMatchObject({ ok: false, code: 'malformed' });
  });
});
