import type { ErrorObject } from 'ajv';
import type { ViolationKind } from './load.ts';

export interface Violation {
  field: string;
  kind: ViolationKind;
  /** the documented limit (length) where there is one */
  limit?: number;
}

type Schema = Record<string, unknown>;

/** `^[class]*$` / `^[class]+$` patterns describe a charset; anything else a format. */
export function charsetOf(pattern: string): string | undefined {
  const m = /^\^\[((?:\\.|[^\]\\])+)\][*+]\$$/.exec(pattern);
  return m ? m[1] : undefined;
}

function propertySchema(root: Schema, field: string): Schema | undefined {
  return ((root.properties ?? {}) as Record<string, Schema>)[field];
}

/** Turn ajv errors over a flat message into violations, ordered as the schema lists its fields.
 *  An empty value of a required field counts as missing. */
export function classify(root: Schema, data: Record<string, unknown>, errors: ErrorObject[]): Violation[] {
  const required = new Set((root.required ?? []) as string[]);
  const order = Object.keys((root.properties ?? {}) as object);
  const out = new Map<string, Violation>();
  for (const e of errors) {
    let field = e.instancePath.split('/')[1] ?? '';
    let v: Violation | undefined;
    switch (e.keyword) {
      case 'required':
        field = String((e.params as { missingProperty: string }).missingProperty);
        v = { field, kind: 'missing' };
        break;
      case 'additionalProperties':
        field = String((e.params as { additionalProperty: string }).additionalProperty);
        v = { field, kind: 'unknown' };
        break;
      case 'minLength':
        v = required.has(field) && data[field] === '' ? { field, kind: 'missing' } : { field, kind: 'tooShort', limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'maxLength':
        v = { field, kind: 'tooLong', limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'pattern': {
        if (required.has(field) && data[field] === '') v = { field, kind: 'missing' };
        else v = { field, kind: charsetOf(String((e.params as { pattern: string }).pattern)) !== undefined ? 'charset' : 'format' };
        break;
      }
      case 'enum':
      case 'const':
        v = { field, kind: 'enum' };
        break;
      case 'if':
      case 'anyOf':
      case 'oneOf':
        continue; // the branch errors carry the detail
      default:
        v = { field, kind: 'format' };
    }
    if (!field) continue;
    const prev = out.get(field);
    // one violation per field: missing beats length beats charset/format
    const rank: ViolationKind[] = ['missing', 'tooShort', 'tooLong', 'charset', 'enum', 'format', 'unknown'];
    if (!prev || rank.indexOf(v.kind) < rank.indexOf(prev.kind)) out.set(field, v);
  }
  const idx = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return [...out.values()].sort((a, b) => idx(a.field) - idx(b.field));
}

export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'missing': return `${v.field} is required`;
    case 'tooShort': return `${v.field} is shorter than ${v.limit} characters`;
    case 'tooLong': return `${v.field} is longer than ${v.limit} characters`;
    case 'charset': return `${v.field} has characters outside its charset`;
    case 'enum': return `${v.field} is not one of the allowed values`;
    case 'format': return `${v.field} is not in the required format`;
    case 'unknown': return `${v.field} is not an accepted field`;
  }
}

export { propertySchema };
