import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { schemaId, validate, getSchema } from '../../../src/spec/ajv.ts';
import { violatingArbitrary, violationPlans } from '../../../src/spec/arbitrary.ts';
import { classify } from '../../../src/spec/violations.ts';
import { violations } from '../../../src/sandbox/greenleaves-v5/body.ts';
import { decimalOf, numberLiterals } from '../../../src/protocols/greenleaves-v5/money.ts';

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

// The gateway reads the amount's decimals as written (V5-BODY-06), as the SDK checks read the caller's
// amount (V5-SDK-15): 0.050000000000000003 (PHP's serialize_precision 17) has 18 decimals, though
// JSON.parse reads it as the double of 0.05; "500.00", "5E+2" and "69761168E-2" have at most two.
describe('the amount as written (one definition: src/protocols/greenleaves-v5/money.ts)', () => {
  const body = (amount: string) =>
    `{"amount":${amount},"currency":"KZT","description":"d","order_id":"O1","from":{"type":"card","card":{"pan":"4716047261941981","cvc":"123","year":30,"month":12}}}`;
  const refused = (amount: string) => {
    const text = body(amount);
    return violations('create', JSON.parse(text) as Record<string, unknown>, true, text).map(
      (v) => `${v.field}:${v.kind}`,
    );
  };
  test.each(['0.050000000000000003', '59212.150000000001', '1.005', '5e-3'])('%s is refused', (amount) => {
    expect(refused(amount)).toEqual(['amount:format']);
  });
  test.each(['0.05', '500.00', '5E+2', '69761168E-2', '123.42000000000000', '500.0'])('%s is taken', (amount) => {
    expect(refused(amount)).toEqual([]);
  });
  test('decimalOf writes a JSON number as the exact decimal it writes, numberLiterals finds them by path', () => {
    expect(['500.00', '5E+2', '69761168E-2', '0.050000000000000003', '1e-7', '-0.0', '007.50'].map(decimalOf)).toEqual([
      '500',
      '500',
      '697611.68',
      '0.050000000000000003',
      '0.0000001',
      '0',
      '7.5',
    ]);
    expect(decimalOf(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(decimalOf('1e999')).toBeUndefined();
    expect([...numberLiterals('{"amount":5E+2,"d":"7","from":{"card":{"year":30}},"a":[1.50,{"b":2e1}]}')]).toEqual([
      ['amount', '5E+2'],
      ['from.card.year', '30'],
      ['a[0]', '1.50'],
      ['a[1].b', '2e1'],
    ]);
    expect(numberLiterals('{"amount":').size).toBe(0);
  });
});
