import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { schemaId, validate, getSchema } from '../../../src/spec/ajv.ts';
import { violatingArbitrary, violationPlans } from '../../../src/spec/arbitrary.ts';
import { classify } from '../../../src/spec/violations.ts';

const create = schemaId('greenleaves-v5', 'create-request');
const valid = () => ({
  amount: 10,
  currency: 'KZT',
  description: 'd',
  order_id: 'O1',
  from: { type: 'card', card: { pan: '4716047261941981', cvc: '123', year: 30, month: 12 } },
});

describe('nested JSON bodies (src/spec arbitrary + violations, option nested)', () => {
  test('classify names nested fields by their dotted path, in schema order', () => {
    const body = {
      ...valid(),
      currency: 'XXX',
      from: { type: 'card', card: { pan: '44x', cvc: '123', year: 30, month: 13, extra: 1 } },
    };
    const v = validate(create, body);
    const found = classify(getSchema(create), body, v.errors, { nested: true });
    expect(found.map((f) => `${f.field}:${f.kind}`)).toEqual([
      'currency:enum',
      'from.card.pan:format',
      'from.card.month:format',
      'from.card.extra:unknown',
    ]);
  });

  test('without the option, only the top-level field counts (form APIs keep their behaviour)', () => {
    const body = { ...valid(), from: { type: 'card', card: { pan: '44x', cvc: '123', year: 30, month: 12 } } };
    const v = validate(create, body);
    expect(classify(getSchema(create), body, v.errors).map((f) => f.field)).toEqual(['from']);
  });

  test('a required nested field that is missing, or empty, is missing', () => {
    const body = { ...valid(), description: '', from: { type: 'card', card: { cvc: '123', year: 30, month: 12 } } };
    const v = validate(create, body);
    expect(classify(getSchema(create), body, v.errors, { nested: true }).map((f) => `${f.field}:${f.kind}`)).toEqual([
      'description:missing',
      'from.card.pan:missing',
    ]);
  });

  test('plans reach nested fields and typed values; flat plans stay as they were', () => {
    const nested = violationPlans(create, undefined, { nested: true }).map((p) => `${p.field}:${p.kind}`);
    expect(nested).toEqual(
      expect.arrayContaining([
        'from.card.pan:missing',
        'from.card.month:format',
        'amount:format',
        'from.type:enum',
        'from.recurrent.lifetime:missing',
        'urls.check_url:tooLong',
      ]),
    );
    expect(violationPlans(create).every((p) => !p.field.includes('.'))).toBe(true);
    expect(violationPlans(create).map((p) => `${p.field}:${p.kind}`)).not.toContain('amount:format');
  });

  test('every generated nested violation breaks exactly its planned field', () => {
    const gen = violatingArbitrary(create, { nested: true });
    for (const plan of gen.plans) {
      for (const { message } of fc.sample(gen.forPlan(plan), { numRuns: 3, seed: 5 })) {
        const v = validate(create, message);
        const found = classify(getSchema(create), message, v.errors, { nested: true });
        expect(found, `${plan.field} ${plan.kind}`).toEqual([
          expect.objectContaining({ field: plan.field, kind: plan.kind }),
        ]);
      }
    }
  });
});
