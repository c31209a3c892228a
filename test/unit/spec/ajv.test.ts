import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SPECS, PROFILES } from '../../../src/spec/paths.ts';
import { getSchema, validator } from '../../../src/spec/ajv.ts';

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
