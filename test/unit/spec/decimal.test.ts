import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { decimalValue, otherSpelling, sameDecimal } from '../../../src/protocols/common/decimal.ts';

// amounts as tiyn, spelled with 0-3 leading zeros and 0-4 decimals
const spelled = fc
  .tuple(fc.integer({ min: 0, max: 99_999_999_999 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 }))
  .map(([tiyn, zeros, scale]) => {
    const whole = Math.floor(tiyn / 100);
    const frac = String(tiyn % 100).padStart(2, '0');
    const fraction = scale >= 2 ? frac + '0'.repeat(scale - 2) : frac.slice(0, scale);
    return {
      tiyn: scale >= 2 ? tiyn : Number(`${whole}${frac.slice(0, scale).padEnd(2, '0')}`),
      text: `${'0'.repeat(zeros)}${whole}${scale ? `.${fraction}` : ''}`,
    };
  });

describe('decimal amounts', () => {
  test('sameDecimal: one value whatever the spelling; anything not a plain decimal is never the same', () => {
    expect(sameDecimal('1500.5', '1500.50')).toBe(true);
    expect(sameDecimal('1500.500', '1500.50')).toBe(true);
    expect(sameDecimal('0100', '100.0')).toBe(true);
    expect(sameDecimal('1500', '1500.50')).toBe(false);
    expect(sameDecimal('0.07', '0.7')).toBe(false);
    expect(sameDecimal('1500.', '1500.')).toBe(false);
    expect(sameDecimal('1,500', '1,500')).toBe(false);
    expect(sameDecimal(undefined, undefined)).toBe(false);
    expect(sameDecimal('1500', undefined)).toBe(false);
  });

  test('two spellings have one value exactly when they are the same amount', () => {
    fc.assert(
      fc.property(spelled, spelled, (a, b) => {
        expect(decimalValue(a.text) === decimalValue(b.text)).toBe(a.tiyn === b.tiyn);
      }),
    );
  });

  test('otherSpelling is another text of the same value', () => {
    fc.assert(
      fc.property(spelled, ({ text }) => {
        const other = otherSpelling(text);
        expect(other).not.toBe(text);
        expect(decimalValue(other)).toBe(decimalValue(text));
      }),
    );
    expect(['500', '500.00', '750.50', '99.99'].map(otherSpelling)).toEqual(['500.00', '500', '750.5', '99.990']);
  });

  test('what is not a plain decimal has no value; a hostile length is refused before any scan', () => {
    for (const x of ['', '.5', '5.', ' 5', '1e3', '-1', '+1', '5,00', '٥', `1${'0'.repeat(64)}`])
      expect(decimalValue(x)).toBeUndefined();
    expect(decimalValue('0'.repeat(64))).toBe('0');
  });
});
