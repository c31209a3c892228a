import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { paymentIdFor } from '../../../src/harness/declaration.ts';

/** paymentIdFor through a Hash object, as it was: the ids of earlier runs must not change. */
function straightforward(orderId: string, purpose: string): string {
  const h = createHash('sha256').update(`${orderId}|${purpose}`).digest();
  return String(1_000_000_000 + (h.readUInt32BE(0) % 8_999_999_999));
}

describe('paymentIdFor', () => {
  test('the id the Hash object gives, for any order and purpose (Cyrillic and lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (o, p) => {
        expect(paymentIdFor(o, p)).toBe(straightforward(o, p));
      }),
      { numRuns: 1000 },
    );
  });
  test('a fixed order and purpose keep their id', () => {
    expect(paymentIdFor('A-1', 'gl.merchant.forged forged')).toBe(straightforward('A-1', 'gl.merchant.forged forged'));
    expect(paymentIdFor('A-1', 'x')).toMatch(/^[0-9]{10}$/);
  });
});
