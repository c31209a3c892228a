import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { getSchema, schemaId } from '../../../src/spec/ajv.ts';
import { objectArbitrary, violatingArbitrary, type Plan } from '../../../src/spec/arbitrary.ts';

// violatingArbitrary no longer validates its valid base before breaking it (`exact` validates the
// message it becomes). That changes nothing as long as the schemas' generators never make an invalid
// base: the messages for a seed are then the same with the base validated first (`validBase`, the
// slow path) and without. Every request schema, with the first plan recorded for it.
const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/violation-plans.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

const planOf = (s: string): Plan => {
  const [field, kind, limit] = s.split(':');
  return { field: field!, kind: kind as Plan['kind'], ...(limit !== undefined ? { limit: Number(limit) } : {}) };
};

type Opts = Parameters<typeof violatingArbitrary>[1];
const samples = (id: string, opts: Opts, validBase: boolean) =>
  [1, 2].flatMap((seed) => fc.sample(violatingArbitrary(id, { ...opts, validBase }).arb, { numRuns: 40, seed }));

describe('violatingArbitrary without validating its base', () => {
  test.each(Object.keys(recorded))('%s: the same messages as with the base validated', (key) => {
    const [file, mode] = key.split('#');
    const [profile, name] = file!.split('/');
    const id = schemaId(profile!, name!);
    const opts: Opts = { nested: mode === 'nested', plans: [planOf(recorded[key]![0]!)] };
    expect(samples(id, opts, false)).toEqual(samples(id, opts, true));
  });

  test('with context overrides as the suites give them (a merchant id; a nested v5 `from`)', () => {
    const g2g = schemaId('greenleaves', 'payment-request');
    const merchant = { overrides: { pg_merchant_id: fc.constant('12345') }, plans: [planOf('pg_order_id:charset')] };
    expect(samples(g2g, merchant, false)).toEqual(samples(g2g, merchant, true));
    const v5 = schemaId('greenleaves-v5', 'create-request');
    const from = (getSchema(v5).properties as Record<string, Record<string, unknown>>).from!;
    const nested: Opts = {
      nested: true,
      overrides: { from: objectArbitrary(from, {}) },
      plans: [planOf('order_id:missing')],
    };
    expect(samples(v5, nested, false)).toEqual(samples(v5, nested, true));
  });

  test('the comparison sees a generator that makes invalid bases', () => {
    // an override that is invalid half the time: validating the base first draws other messages
    const g2g = schemaId('greenleaves', 'payment-request');
    const broken = {
      overrides: { pg_merchant_id: fc.constantFrom('12345', 'not a merchant id!') },
      plans: [planOf('pg_order_id:charset')],
    };
    expect(samples(g2g, broken, false)).not.toEqual(samples(g2g, broken, true));
  });
});
