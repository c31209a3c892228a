// Two v5 replies compared leaf by leaf (headers.checks.ts, V5-HDR-06): every leaf's path was built
// as a string as long as the nesting, quadratic in time and memory for a reply nested 25 000 deep
// with as many leaves. Paths are numbers now, spelled out only when reported.
import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { JsonPaths, leaves, listPaths } from '../../../suites/greenleaves-v5/json-paths.ts';
import { cpuMsSince } from '../../cpu-time.ts';

/** leaves() as it was: path strings. */
function oldLeaves(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const todo: Array<[unknown, string]> = [[v, '']];
  while (todo.length > 0) {
    const [x, at] = todo.pop()!;
    if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) todo.push([y, `${at}/${k}`]);
    else out.set(at, JSON.stringify(x));
  }
  return out;
}

const diffOld = (a: unknown, b: unknown) => {
  const x = oldLeaves(a);
  const y = oldLeaves(b);
  return new Set([...x.keys(), ...y.keys()].filter((k) => x.get(k) !== y.get(k)));
};
const diffNew = (a: unknown, b: unknown) => {
  const paths = new JsonPaths();
  const x = leaves(a, paths);
  const y = leaves(b, paths);
  return new Set([...x.keys(), ...y.keys()].filter((k) => x.get(k) !== y.get(k)).map((k) => paths.text(k)));
};

// ordinary replies: keys without '/' (with one, the old strings confused {"a/b":1} with {"a":{"b":1}})
const key = fc.stringMatching(/^[a-z_]{1,6}$/);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

fcTest.prop([json, json])('the same differing paths as the path strings gave', (a, b) => {
  expect(diffNew(a, b)).toEqual(diffOld(a, b));
  expect(diffNew(a, a).size).toBe(0);
});

test('reported paths: spelled as before, at most 10 listed', () => {
  const paths = new JsonPaths();
  const ids = [...leaves({ a: [1, { b: 2 }], c: 'x' }, paths).keys()].map((k) => paths.text(k)).sort();
  expect(ids).toEqual(['/a/0', '/a/1/b', '/c']);
  expect(paths.text(paths.root)).toBe('');
  const many = [
    ...leaves(
      Array.from({ length: 12 }, () => 1),
      paths,
    ).keys(),
  ].reverse(); // leaves() visits the last element first
  expect(listPaths(many.slice(0, 2), paths)).toBe('/0, /1');
  expect(listPaths(many, paths)).toMatch(/^\/0, \/1, .*\/9, … \(12 in all\)$/);
});

test('a reply nested 50 000 deep with 50 000 leaves (about 200 KB): linear', () => {
  const d = 50_000;
  const a = JSON.parse(`${'['.repeat(d)}${'1,'.repeat(d)}1${']'.repeat(d)}`);
  const b = JSON.parse(`${'['.repeat(d)}${'2,'.repeat(d)}2${']'.repeat(d)}`);
  const t = process.cpuUsage();
  const paths = new JsonPaths();
  const x = leaves(a, paths);
  const y = leaves(b, paths);
  const diff = [...x.keys()].filter((k) => x.get(k) !== y.get(k));
  expect(diff.length).toBe(d + 1);
  expect(listPaths(diff, paths).length).toBeLessThan(3000);
  // the path strings took minutes and gigabytes here (100 000 characters per leaf)
  expect(cpuMsSince(t)).toBeLessThan(5000);
});
