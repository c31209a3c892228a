// For tests holding a fast path equal to its general path: what a call gave, comparable with
// toStrictEqual / toEqual, prototypes included.
import { NO_MEMBERS } from '../../src/protocols/common/record.ts';

/** Outcome of f: its value's shape, or the error class and message. */
export function outcome(f: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: shape(f()) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Structure and prototypes: toStrictEqual alone treats a null-prototype object like {}. */
export function shape(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(shape);
  return {
    proto: Object.getPrototypeOf(v) === null ? 'null' : Object.getPrototypeOf(v) === NO_MEMBERS ? 'record' : 'object',
    entries: Object.entries(v).map(([k, x]) => [k, shape(x)]),
  };
}
