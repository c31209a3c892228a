import { describe, expect, test } from 'vitest';
import { integer } from '../../../src/cli/args.ts';

describe('integer flags', () => {
  test.each(['0', '7', '-5', '65535'])('%s is read as written', (v) => {
    expect(integer(v, '--n', -10, 65_535)).toBe(Number(v));
  });

  test.each(['1e3', '0x10', '', ' 5', '5 ', '1.5', '+3', 'NaN', '99999999999999999'])(
    '%j is not a decimal integer',
    (v) => {
      expect(() => integer(v, '--n')).toThrow(/--n must be an integer ≥ 0/);
    },
  );

  test('a seed is any integer JavaScript holds exactly (a CI run id is past 2^31)', () => {
    const seed = (v: string) => integer(v, '--seed', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    expect(seed('12817658241')).toBe(12_817_658_241);
    expect(seed('-9007199254740991')).toBe(-9_007_199_254_740_991);
    expect(() => seed('9007199254740992')).toThrow('--seed must be an integer of at most 16 digits (below 2^53)');
  });

  test('a bound names the range', () => {
    expect(() => integer('99999', '--listen-port', 1, 65_535)).toThrow(
      '--listen-port must be an integer from 1 to 65535, got "99999"',
    );
    expect(() => integer('0', '--listen-port', 1, 65_535)).toThrow(/from 1 to 65535/);
    expect(integer(undefined, '--listen-port', 1, 65_535)).toBeUndefined();
  });
});
