import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { findCard, loadCards, type TestCard } from '../../../src/spec/greenleaves-cards.ts';

describe('findCard', () => {
  const flag = fc.option(fc.boolean(), { nil: undefined });
  const want = fc.record(
    { auth: flag, threeDs: flag, clearing: flag, reverse: flag, refund: flag, cardAdd: flag },
    { requiredKeys: [] },
  );
  test('the card the straightforward search of a fresh list finds, as an object of its own', () => {
    fc.assert(
      fc.property(want, (w) => {
        const expected = [...loadCards().values()].find((c) =>
          Object.entries(w).every(([k, v]) => c[k as keyof TestCard] === v),
        );
        const got = findCard(w);
        expect(got).toEqual(expected);
        if (got) {
          got.pan = 'changed by a caller';
          expect(findCard(w)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
  test('the checks find their cards', () => {
    expect(findCard({ auth: true, threeDs: false })?.auth).toBe(true);
    expect(findCard({ auth: true, threeDs: true })?.threeDs).toBe(true);
  });
});
