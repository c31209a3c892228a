import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { orderedValues, sign, signatureBase, type SignOptions } from '../../../src/protocols/greenleaves/signature.ts';
import type { PgMessage } from '../../../src/protocols/greenleaves/message.ts';
import { record } from '../../../src/protocols/common/record.ts';

// The hot path (plans cached by shape, level by level) against the straightforward computation:
// the vendor's flat names sorted byte-wise, every level's names sorted for 'natural' / 'folded'.
type V = string | { [k: string]: V } | V[];

// each name's UTF-8 encoded once, not twice per comparison: the encodings and their garbage were a
// quarter of the CPU of the property tests below (the same bytes are compared)
const utf8 = new Map<string, Buffer>();
const bytes = (s: string): Buffer => {
  let b = utf8.get(s);
  if (b === undefined) {
    if (utf8.size >= 100_000) utf8.clear();
    utf8.set(s, (b = Buffer.from(s, 'utf8')));
  }
  return b;
};
const byteCmp = (a: string, b: string) => Buffer.compare(bytes(a), bytes(b));
const entries = (v: V): Array<[string, V]> =>
  Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v as Record<string, V>);

function vendor(m: V): string[] {
  const out: Array<[string, string]> = [];
  const flat = (v: V, parent: string) =>
    entries(v).forEach(([k, x], i) => {
      if (k === 'pg_sig') return;
      const name = `${parent}${k}${String(i + 1).padStart(3, '0')}`;
      if (typeof x === 'string') out.push([name, x]);
      else flat(x, name);
    });
  flat(m, '');
  return out.sort(([a], [b]) => byteCmp(a, b)).map(([, x]) => x);
}

function natural(m: V, cmp: (a: string, b: string) => number): string[] {
  const e = entries(m).filter(([k]) => k !== 'pg_sig');
  if (!Array.isArray(m)) e.sort(([a], [b]) => cmp(a, b));
  return e.flatMap(([, x]) => (typeof x === 'string' ? [x] : natural(x, cmp)));
}

function reference(script: string, m: PgMessage, secret: string, o: SignOptions): { base: string; sig: string } {
  const signed = o.nestedAsEmpty
    ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'string' ? v : '']))
    : m;
  const values =
    o.order === 'natural'
      ? natural(signed as V, byteCmp)
      : o.order === 'folded'
        ? natural(signed as V, (a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
        : vendor(signed as V);
  const base = [script, ...values.filter((v) => !(o.skipEmpty && v === '')), secret].join(';');
  return {
    base,
    sig: createHash('md5')
      .update(base, o.charset ?? 'utf8')
      .digest('hex'),
  };
}

// awkward names: prefixes of each other, digit endings that meet the 3-digit positions, pg_sig,
// non-ASCII (Cyrillic, astral, a lone surrogate, U+FFFF which UTF-16 and UTF-8 order differently)
const name = fc.oneof(
  fc.constantFrom('pg_sig', 'pg_amount', 'pg_amount2', 'pg_a', 'item', 'item1', 'item10', 'item001', 'a', 'a0'),
  fc.constantFrom('б', 'бa', '😀', '\uffff', '\ud800', '1', '10', '', 'x001', 'x001y'),
  fc.string({ maxLength: 4 }),
  fc.string({ maxLength: 3, unit: 'binary' }),
);
const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 4 }), fc.string({ maxLength: 3, unit: 'binary' }));
const { msg } = fc.letrec<{ value: V; msg: Record<string, V> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    tie('msg'),
    fc.array(tie('value'), { maxLength: 13 }),
  ),
  msg: fc.dictionary(name, tie('value'), { maxKeys: 7 }),
}));
// a shape seen before with other values: the plan cache must not carry values over
const revalue = (v: V, salt: string): V =>
  typeof v === 'string'
    ? `${v}${salt}`
    : Array.isArray(v)
      ? v.map((x) => revalue(x, salt))
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revalue(x, salt)]));
const nullProto = (v: V): V =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.map(nullProto)
      : Object.assign(
          Object.create(null) as Record<string, V>,
          Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullProto(x)])),
        );
// what fromForm makes (prototype NO_MEMBERS; fast-mode, or with `pad` extra names a dictionary)
const asRecord = (v: V, pad = 0): V =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.map((x) => asRecord(x, pad))
      : record([
          ...Object.entries(v).map(([k, x]): [string, V] => [k, asRecord(x, pad)]),
          ...Array.from({ length: pad }, (_, i): [string, V] => [`pad${i}`, `${i}`]),
        ]);
const options = fc.record(
  {
    order: fc.constantFrom<SignOptions['order']>('vendor', 'natural', 'folded', undefined),
    nestedAsEmpty: fc.boolean(),
    skipEmpty: fc.boolean(),
    charset: fc.constantFrom<SignOptions['charset']>('utf8', 'latin1', undefined),
  },
  { requiredKeys: [] },
);

describe('pg_sig: the fast path equals the straightforward computation', () => {
  test('on any message and every option combination (null-prototype objects, records, shapes reused with other values)', () => {
    fc.assert(
      fc.property(msg, options, fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), (m, o, script, secret) => {
        for (const x of [m, revalue(m, 'ж'), nullProto(m), asRecord(m), asRecord(m, 20), revalue(m, '')]) {
          const want = reference(script, x as PgMessage, secret, o);
          expect(signatureBase(script, x as PgMessage, secret, o)).toBe(want.base);
          expect(sign(script, x as PgMessage, secret, o)).toBe(want.sig);
        }
        if (o.order === undefined || o.order === 'vendor') expect(orderedValues(m as PgMessage)).toEqual(vendor(m));
      }),
      { numRuns: 600 },
    );
  });

  test('arrays of 11 and more elements (element 10 sorts before element 1), pg_sig at every depth', () => {
    const positions = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `n${i}`, pg_sig: 'x', price: `${i}` }));
    for (const n of [10, 11, 12, 100, 101, 300]) {
      const m: PgMessage = { pg_a: '1', pg_receipt_positions: positions(n), pg_sig: 'z', pg_z: { pg_sig: 'y', a: '' } };
      expect(orderedValues(m)).toEqual(vendor(m as V));
      expect(signatureBase('s', m, 'k')).toBe(reference('s', m, 'k', {}).base);
    }
    // names 0001, 10011, 1002, …: element 10 sorts between elements 0 and 1
    const eleven = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    expect(orderedValues({ l: eleven })).toEqual(['a', 'k', ...eleven.slice(1, 10)]);
  });

  test("a sibling's name (key + position) that is a prefix of another's, at any depth", () => {
    // k at position 1 is named k001, a prefix of the next key's name when that key starts k001
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3 }),
        fc.string({ maxLength: 3 }),
        msg,
        text,
        fc.boolean(),
        (k, suffix, sub, v, deep) => {
          const level: Record<string, V> = { [k]: sub, [`${k}001${suffix}`]: v };
          const m = (deep ? { pg_a: 'top', n: [level] } : level) as PgMessage;
          expect(orderedValues(m)).toEqual(vendor(m as V));
          expect(signatureBase('s', m, 'k')).toBe(reference('s', m, 'k', {}).base);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a getter that signs while a message is walked changes neither result', () => {
    const inner: PgMessage = { b: '2', a: '1' };
    let innerBase = '';
    const m = { x: 'x' } as PgMessage;
    Object.defineProperty(m, 'y', {
      enumerable: true,
      get: () => {
        innerBase = signatureBase('i', inner, 'k');
        return 'y';
      },
    });
    expect(signatureBase('s', m, 'k')).toBe('s;x;y;k');
    expect(innerBase).toBe('i;1;2;k');
  });

  test('inherited enumerable names are not signed, whatever plan the walk last used', () => {
    // the walk reads a level with for-in, which also yields a prototype's enumerable names after the
    // own ones; the reference signs own names only (Object.entries)
    fc.assert(
      fc.property(msg, fc.dictionary(name, text, { minKeys: 1, maxKeys: 3 }), fc.boolean(), (m, inherited, nested) => {
        const proto = Object.assign(Object.create(null) as object, inherited);
        const withProto = (v: V): V =>
          typeof v === 'string'
            ? v
            : Array.isArray(v)
              ? v.map(withProto)
              : Object.assign(
                  Object.create(proto) as Record<string, V>,
                  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withProto(x)])),
                );
        // the same names as own properties first (the plan last used), then inherited
        const own = { ...m, ...inherited } as V;
        const x = withProto(m);
        for (const v of nested ? [{ l: [own] }, { l: [x] }] : [own, x]) {
          const want = reference('s', v as PgMessage, 'k', {});
          expect(sign('s', v as PgMessage, 'k')).toBe(want.sig);
          expect(signatureBase('s', v as PgMessage, 'k')).toBe(want.base);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('levels deeper than the reused per-depth arrays', () => {
    let m: V = { a: '1', b: 'ж' };
    for (let d = 0; d < 40; d++) m = d % 3 ? { z: `${d}`, n: m, a: 'x' } : [m, `${d}`];
    for (let i = 0; i < 3; i++) {
      expect(sign('s', m as PgMessage, 'k')).toBe(reference('s', m as PgMessage, 'k', {}).sig);
      expect(orderedValues(m as PgMessage)).toEqual(vendor(m));
    }
  });

  test('a getter that signs while a message is signed changes neither signature', () => {
    const inner: PgMessage = { b: 'ж2', a: '1' };
    let innerSig = '';
    const m = { x: 'x' } as PgMessage;
    Object.defineProperty(m, 'y', {
      enumerable: true,
      get: () => {
        innerSig = sign('i', inner, 'k');
        return 'y';
      },
    });
    expect(sign('s', m, 'k')).toBe(reference('s', { x: 'x', y: 'y' }, 'k', {}).sig);
    expect(innerSig).toBe(reference('i', inner, 'k', {}).sig);
  });

  // sign writes the base's UTF-8 bytes itself: they must be Node's own encoding of the base string
  test("the bytes hashed are Node's UTF-8 of the base: surrogate pairs, lone surrogates, long bases", () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0x7ff }),
      fc.integer({ min: 0x800, max: 0xffff }), // lone surrogates included
      fc.constantFrom(0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfffd, 0xffff),
    );
    const str = (max: number) => fc.array(unit, { maxLength: max }).map((u) => String.fromCharCode(...u));
    const pair = fc
      .tuple(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
      .map(([h, l]) => String.fromCharCode(h, l));
    const value = fc.oneof(
      str(8),
      pair,
      fc.array(fc.oneof(str(3), pair), { maxLength: 4 }).map((x) => x.join('')),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 3 }), value, { maxKeys: 6 }),
        str(5),
        str(5),
        (m, script, secret) => {
          const want = reference(script, m, secret, {});
          expect(sign(script, m, secret)).toBe(want.sig);
          expect(sign(script, m, secret)).toBe(
            createHash('md5')
              .update(signatureBase(script, m, secret), 'utf8')
              .digest('hex'),
          );
        },
      ),
      { numRuns: 1000 },
    );
    // bases past the first buffer (4 KiB) and past the views kept by length, then short ones again
    for (const n of [1000, 1023, 1024, 1500, 5000, 40_000, 3, 1023]) {
      const m: PgMessage = { a: 'я'.repeat(n), b: [{ c: '😀'.repeat(n % 7) }], d: 'x'.repeat(n) };
      expect(sign('s', m, 'k')).toBe(reference('s', m, 'k', {}).sig);
    }
  });

  test('runs of signatures that repeat or change the script, the secret and the shapes (kept between calls)', () => {
    // sign keeps the script name's bytes at the start of its buffer, the last secret's bytes and the
    // plan last used at each depth: a change of any of them, a shape met at another depth, a
    // signature that replaces the buffer (a huge base) or a getter signing mid-walk must not leak
    // into the next signature
    const few = fc.constantFrom('payment', 'pay', 'paymentX', 'ж', '', 'p😀', '\ud800');
    const step = fc.record({
      m: msg,
      script: fc.oneof(few, fc.string({ maxLength: 5 })),
      secret: fc.oneof(few, fc.string({ maxLength: 5 })),
      huge: fc.constantFrom(false, false, false, true),
      nested: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 6 }), (steps) => {
        for (const { m, script, secret, huge, nested } of steps) {
          // the same shapes one level down, under a sibling the top level did not have
          const x = (nested ? { pg_a: 'n', deeper: [m] } : m) as PgMessage;
          expect(sign(script, x, secret)).toBe(reference(script, x, secret, {}).sig);
          if (huge) {
            const big: PgMessage = { a: 'я'.repeat(33_000), b: m as PgMessage }; // past the 64 KiB kept
            expect(sign(script, big, secret)).toBe(reference(script, big, secret, {}).sig);
          }
          expect(sign(script, revalue(x, 'ж') as PgMessage, secret)).toBe(
            reference(script, revalue(x, 'ж') as PgMessage, secret, {}).sig,
          );
        }
        // a getter that signs with another script and secret while the last step's message is walked
        const last = steps.at(-1)!;
        const outer = { ...(last.m as PgMessage) };
        Object.defineProperty(outer, 'zz', {
          enumerable: true,
          get: () => {
            sign(`${last.script}~`, { a: '1' }, `${last.secret}~`);
            return 'y';
          },
        });
        expect(sign(last.script, outer, last.secret)).toBe(
          reference(last.script, { ...(last.m as PgMessage), zz: 'y' }, last.secret, {}).sig,
        );
      }),
      { numRuns: 120 },
    );
  });

  test('the plan last used at a depth is not taken for a shape that differs from it in one name', () => {
    // same length, one name changed (first, middle, last): the order differs each time
    const shapes: PgMessage[] = [
      { a: '1', m: '2', q: '3' },
      { z: '1', m: '2', q: '3' },
      { z: '1', b: '2', q: '3' },
      { z: '1', b: '2', a: '3' },
      { a: '1', m: '2', q: '3' },
    ];
    for (const m of [...shapes, ...shapes.map((x) => ({ pg_top: 't', n: [x] }) as PgMessage)]) {
      expect(sign('s', m, 'k')).toBe(reference('s', m, 'k', {}).sig);
      expect(signatureBase('s', m, 'k')).toBe(reference('s', m, 'k', {}).base);
    }
  });

  test('more shapes than the plan cache holds (eviction) keep exact results', () => {
    for (let i = 0; i < 700; i++) {
      const m: PgMessage = { [`k${i}`]: 'a', [`k${i % 9}x`]: String(i), [`z${i % 300}`]: [{ [`q${i}`]: 'v' }] };
      expect(signatureBase('s', m, 'k')).toBe(reference('s', m, 'k', {}).base);
    }
  });

  test('values that are neither strings nor objects, and sparse arrays, take the general path', () => {
    // outside PgMessage's type, as an untyped caller could pass them: both paths must agree
    const odd = [
      { a: 'x', n: 5 as unknown as string, b: 'y' },
      { a: 'x', n: null as unknown as string, b: 'y' },
      { a: ['p', , 'q'] as unknown as string[], b: 'y' }, // eslint-disable-line no-sparse-arrays
      { a: 'x', u: undefined as unknown as string },
    ];
    for (const m of odd as unknown as PgMessage[]) {
      const general: Array<[string, string]> = [];
      const flat = (v: unknown, parent: string) => {
        let i = 0;
        const add = (k: string, x: unknown) => {
          i++;
          if (k === 'pg_sig') return;
          const nm = parent + k + String(i).padStart(3, '0');
          if (typeof x === 'string') general.push([nm, x]);
          else flat(x, nm);
        };
        if (Array.isArray(v)) v.forEach((x, j) => add(String(j), x));
        else for (const k in v as object) if (Object.hasOwn(v as object, k)) add(k, (v as Record<string, unknown>)[k]);
      };
      flat(m, '');
      const want = general.sort(([a], [b]) => byteCmp(a, b)).map(([, x]) => x);
      expect(orderedValues(m)).toEqual(want);
    }
  });
});
