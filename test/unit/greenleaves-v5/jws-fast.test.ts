import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { b64urlDecodeStrict } from '../../../src/protocols/greenleaves-v5/b64.ts';
import {
  signDetached,
  signDetachedJose,
  signDetachedWith,
  verifiesWithJose,
  verifySignature,
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
