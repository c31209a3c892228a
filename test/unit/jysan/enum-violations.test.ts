import fc from 'fast-check';
import { expect, test } from 'vitest';
import { schemaId } from '../../../src/spec/ajv.ts';
import { violatingArbitrary } from '../../../src/spec/arbitrary.ts';

// Probe 21: GETSTATUS's "enum" violations were "-1" and "zz", two characters for a one-character flag
// ("1"): a gateway holding GETSTATUS to one character answered 26 (too long) and JY-ERR-14 / JY-ERR-17
// warned "want 27". A value outside a digit enum breaks the value only: the allowed values' length, digits.
test('GETSTATUS enum violations are one digit other than 1, so only the value is wrong', () => {
  const { plans, forPlan } = violatingArbitrary(schemaId('jysan', 'status-request'));
  const plan = plans.find((p) => p.field === 'GETSTATUS' && p.kind === 'enum');
  expect(plan).toBeDefined();
  const values = fc.sample(forPlan(plan!), { numRuns: 40, seed: 7 }).map((v) => v.message.GETSTATUS);
  expect(values.filter((v) => !/^[02-9]$/.test(String(v)))).toEqual([]);
});

test('LANGUAGE enum violations keep its two characters', () => {
  const { plans, forPlan } = violatingArbitrary(schemaId('jysan', 'status-request'));
  const plan = plans.find((p) => p.field === 'LANGUAGE' && p.kind === 'enum')!;
  const values = fc.sample(forPlan(plan), { numRuns: 40, seed: 7 }).map((v) => v.message.LANGUAGE);
  expect(values.filter((v) => String(v).length !== 2)).toEqual([]);
});
