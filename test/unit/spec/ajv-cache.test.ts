import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { PROFILES, SPECS } from '../../../src/spec/paths.ts';
import { Validators, schemaId, type SchemaFile } from '../../../src/spec/ajv.ts';
import { cacheKey, loadValidator } from '../../../src/spec/ajv-cache.ts';
import { objectArbitrary, validArbitrary } from '../../../src/spec/arbitrary.ts';

// ajv's compiled code is kept between processes (src/spec/ajv-cache.ts). What a process loads must
// validate exactly as ajv's own function would, and a changed schema must never be served the code
// of the old one.

const read = (path: string): SchemaFile => {
  const text = readFileSync(path, 'utf8');
  return { text, schema: JSON.parse(text) as Record<string, unknown> };
};
const dirs = ['_meta', ...PROFILES.map((p) => join(p, 'schemas'))].filter((d) => existsSync(join(SPECS, d)));
const FILES: SchemaFile[] = dirs.flatMap((d) =>
  readdirSync(join(SPECS, d))
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => read(join(SPECS, d, f))),
);
const IDS = FILES.map((f) => f.schema.$id as string);
const freshDir = () => mkdtempSync(join(tmpdir(), 'paycert-ajv-'));

type Schema = Record<string, unknown>;
const BY_ID = new Map(FILES.map((f) => [f.schema.$id as string, f.schema]));

/** A schema's `$ref` target: in the same file (`#/…`) or another (`https://…#/…`). */
function resolve(ref: string, root: Schema): [Schema, Schema] {
  const [file, pointer = ''] = ref.split('#');
  const doc = file ? BY_ID.get(file)! : root;
  const target = pointer
    .split('/')
    .filter(Boolean)
    .reduce<Schema>((s, k) => s[k] as Schema, doc);
  return [target, doc];
}

/** Values that are often valid and often not, for the keywords our schemas use (not the product's
 *  generators, which must meet the schema and refuse what they cannot build). */
function loose(s: Schema, root: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (typeof s.$ref === 'string' && depth < 4) return loose(...resolve(s.$ref, root), depth + 1);
  const junk = fc.constantFrom<unknown>('', 'x'.repeat(300), 'é ✓', 12.5, -1, true, null, [], {}, 'a b');
  const own: Array<fc.Arbitrary<unknown>> = [];
  if (s.const !== undefined) own.push(fc.constant(s.const));
  if (Array.isArray(s.enum)) own.push(fc.constantFrom(...(s.enum as unknown[])));
  for (const k of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(s[k]) && depth < 4) for (const b of s[k] as Schema[]) own.push(loose(b, root, depth + 1));
  if (typeof s.pattern === 'string') own.push(fc.stringMatching(new RegExp(s.pattern, 'u'), { size: 'small' }));
  if (s.format === 'uri') own.push(fc.webUrl());
  if (s.format === 'email') own.push(fc.emailAddress());
  if (s.properties && depth < 4) own.push(looseObject(s, root, depth + 1));
  if (s.items && depth < 4) own.push(fc.array(loose(s.items as Schema, root, depth + 1), { maxLength: 3 }));
  const types = ([] as unknown[]).concat(s.type ?? []);
  if (types.includes('string')) own.push(fc.string({ maxLength: 40 }));
  if (types.includes('integer') || types.includes('number'))
    own.push(fc.integer({ min: -10, max: 2_000_000 }), fc.double({ noNaN: true }));
  if (types.includes('boolean')) own.push(fc.boolean());
  return fc.oneof({ arbitrary: junk, weight: 1 }, ...own.map((arbitrary) => ({ arbitrary, weight: 4 })));
}

function looseObject(s: Schema, root: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries((s.properties ?? {}) as Record<string, Schema>);
  const required = (s.required ?? []) as string[];
  return fc.record(Object.fromEntries(props.map(([k, p]) => [k, loose(p, root, depth)])), {
    requiredKeys: required.filter((k) => props.some(([p]) => p === k)),
  });
}

/** The request schemas the suites generate valid messages for (the violation plans' fixture). */
const REQUESTS = new Set(
  Object.keys(
    JSON.parse(readFileSync(new URL('./fixtures/violation-plans.json', import.meta.url), 'utf8')) as object,
  ).map((k) => {
    const [profile, name] = k.split('#')[0]!.split('/');
    return schemaId(profile!, name!);
  }),
);

/** Messages that reach every keyword: loosely generated, each then with a field missing, and a few
 *  that are not objects at all; for a request schema, valid ones as the suites generate them. */
function messages(schema: Schema): unknown[] {
  const id = schema.$id as string;
  const valid = REQUESTS.has(id) ? fc.sample(validArbitrary(id), { numRuns: 10, seed: 3 }) : [];
  const base = [...valid, ...fc.sample(looseObject(schema, schema, 0), { numRuns: 30, seed: 3 })];
  const out: unknown[] = [null, 'text', 7, [], {}, ...base];
  for (const m of base.slice(0, 5))
    for (const k of Object.keys(m)) out.push(Object.fromEntries(Object.entries(m).filter(([f]) => f !== k)));
  return out;
}

const outcome = (v: (d: unknown) => unknown, d: unknown) => {
  const ok = v(d) as boolean;
  return { ok, errors: (v as unknown as { errors?: unknown }).errors ?? null };
};

describe('a validator kept by one process', () => {
  test('is what the next one loads, and validates every message as ajv compiles it, for every schema', () => {
    const dir = freshDir();
    const first = new Validators(FILES, dir);
    const next = new Validators(FILES, dir);
    const uncached = new Validators(FILES, undefined);
    let compared = 0;
    const validIn = new Set<string>();
    for (const id of IDS) {
      const compiledHere = first.validator(id);
      const loaded = next.validator(id);
      const own = uncached.validator(id);
      expect(loaded, id).not.toBe(compiledHere);
      expect(loaded.schema, id).toBe(next.schema(id));
      for (const d of messages(uncached.schema(id)!)) {
        const expected = outcome(own, d);
        expect(outcome(loaded, d), id).toEqual(expected);
        expect(outcome(compiledHere, d), id).toEqual(expected);
        compared++;
        if (expected.ok) validIn.add(id);
      }
    }
    expect(first.loaded).toBe(0);
    expect(next.loaded).toBe(IDS.length);
    expect(uncached.loaded).toBe(0);
    expect(compared).toBeGreaterThan(IDS.length * 30);
    // the valid path is reached too, not only the refusals
    for (const id of REQUESTS) expect(validIn.has(id), id).toBe(true);
    expect(validIn.size).toBeGreaterThan(REQUESTS.size);
  });

  test('a catalogue: rules.json valid, and refused once it is broken', () => {
    const dir = freshDir();
    new Validators(FILES, dir).validator(`${IDS.find((i) => i.endsWith('_meta/rules.schema.json'))}`);
    const next = new Validators(FILES, dir);
    const v = next.validator(IDS.find((i) => i.endsWith('_meta/rules.schema.json'))!);
    expect(next.loaded).toBe(1);
    const rules = JSON.parse(readFileSync(join(SPECS, 'jysan', 'rules.json'), 'utf8')) as {
      rules: Array<Record<string, unknown>>;
    };
    expect(v(rules)).toBe(true);
    rules.rules[0]!.level = 'MAYBE';
    expect(v(rules)).toBe(false);
  });
});

describe('a changed schema is compiled again, never served stale code', () => {
  const id = schemaId('greenleaves', 'payment-request');
  const at = FILES.findIndex((f) => f.schema.$id === id);
  const message = fc.sample(objectArbitrary(FILES[at]!.schema, { optional: 'none' }), { numRuns: 1, seed: 5 })[0]!;
  const field = Object.keys(message).find((k) => typeof message[k] === 'string' && (message[k] as string).length > 1)!;

  /** The files with `field` of the payment request limited to one character (a new text). */
  const narrowed = (): SchemaFile[] => {
    const schema = structuredClone(FILES[at]!.schema) as { properties: Record<string, Record<string, unknown>> };
    schema.properties[field]!.maxLength = 1;
    return FILES.map((f, i) => (i === at ? { text: JSON.stringify(schema, null, 2), schema } : f));
  };

  test('the schema itself changed', () => {
    const dir = freshDir();
    expect(new Validators(FILES, dir).validator(id)(message)).toBe(true);
    const changed = new Validators(narrowed(), dir);
    expect(changed.validator(id)(message)).toBe(false);
    expect(changed.loaded).toBe(0);
    // and each version is still found as itself
    const back = new Validators(FILES, dir);
    expect(back.validator(id)(message)).toBe(true);
    const again = new Validators(narrowed(), dir);
    expect(again.validator(id)(message)).toBe(false);
    expect(back.loaded + again.loaded).toBe(2);
  });

  test('another schema changed (a $ref may reach any of them), or only its text', () => {
    const dir = freshDir();
    new Validators(FILES, dir).validator(id);
    const other = FILES.map((f, i) => (i === (at + 1) % FILES.length ? { ...f, text: `${f.text}\n` } : f));
    const v = new Validators(other, dir);
    expect(v.validator(id)(message)).toBe(true);
    expect(v.loaded).toBe(0);
  });

  test('the key keeps its parts apart', () => {
    expect(cacheKey(['ab', 'c'])).not.toBe(cacheKey(['a', 'bc']));
    expect(cacheKey(['a', ''])).not.toBe(cacheKey(['a']));
    expect(cacheKey(['a', 'b'])).toBe(cacheKey(['a', 'b']));
  });
});

describe('what cannot be trusted or written', () => {
  const id = schemaId('jysan', 'status-request');

  test('a kept module made for another key, or one that does not load, is refused and compiled again', () => {
    const dir = freshDir();
    const files = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.cjs'));
    new Validators(FILES, dir).validator(id);
    const [kept] = files();
    const key = kept!.replace(/\.cjs$/, '');
    expect(loadValidator(dir, key)).toBeTypeOf('function');
    const good = readFileSync(join(dir, kept!), 'utf8');
    // made for another key: refused before it runs
    const other = '0'.repeat(64);
    writeFileSync(
      join(dir, kept!),
      good.replace(key, other).replace('module.exports = ', 'globalThis.ran = 1;module.exports = '),
    );
    expect(loadValidator(dir, key)).toBeUndefined();
    expect((globalThis as { ran?: number }).ran).toBeUndefined();
    // (the same text under its own key does run)
    writeFileSync(join(dir, kept!), good.replace('module.exports = ', 'globalThis.ran = 1;module.exports = '));
    expect(loadValidator(dir, key)).toBeTypeOf('function');
    expect((globalThis as { ran?: number }).ran).toBe(1);
    delete (globalThis as { ran?: number }).ran;
    // its own key but not loadable, or not a function
    writeFileSync(join(dir, kept!), `${good.split('\n')[0]}\nmodule.exports = (`);
    expect(loadValidator(dir, key)).toBeUndefined();
    writeFileSync(join(dir, kept!), `${good.split('\n')[0]}\nmodule.exports = 1;`);
    expect(loadValidator(dir, key)).toBeUndefined();
    const v = new Validators(FILES, dir);
    expect(v.validator(id)({})).toBe(false);
    expect(v.loaded).toBe(0);
    expect(readFileSync(join(dir, kept!), 'utf8')).toBe(good);
  });

  test('no place to write: compiled in each process, as before', () => {
    const file = join(freshDir(), 'a-file');
    writeFileSync(file, '');
    const dir = join(file, 'cache');
    const a = new Validators(FILES, dir);
    expect(a.validator(id)({})).toBe(false);
    const b = new Validators(FILES, dir);
    expect(b.validator(id)({})).toBe(false);
    expect(a.loaded + b.loaded).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });
});
