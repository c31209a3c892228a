import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { test as prop, fc } from '@fast-check/vitest';
import { loadVectors } from '../../../src/spec/load.ts';
import {
  orderedValues,
  scriptName,
  sign,
  signatureBase,
  verify,
  type PgMessage,
} from '../../../src/protocols/greenleaves/index.ts';

interface Input {
  script: string;
  secret: string;
  fields: PgMessage;
  order?: 'vendor' | 'natural';
}

describe('pg_sig known-answer vectors (fixtures/greenleaves/vectors.json)', () => {
  const vectors = loadVectors('greenleaves').filter((v) => v.kind === 'pg_sig');
  test('there are vectors for the vendor example, E1–E5 and the edge cases', () => {
    expect(vectors.map((v) => v.id)).toEqual(
      expect.arrayContaining([
        'VENDOR-XML',
        'E1',
        'E2',
        'E3',
        'E4',
        'E5',
        'ITEM10-VENDOR',
        'ITEM10-NATURAL',
        'EMPTY-VALUE',
      ]),
    );
  });
  test.each(vectors.map((v) => [v.id, v] as const))('%s reproduces', (_id, v) => {
    const i = v.input as unknown as Input;
    if (v.expected.base !== undefined)
      expect(signatureBase(i.script, i.fields, i.secret, { order: i.order })).toBe(v.expected.base);
    expect(sign(i.script, i.fields, i.secret, { order: i.order })).toBe(v.expected.sig);
    expect(verify(i.script, i.fields, i.secret, String(v.expected.sig), { order: i.order })).toBe(true);
  });
});

describe('pg_sig semantics', () => {
  const m: PgMessage = { pg_merchant_id: '1', pg_salt: 's', item1: 'A', item10: 'B' };
  test('the vendor order puts item10 before item1; natural order does not', () => {
    expect(orderedValues(m)).toEqual(['B', 'A', '1', 's']);
    expect(orderedValues(m, 'natural')).toEqual(['A', 'B', '1', 's']);
  });
  test('receipt element 10 sorts before element 1 in the vendor order (11 elements)', () => {
    const receipt = Array.from({ length: 11 }, (_, i) => ({ n: String(i) }));
    expect(orderedValues({ r: receipt }).slice(0, 3)).toEqual(['0', '10', '1']);
    expect(orderedValues({ r: receipt }, 'natural').slice(0, 3)).toEqual(['0', '1', '2']);
  });
  test('pg_sig never takes part, wherever it is', () => {
    expect(sign('x', { a: '1', pg_sig: 'zz' }, 'k')).toBe(sign('x', { a: '1' }, 'k'));
  });
  test('verification is exact: uppercase and other script names fail', () => {
    const sig = sign('paymentAcs', m, 'k');
    expect(verify('paymentAcs', m, 'k', sig.toUpperCase())).toBe(false);
    expect(verify('paymentacs', m, 'k', sig)).toBe(false);
    expect(verify('paymentAcs', m, 'k', undefined)).toBe(false);
  });
  test('script name is the last path segment without query; empty after a trailing slash', () => {
    expect(scriptName('https://shop.kz/pay/result')).toBe('result');
    expect(scriptName('https://shop.kz/callback.php?x=1')).toBe('callback.php');
    expect(scriptName('https://api.example/g2g/paymentAcs')).toBe('paymentAcs');
    expect(scriptName('https://shop.kz/pay/')).toBe('');
    expect(scriptName('/g2g/payment_page')).toBe('payment_page');
  });
  prop.prop([
    fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), fc.string({ maxLength: 10 }), {
      minKeys: 1,
      maxKeys: 6,
    }),
    fc.string({ minLength: 1, maxLength: 8 }),
  ])('changing any value breaks the signature', (fields, extra) => {
    const sig = sign('payment', fields, 'secret');
    const k = Object.keys(fields)[0]!;
    if (k === 'pg_sig') return;
    expect(verify('payment', { ...fields, [k]: `${fields[k]}${extra}` }, 'secret', sig)).toBe(false);
  });
  prop.prop([
    fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 6 }), { minKeys: 1, maxKeys: 6 }),
  ])('the field order a message arrives in does not matter (flat messages)', (fields) => {
    const reversed = Object.fromEntries(Object.entries(fields).reverse());
    expect(sign('s', reversed, 'k')).toBe(sign('s', fields, 'k'));
  });
});

describe('the flat fast path of the vendor order', () => {
  // reference: the vendor's names (key + 3-digit position), sorted byte-wise
  const vendor = (m: Record<string, string>) =>
    Object.entries(m)
      .map(([k, v], i) => [`${k}${String(i + 1).padStart(3, '0')}`, v, k] as const)
      .filter(([, , k]) => k !== 'pg_sig')
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([, v]) => v);
  test('gives the vendor order for any flat message (prefix names, digits, non-ASCII included)', () => {
    const name = fc.oneof(
      fc.constantFrom('pg_amount', 'pg_amount2', 'pg_a', 'pg_sig', 'item1', 'item10', 'a', 'б'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ maxLength: 5 }), { maxKeys: 12 }), (m) => {
        expect(orderedValues(m)).toEqual(vendor(m));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the level-by-level vendor order agrees with the flat names on nested messages', () => {
  // reference: the vendor's PHP class, name = parent + key + %03d(position), pg_sig consuming one
  // position at any depth, the flat names sorted byte-wise
  type V = string | { [k: string]: V } | V[];
  const flat = (v: V, parent: string, out: Array<[string, string]>): void => {
    const entries: Array<[string, V]> = Array.isArray(v)
      ? v.map((x, i) => [String(i), x])
      : Object.entries(v as Record<string, V>);
    entries.forEach(([k, x], i) => {
      if (k === 'pg_sig') return;
      const name = `${parent}${k}${String(i + 1).padStart(3, '0')}`;
      if (typeof x === 'string') out.push([name, x]);
      else flat(x, name, out);
    });
  };
  const vendor = (m: PgMessage): string[] => {
    const out: Array<[string, string]> = [];
    flat(m as V, '', out);
    return out.sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map(([, v]) => v);
  };
  test('on any nesting, with prefix names, digit-ending names, arrays of more than 10 and non-ASCII', () => {
    const name = fc.oneof(
      fc.constantFrom('pg_sig', 'item', 'item1', 'item10', 'item001', 'a', 'a0', 'б', '1', '10'),
      fc.string({ maxLength: 4 }),
    );
    const { msg } = fc.letrec<{ value: V; msg: Record<string, V> }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string({ maxLength: 3 }),
        tie('msg'),
        fc.array(tie('value'), { maxLength: 12 }),
      ),
      msg: fc.dictionary(name, tie('value'), { maxKeys: 6 }),
    }));
    fc.assert(
      fc.property(msg, (m) => {
        expect(orderedValues(m as PgMessage)).toEqual(vendor(m as PgMessage));
      }),
      { numRuns: 300 },
    );
  });
});

describe("a wrong signer's options (the checks and the reference's defects build their signatures with them)", () => {
  const md5 = (s: string, enc: 'utf8' | 'latin1' = 'utf8') => createHash('md5').update(s, enc).digest('hex');
  const m: PgMessage = { pg_b: 'b', Zeta: 'z', alpha: '', pg_salt: 's' };
  test('defaults: utf8, vendor order, empty values kept', () => {
    expect(sign('x', m, 'k')).toBe(md5('x;z;;b;s;k'));
    expect(sign('x', { d: 'ё' }, 'k')).toBe(md5('x;ё;k'));
  });
  test('charset latin1 hashes the same string as Latin-1', () => {
    expect(sign('x', { d: 'ё' }, 'k', { charset: 'latin1' })).toBe(md5('x;ё;k', 'latin1'));
    expect(sign('x', { d: 'ё' }, 'k', { charset: 'latin1' })).not.toBe(sign('x', { d: 'ё' }, 'k'));
  });
  test('skipEmpty leaves the empty values out; folded orders names case-insensitively', () => {
    expect(signatureBase('x', m, 'k', { skipEmpty: true })).toBe('x;z;b;s;k');
    expect(signatureBase('x', m, 'k', { order: 'folded' })).toBe('x;;b;s;z;k');
  });
  test('nestedAsEmpty signs a nested block as one empty value', () => {
    expect(signatureBase('x', { a: '1', n: { b: '2' } }, 'k', { nestedAsEmpty: true })).toBe('x;1;;k');
    expect(signatureBase('x', { a: '1', n: { b: '2' } }, 'k')).toBe('x;1;2;k');
  });
  test('verify is exact unless caseInsensitive', () => {
    const sig = sign('x', m, 'k').toUpperCase();
    expect(verify('x', m, 'k', sig)).toBe(false);
    expect(verify('x', m, 'k', sig, { caseInsensitive: true })).toBe(true);
    expect(verify('x', m, 'k', sign('x', m, 'k', { skipEmpty: true }))).toBe(false);
  });
});
