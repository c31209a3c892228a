// The meta-tests skip a defect's exactness run of a check that never read a knob the defect patches
// (test/meta/support.ts touchedBy). That rests on `traced` seeing every read that can tell two
// policies apart: a run that read no patched knob must compute the same thing under the patch.
import { expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { merge, patchedPaths, touches, traced } from '../../../src/reference/policy.ts';

type Tree = { [k: string]: unknown };
const KEYS = ['a', 'b', 'c', 'd'];
const leaf = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.dictionary(fc.constantFrom(...KEYS), fc.oneof({ depthSize: 'small', maxDepth: 3 }, leaf, tie('t')), {
    maxKeys: 4,
  }),
})).t;

/** A run that reads the policy: each step follows a path (a value read picks the next key, as a
 *  branch on a knob does), lists an object's keys, tests a key with `in`, or copies an object. */
type Step = { kind: 'walk' | 'keys' | 'in' | 'spread' | 'json'; path: string[] };
const step = fc.record({
  kind: fc.constantFrom<Step['kind']>('walk', 'keys', 'in', 'spread', 'json'),
  path: fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 }),
});

function run(policy: Tree, steps: Step[]): unknown[] {
  const out: unknown[] = [];
  let shift = 0;
  for (const s of steps) {
    let at: unknown = policy;
    const path = s.path.map((k) => KEYS[(KEYS.indexOf(k) + shift) % KEYS.length]!);
    for (const [i, k] of path.entries()) {
      if (typeof at !== 'object' || at === null || Array.isArray(at)) break;
      const o = at as Tree;
      if (i === path.length - 1 && s.kind === 'in') {
        out.push(k in o);
        break;
      }
      at = o[k];
    }
    if (s.kind === 'keys' && typeof at === 'object' && at !== null) out.push(Object.keys(at));
    else if (s.kind === 'spread' && typeof at === 'object' && at !== null) out.push({ ...at });
    else if (s.kind === 'json') out.push(JSON.stringify(at));
    else out.push(at);
    // the next step depends on what this one read
    if (typeof at === 'number') shift += at;
    if (at === true) shift += 1;
  }
  return out;
}

prop.prop([tree, tree, fc.array(step, { maxLength: 6 })], { numRuns: 2000 })(
  'a run that read no knob of a patch computes the same under the patch',
  (policy, patch, steps) => {
    const reads = new Set<string>();
    const seen = run(
      traced(policy, (p) => reads.add(p)),
      steps,
    );
    // what it read through the trace is what it reads from the policy itself
    expect(seen).toEqual(run(policy, steps));
    if (!touches(reads, patchedPaths(patch))) expect(run(merge(policy, patch), steps)).toEqual(seen);
  },
);

test('the paths read: knobs, objects listed whole, `in` tests; an object passed through is not read', () => {
  const reads = new Set<string>();
  const p = traced({ sig: { verify: true, also: { x: 1 } }, list: [1, 2], codes: new Map([[1, 2]]) }, (r) =>
    reads.add(r),
  );
  expect(p.sig.verify).toBe(true);
  expect(p.list).toEqual([1, 2]);
  expect(p.codes.get(1)).toBe(2); // a Map is a value: its methods work on it
  expect('x' in p.sig.also).toBe(true);
  expect(Object.keys(p.sig.also)).toEqual(['x']);
  expect([...reads]).toEqual(['sig.verify', 'list', 'codes', 'sig.also.x', 'sig.also']);
  expect(() => {
    (p.sig as { verify: boolean }).verify = false;
  }).toThrow(TypeError);
});

test('touches: the knob itself, below an object read whole, a part of a replaced knob; siblings do not', () => {
  const patched = patchedPaths({ sig: { verify: false }, retry: { count: 2, intervalMs: undefined }, extra: {} });
  expect(patched).toEqual(['sig.verify', 'retry.count', 'extra']);
  expect(touches(['sig.verify'], patched)).toBe(true);
  expect(touches(['sig'], patched)).toBe(true);
  expect(touches([''], patched)).toBe(true);
  expect(touches(['retry.count.x'], patched)).toBe(true);
  expect(touches(['sig.verifyAll', 'retry.intervalMs', 'si'], patched)).toBe(false);
});
