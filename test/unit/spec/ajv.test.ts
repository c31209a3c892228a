import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SPECS, PROFILES } from '../../../src/spec/paths.ts';
import { ajv, describeErrors, getSchema, validate, validator } from '../../../src/spec/ajv.ts';

const files = ['_meta', ...PROFILES.map((p) => join(p, 'schemas'))].flatMap((d) =>
  existsSync(join(SPECS, d))
    ? readdirSync(join(SPECS, d))
        .filter((f) => f.endsWith('.schema.json'))
        .map((f) => join(SPECS, d, f))
    : [],
);

describe('getSchema reads a schema without compiling it', () => {
  test.each(files)('%s: the very object ajv compiles and validates with', (file) => {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id: string };
    const raw = getSchema(schema.$id);
    expect(raw).toEqual(schema);
    expect(validator(schema.$id).schema).toBe(raw);
  });

  test('a fragment goes through ajv; an unknown id is an error', () => {
    const id = 'https://paycert.local/specs/jysan/schemas/status-reply.schema.json#/$defs/operation';
    expect(getSchema(id)).toBe((getSchema(id.split('#')[0]!) as { $defs: Record<string, unknown> }).$defs.operation);
    expect(() => getSchema('https://paycert.local/specs/nope.schema.json')).toThrow(/unknown schema/);
  });
});

// The shared instance does not validate our schemas against the JSON Schema meta-schema as it adds
// them (validateSchema: false): compiling the 2020-12 meta-schema was ~0.2 CPU-s of every process
// that loads a catalogue (paycert run's main process and each worker). This test holds them to it.
describe('every schema under specs/ is a valid JSON Schema 2020-12 document', () => {
  test.each(files)('%s', (file) => {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(ajv().validateSchema(schema), JSON.stringify(ajv().errors)).toBe(true);
  });

  test('an invalid one is told apart', () => {
    expect(ajv().validateSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 5 })).toBe(false);
    expect(ajv().validateSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', required: 'a' })).toBe(
      false,
    );
  });
});

describe('describeErrors', () => {
  test('a reply with a hundred thousand wrong elements is described by its first errors and a count', () => {
    const id = 'https://paycert.local/specs/greenleaves-v5/schemas/payment.schema.json';
    const v = validate(id, { operations: Array.from({ length: 100_000 }, () => ({ zz: 1 })) });
    expect(v.errors.length).toBeGreaterThan(100_000);
    const text = describeErrors(v.errors);
    const parts = text.split('; ');
    expect(parts.length).toBeLessThanOrEqual(21);
    // each error counted once: the ones said, the same ones at other elements, and the rest
    const same = parts.map((p) => Number(/\(the same at (\d+) more /.exec(p)?.[1] ?? 0));
    const rest = Number(/^… and (\d+) more$/.exec(parts.at(-1)!)?.[1]);
    expect(parts.length - 1 + same.reduce((a, b) => a + b, 0) + rest).toBe(v.errors.length);
    expect(text).toMatch(
      /\/operations\/0 must NOT have additional properties \("zz"\) \(the same at \d+ more \/operations\/\*\)/,
    );
    // errors that differ element to element are said one by one, the first twenty
    const w = validate(id, { operations: Array.from({ length: 1000 }, (_, i) => ({ [`k${i}`]: 1 })) });
    expect(describeErrors(w.errors).split('; ')).toHaveLength(21);
    // and a short list whole
    expect(describeErrors(v.errors.slice(0, 2)).split('; ')).toHaveLength(2);
  });
});
