import { SCHEMA_BASE, getSchema, validate } from '../../spec/ajv.ts';
import { classify, fieldOrder } from '../../spec/violations.ts';
import { violationCode } from '../../spec/load.ts';
import {
  V5_ACTIONS,
  hasAtMostTwoDecimals,
  numberLiterals,
  type V5Operation,
} from '../../protocols/greenleaves-v5/index.ts';
import { decodeUtf8Strict } from '../../protocols/greenleaves-v5/b64.ts';
import type { Violation } from './context.ts';

export type Body = Record<string, unknown>;

/** The body as a JSON object, or undefined (1106) when it is not UTF-8, not JSON or not an object. */
export function parseBody(raw: Buffer): Body | undefined {
  const text = decodeUtf8Strict(raw);
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : undefined;
}

/** The request body schema of an operation (edit actions point into edit-request.schema.json). */
export function bodySchemaId(op: V5Operation): string {
  return `${SCHEMA_BASE}greenleaves-v5/schemas/${V5_ACTIONS[op].schema}`;
}

/** Every violation of the operation's body schema (and of the 2-decimal amount rule), in the order
 *  the schema lists the fields, each with the code errors.json assigns. `text`, the body as received:
 *  the amount's decimals are those it writes (0.050000000000000003 has 18, though it parses as 0.05). */
export function violations(op: V5Operation, body: Body, decimals = true, text?: string): Violation[] {
  const id = bodySchemaId(op);
  const schema = getSchema(id);
  const v = validate(id, body);
  const found = v.ok ? [] : classify(schema, body, v.errors, { nested: true });
  if (
    decimals &&
    typeof body.amount === 'number' &&
    !found.some((f) => f.field === 'amount') &&
    !hasAtMostTwoDecimals((text === undefined ? undefined : numberLiterals(text).get('amount')) ?? body.amount)
  ) {
    found.push({ field: 'amount', kind: 'format' });
  }
  // the schema's field order only sorts two or more (most requests have none)
  if (found.length > 1) {
    const order = fieldOrder(schema);
    const idx = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
    found.sort((a, b) => idx(a.field) - idx(b.field));
  }
  return found.map((f) => ({
    field: f.field,
    kind: f.kind,
    code: violationCode('greenleaves-v5', f.field, f.kind) ?? 2002,
  }));
}

/** {field} of the message: read and edit name a payment by id or order_id. */
export function messageField(found: Violation[]): string {
  const missing = new Set(found.filter((f) => f.kind === 'missing').map((f) => f.field));
  return missing.has('id') && missing.has('order_id') ? 'id|order_id' : (found[0]?.field ?? '');
}
