import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SPECS, PROFILES } from './paths.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

/** Annotation keywords our schemas may carry (see docs/architecture.md). */
const ANNOTATIONS = ['x-sensitive', 'x-signed', 'x-gen', 'x-note', 'x-rule', 'x-charset'];

export const SCHEMA_BASE = 'https://paycert.local/specs/';

let shared: Ajv2020 | undefined;

/** One ajv instance holding every schema under specs/ (meta-schemas and all profiles). */
export function ajv(): Ajv2020 {
  if (shared) return shared;
  const a = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(a);
  for (const k of ANNOTATIONS) a.addKeyword({ keyword: k, schemaType: ['boolean', 'string', 'array', 'object'] });
  for (const file of readdirSync(join(SPECS, '_meta'))) {
    if (file.endsWith('.schema.json')) a.addSchema(JSON.parse(readFileSync(join(SPECS, '_meta', file), 'utf8')));
  }
  for (const p of PROFILES) {
    const dir = join(SPECS, p, 'schemas');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.schema.json')) a.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    }
  }
  shared = a;
  return a;
}

export function schemaId(profile: string, name: string): string {
  return `${SCHEMA_BASE}${profile}/schemas/${name.endsWith('.schema.json') ? name : `${name}.schema.json`}`;
}

const compiled = new Map<string, ValidateFunction>();

export function validator(id: string): ValidateFunction {
  let v = compiled.get(id);
  if (!v) {
    v = ajv().getSchema(id);
    if (!v) throw new Error(`unknown schema ${id}`);
    compiled.set(id, v);
  }
  return v;
}

export function getSchema(id: string): Record<string, unknown> {
  const v = validator(id);
  return v.schema as Record<string, unknown>;
}

export interface Validation {
  ok: boolean;
  errors: ErrorObject[];
}

export function validate(id: string, data: unknown): Validation {
  const v = validator(id);
  const ok = v(data) as boolean;
  return { ok, errors: ok ? [] : [...(v.errors ?? [])] };
}

/** One line per ajv error, for reasons and evidence. */
export function describeErrors(errors: ErrorObject[]): string {
  return errors
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && 'missingProperty' in e.params ? ` (${String(e.params.missingProperty)})` : ''}`,
    )
    .join('; ');
}
