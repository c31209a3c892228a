import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charString, emailAddress, httpsUrl } from '../../../src/spec/strings.ts';
import { ajv } from '../../../src/spec/ajv.ts';

describe('charString', () => {
  it('draws only its characters, within its bounds (2 × min + 10 at most, as fast-check sizes strings)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 40 }), (min, extra) => {
        const arb = charString(['a', 'b', 'Ж'], min, min + extra);
        for (const s of fc.sample(arb, { numRuns: 30, seed: min * 100 + extra })) {
          expect(s.length).toBeGreaterThanOrEqual(min);
          expect(s.length).toBeLessThanOrEqual(Math.min(min + extra, 2 * min + 10));
          expect(/^[abЖ]*$/.test(s)).toBe(true);
        }
      }),
    );
  });

  it('is deterministic for a seed and a path', () => {
    const arb = charString(['0', '1', '2', '3'], 1, 30);
    expect(fc.sample(arb, { numRuns: 20, seed: 5 })).toEqual(fc.sample(arb, { numRuns: 20, seed: 5 }));
  });

  it('shrinks to the shortest failing string of the first characters', () => {
    const out = fc.check(
      fc.property(charString(['x', 'y', 'z'], 2, 30), (s) => s.length < 6 || !s.includes('z')),
      { seed: 3, numRuns: 500 },
    );
    expect(out.failed).toBe(true);
    const [s] = out.counterexample!;
    expect(s).toHaveLength(6);
    expect(s.replace(/x/g, '')).toBe('z');
  });

  it('accepts without context exactly the strings it could generate', () => {
    const arb = charString(['a', 'b'], 1, 3);
    expect(arb.canShrinkWithoutContext('ab')).toBe(true);
    expect(arb.canShrinkWithoutContext('')).toBe(false);
    expect(arb.canShrinkWithoutContext('abab')).toBe(false);
    expect(arb.canShrinkWithoutContext('ac')).toBe(false);
  });
});

describe('emailAddress and httpsUrl', () => {
  const email = ajv().compile({ type: 'string', format: 'email' });
  const uri = ajv().compile({ type: 'string', format: 'uri', pattern: '^https://[!-~]+$' });
  it('are valid e-mail addresses and https URLs, in the charsets the schemas allow', () => {
    for (const e of fc.sample(emailAddress, { numRuns: 2000, seed: 1 })) {
      expect(email(e), e).toBe(true);
      expect(e).toMatch(/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/);
    }
    for (const u of fc.sample(httpsUrl, { numRuns: 2000, seed: 1 })) {
      expect(uri(u), u).toBe(true);
      expect(u).not.toMatch(/[()'!*]/);
    }
  });
});
