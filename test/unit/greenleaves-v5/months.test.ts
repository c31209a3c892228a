import { describe, expect, test } from 'vitest';
import { addMonthsUtc } from '../../../src/protocols/greenleaves-v5/index.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('addMonthsUtc (from.recurrent.lifetime, V5-REC-02)', () => {
  test('adds calendar months and keeps the time of day', () => {
    expect(iso(addMonthsUtc(at('2025-06-27T11:39:33.123Z'), 3))).toBe('2025-09-27T11:39:33.123Z');
    expect(iso(addMonthsUtc(at('2025-11-15T00:00:00.000Z'), 2))).toBe('2026-01-15T00:00:00.000Z');
    expect(iso(addMonthsUtc(at('2025-01-01T23:59:59.999Z'), 156))).toBe('2038-01-01T23:59:59.999Z');
  });
  test('a day the target month lacks becomes its last day', () => {
    expect(iso(addMonthsUtc(at('2025-01-31T10:00:00.000Z'), 1))).toBe('2025-02-28T10:00:00.000Z');
    expect(iso(addMonthsUtc(at('2024-01-31T10:00:00.000Z'), 1))).toBe('2024-02-29T10:00:00.000Z');
    expect(iso(addMonthsUtc(at('2025-03-31T10:00:00.000Z'), 1))).toBe('2025-04-30T10:00:00.000Z');
    expect(iso(addMonthsUtc(at('2025-08-31T10:00:00.000Z'), 12))).toBe('2026-08-31T10:00:00.000Z');
  });
});
