// record(): fields read from the wire in a fast-mode object that inherits nothing. As safe as
// Object.create(null) for hostile names, the same names in the same order, and (the reason it
// exists) not a dictionary-mode object.
import { describe, expect, test } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { NO_MEMBERS, record } from '../../../src/protocols/common/record.ts';

const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupSetter__',
  '0',
  '1',
  '10',
  '01',
  '-1',
  '4294967294',
  '4294967295',
  '',
];

/** What assignments in order give on Object.create(null): the names, their order, their values. */
function assigned(entries: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const o = Object.create(null) as Record<string, string>;
  for (const [k, v] of entries) o[k] = v;
  return Object.entries(o);
}

describe('record', () => {
  test('NO_MEMBERS: frozen, empty, without a prototype', () => {
    expect(Object.isFrozen(NO_MEMBERS)).toBe(true);
    expect(Reflect.ownKeys(NO_MEMBERS)).toEqual([]);
    expect(Object.getPrototypeOf(NO_MEMBERS)).toBeNull();
    expect(() => ((NO_MEMBERS as Record<string, string>).x = 'y')).toThrow(TypeError);
    expect(() => Object.setPrototypeOf(NO_MEMBERS, Object.prototype)).toThrow(TypeError);
  });

  test.each([1, 40])('hostile names are own fields, nothing is inherited, nothing polluted (%i copies)', (copies) => {
    const entries = Array.from({ length: copies }, (_, c) =>
      HOSTILE.map((k, i): [string, string] => [`${k}${c > 0 ? c : ''}`, `v${i}`]),
    ).flat();
    const r = record(entries);
    expect(Object.getPrototypeOf(r)).toBe(NO_MEMBERS);
    expect(Object.entries(r)).toEqual(assigned(entries));
    for (const [k, v] of assigned(entries)) {
      expect(Object.getOwnPropertyDescriptor(r, k)).toEqual({
        value: v,
        writable: true,
        enumerable: true,
        configurable: true,
      });
      expect(r[k]).toBe(v);
    }
    const plain = {} as Record<string, unknown>;
    expect(plain.v0).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('v0');
    // without those names, nothing is there either
    const bare = record([['a', '1']]);
    for (const k of HOSTILE) expect(k in bare, k).toBe(false);
    // a later assignment of __proto__ is a field too: there is no setter on the chain
    bare.__proto__ = 'x';
    expect(Object.getPrototypeOf(bare)).toBe(NO_MEMBERS);
    expect(Object.keys(bare)).toEqual(['a', '__proto__']);
  });

  test('the names, their order and values of assignments in order (repeats, numeric names; both sizes)', () => {
    const name = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 3 }), fc.nat(30).map(String));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 2 })), { maxLength: 40 }), (entries) => {
        expect(Object.entries(record(entries))).toEqual(assigned(entries));
      }),
      { numRuns: 500 },
    );
  });

  test('10,000 names', () => {
    const entries = Array.from({ length: 10_000 }, (_, i): [string, string] => [
      i % 7 === 0 ? `${i}` : `f${i}`,
      `${i}`,
    ]);
    const r = record(entries);
    expect(Object.entries(r)).toEqual(assigned(entries));
    expect(Object.getPrototypeOf(r)).toBe(NO_MEMBERS);
  });

  test('fast-mode objects up to 16 names (Object.create(null) is a dictionary at any size)', () => {
    setFlagsFromString('--allow-natives-syntax');
    try {
      const fast = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
      for (const n of [1, 6, 16]) {
        const entries = Array.from({ length: n }, (_, i): [string, string] => [`pg_field_${n}_${i}`, `${i}`]);
        expect(fast(record(entries)), `${n} names`).toBe(true);
        expect(fast(Object.assign(Object.create(null) as object, record(entries))), `${n} names`).toBe(false);
      }
    } finally {
      setFlagsFromString('--no-allow-natives-syntax');
    }
  });
});
