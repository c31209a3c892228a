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

  test('a bound names the range', () => {
    expect(() => integer('99999', '--listen-port', 1, 65_535)).toThrow(
      '--listen-port must be an integer from 1 to 65535, got "99999"',
    );
    expect(() => integer('0', '--listen-port', 1, 65_535)).toThrow(/from 1 to 65535/);
    expect(integer(undefined, '--listen-port', 1, 65_535)).toBeUndefined();
  });
});
