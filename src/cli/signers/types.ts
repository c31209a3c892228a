import { UsageError } from '../errors.ts';
import { JsonTooDeep, MAX_JSON_DEPTH, notJsonReason, parseJsonBounded } from '../../protocols/common/json-depth.ts';

/** A `paycert sign <profile>` implementation: flags, the raw stdin bytes, the secret → the signature. */
export type Signer = (argv: string[], stdin: Buffer, secret: string) => Promise<string>;

/** stdin as a JSON object of fields; numbers and booleans become the strings that are sent. */
export function jsonObject(stdin: Buffer): Record<string, unknown> {
  let v: unknown;
  const text = stdin.toString('utf8');
  try {
    // bounded: every walk below is recursive (a 100,000-deep object overflowed the stack: exit 4)
    v = parseJsonBounded(text);
  } catch (e) {
    if (e instanceof JsonTooDeep)
      throw new UsageError(`stdin nests deeper than ${MAX_JSON_DEPTH} levels (no message of the APIs does)`);
    throw new UsageError(`stdin is ${notJsonReason(e, text)}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('stdin must be a JSON object of fields');
  const bad = (x: unknown): boolean =>
    x !== null && typeof x === 'object'
      ? Object.values(x as object).some(bad)
      : typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean';
  if (bad(v)) throw new UsageError('field values must be strings, numbers or nested objects/arrays of them');
  return JSON.parse(
    JSON.stringify(v, (_k, x) => (typeof x === 'number' || typeof x === 'boolean' ? String(x) : x)),
  ) as Record<string, unknown>;
}
