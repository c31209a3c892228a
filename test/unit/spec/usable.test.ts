// usable() draws its samples in runs (`path` with `numRuns`): it decides as drawing every one of the
// first `of` samples and counting the hits does, and as the one-sample-a-time loop it replaced.
import { expect } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { usable } from '../../../src/spec/arbitrary.ts';

const oneAtATime = <T>(arb: fc.Arbitrary<T>, hit: (v: T) => boolean, need: number, of: number): boolean => {
  let hits = 0;
  for (let i = 0; i < of && hits + (of - i) >= need; i++) {
    const [v] = fc.sample(arb, { numRuns: 1, seed: 42, path: String(i) });
    if (hit(v as T) && ++hits >= need) return true;
  }
  return false;
};

// generators of several shapes (chain and filter move the random stream differently) and a hit
// predicate of any rate
const arbs: Array<fc.Arbitrary<number>> = [
  fc.integer({ min: 0, max: 99 }),
  fc.record({ a: fc.string(), b: fc.nat(99) }).map((r) => (r.a.length * 7 + r.b) % 100),
  fc.nat(99).chain((n) => fc.integer({ min: n, max: 99 })),
  fc.nat(99).filter((n) => n % 3 !== 0),
];

fcTest.prop([fc.nat(arbs.length - 1), fc.nat(100), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 45 })], {
  numRuns: 300,
})('the same verdict as counting the first `of` samples, and as drawing them one at a time', (a, rate, need, of) => {
  const arb = arbs[a]!;
  const hit = (v: number) => v < rate;
  const all = of === 0 ? [] : fc.sample(arb, { numRuns: of, seed: 42 });
  const counted = all.filter(hit).length >= need;
  expect(usable(arb, hit, need, of)).toBe(counted);
  expect(oneAtATime(arb, hit, need, of)).toBe(counted);
});
