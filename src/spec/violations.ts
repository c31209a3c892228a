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

export interface ClassifyOptions {
  /** JSON bodies: a field inside nested objects is its dotted path (`from.card.pan`), and fields are
   *  ordered depth-first as the schema lists them. Without it only the top-level name counts (form
   *  APIs). Paths through arrays keep the top-level behaviour either way. */
  nested?: boolean;
}

/** Decoded JSON-pointer segments of an ajv instancePath. */
function segmentsOf(instancePath: string): string[] {
  return instancePath === ''
    ? []
    : instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The (sub)schema at an object path, following `properties` only. */
export function schemaAt(root: Schema, path: readonly string[]): Schema | undefined {
  let s: Schema | undefined = root;
  for (const k of path) s = s ? ((s.properties ?? {}) as Record<string, Schema>)[k] : undefined;
  return s;
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let v: unknown = data;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Every field path of an object schema, depth-first in the order the schema lists them. */
export function fieldOrder(root: Schema, prefix: string[] = []): string[] {
  const out: string[] = [];
  for (const [k, p] of Object.entries((root.properties ?? {}) as Record<string, Schema>)) {
    out.push([...prefix, k].join('.'));
    if (p.properties) out.push(...fieldOrder(p, [...prefix, k]));
  }
  return out;
}

/** Turn ajv errors over a message into violations, ordered as the schema lists its fields.
 *  An empty value of a required field counts as missing. */
export function classify(
  root: Schema,
  data: Record<string, unknown>,
  errors: ErrorObject[],
  opts: ClassifyOptions = {},
): Violation[] {
  const order = opts.nested ? fieldOrder(root) : Object.keys((root.properties ?? {}) as object);
  const out = new Map<string, Violation>();
  for (const e of errors) {
    const segs = segmentsOf(e.instancePath);
    const deep = opts.nested === true && !segs.some((s) => /^[0-9]+$/.test(s));
    // the field's path from the root
    let path = deep ? segs : segs.slice(0, 1);
    const isMissingEmpty = (p: string[]) => {
      const owner = deep ? schemaAt(root, p.slice(0, -1)) : root;
      const req = new Set((owner?.required ?? []) as string[]);
      return req.has(p[p.length - 1] ?? '') && (deep ? valueAt(data, p) : data[p[0] ?? '']) === '';
    };
    let v: Violation | undefined;
    switch (e.keyword) {
      case 'required':
        path = deep
          ? [...segs, String((e.params as { missingProperty: string }).missingProperty)]
          : [String((e.params as { missingProperty: string }).missingProperty)];
        v = { field: '', kind: 'missing' };
        break;
      case 'additionalProperties':
        path = deep
          ? [...segs, String((e.params as { additionalProperty: string }).additionalProperty)]
          : [String((e.params as { additionalProperty: string }).additionalProperty)];
        v = { field: '', kind: 'unknown' };
        break;
      case 'minLength':
        v = isMissingEmpty(path)
          ? { field: '', kind: 'missing' }
          : { field: '', kind: 'tooShort', limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'maxLength':
        v = { field: '', kind: 'tooLong', limit: Number((e.params as { limit: number }).limit) };
        break;
      case 'pattern': {
        if (isMissingEmpty(path)) v = { field: '', kind: 'missing' };
        else
          v = {
            field: '',
            kind: charsetOf(String((e.params as { pattern: string }).pattern)) !== undefined ? 'charset' : 'format',
          };
        break;
      }
      case 'enum':
      case 'const':
        v = { field: '', kind: 'enum' };
        break;
      case 'if':
      case 'anyOf':
      case 'oneOf':
        continue; // the branch errors carry the detail
      default:
        v = { field: '', kind: 'format' };
    }
    const field = path.join('.');
    if (!field) continue;
    v.field = field;
    const prev = out.get(field);
    // one violation per field: missing beats length beats charset/format
    const rank: ViolationKind[] = ['missing', 'tooShort', 'tooLong', 'charset', 'enum', 'format', 'unknown'];
    if (!prev || rank.indexOf(v.kind) < rank.indexOf(prev.kind)) out.set(field, v);
  }
  const idx = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return [...out.values()].sort((a, b) => idx(a.field) - idx(b.field));
}

/** A charset the documents only recommend (`x-charset: "recommended"` in the schema): breaking it is
 *  advice to the merchant, not a reason to refuse. */
export function isAdvisory(root: Schema, v: Violation): boolean {
  return v.kind === 'charset' && propertySchema(root, v.field)?.['x-charset'] === 'recommended';
}

const KEYWORD: Record<ViolationKind, string> = {
  missing: 'required',
  tooShort: 'minLength',
  tooLong: 'maxLength',
  charset: 'pattern',
  format: 'pattern',
  enum: 'enum',
  unknown: 'additionalProperties',
};

/** A constraint the documents do not state but we chose (our bound, our charset: `x-ours` in the schema,
 *  the keywords it lists, or `true` for all of the field's): a gateway that does not enforce it breaks
 *  nothing the documents say, so no rule about documented constraints is judged on it. */
export function isOurs(root: Schema, v: Violation): boolean {
  const ours = propertySchema(root, v.field)?.['x-ours'];
  return ours === true || (Array.isArray(ours) && ours.includes(KEYWORD[v.kind]));
}

/** The ajv errors that remain once the constraints of our own (x-ours, as isOurs) are taken out: what a
 *  message the subject wrote (a gateway's reply) is judged on. A field in nested objects is found through
 *  `properties`; an error inside a list, or with no field, stays. */
export function withoutOurs(root: Schema, errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => {
    const ours = e.instancePath === '' ? undefined : schemaAt(root, segmentsOf(e.instancePath))?.['x-ours'];
    return !(ours === true || (Array.isArray(ours) && ours.includes(e.keyword)));
  });
}

/** A value that breaks a field's pattern only where the pattern is stricter than the documents
 *  (`x-documented`: the documented pattern and numeric range, e.g. money "005" or a lifetime "0300":
 *  the documents forbid neither leading zeros nor allow them): not a documented violation. */
export function withinDocumented(root: Schema, field: string, value: unknown): boolean {
  const d = propertySchema(root, field)?.['x-documented'] as
    { pattern: string; minimum?: number; maximum?: number } | undefined;
  if (!d || typeof value !== 'string' || !new RegExp(d.pattern).test(value)) return false;
  const n = Number(value);
  return (d.minimum === undefined || n >= d.minimum) && (d.maximum === undefined || n <= d.maximum);
}

/** Values under a field's documented minimum (`x-documented.minimum` above 0) that its pattern refuses
 *  too: zero, zero with the minimum's decimals, one decimal more than the minimum has, and the step just
 *  under it ("0", "0.00", "0.001" for 0.01; "0", "299" for 300). The pattern says the minimum only as a
 *  regex, which generated violations seldom hit at its boundary. */
export function belowDocumentedMinimum(p: Schema | undefined): string[] {
  const min = (p?.['x-documented'] as { minimum?: number } | undefined)?.minimum;
  if (min === undefined || min <= 0) return [];
  const dec = (String(min).split('.')[1] ?? '').length;
  const zero = dec > 0 ? `0.${'0'.repeat(dec)}` : '0';
  const values = ['0', zero, ...(dec > 0 ? [`${zero}1`] : []), (min - 10 ** -dec).toFixed(dec)];
  const re = typeof p?.pattern === 'string' ? new RegExp(p.pattern) : undefined;
  return [...new Set(values)].filter((v) => Number(v) < min && !re?.test(v));
}

export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'missing':
      return `${v.field} is required`;
    case 'tooShort':
      return `${v.field} is shorter than ${v.limit} characters`;
    case 'tooLong':
      return `${v.field} is longer than ${v.limit} characters`;
    case 'charset':
      return `${v.field} has characters outside its charset`;
    case 'enum':
      return `${v.field} is not one of the allowed values`;
    case 'format':
      return `${v.field} is not in the required format`;
    case 'unknown':
      return `${v.field} is not an accepted field`;
  }
}

export { propertySchema };
