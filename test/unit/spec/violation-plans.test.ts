import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { schemaId } from '../../../src/spec/ajv.ts';
import { violatingArbitrary } from '../../../src/spec/arbitrary.ts';

// The plans violatingArbitrary keeps for every request schema, recorded from the implementation
// that drew all 40 samples per candidate plan before counting (fixtures/violation-plans.json).
// Drawing samples one at a time and stopping once the answer is known must keep the same plans.
const expected = JSON.parse(
  readFileSync(new URL('./fixtures/violation-plans.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

describe('violation plan selection', () => {
  test.each(Object.keys(expected))('%s keeps the recorded plans', (key) => {
    const [file, mode] = key.split('#');
    const [profile, name] = file!.split('/');
    const plans = violatingArbitrary(schemaId(profile!, name!), { nested: mode === 'nested' }).plans;
    expect(plans.map((p) => `${p.field}:${p.kind}${p.limit !== undefined ? `:${p.limit}` : ''}`)).toEqual(
      expected[key],
    );
  });
});
