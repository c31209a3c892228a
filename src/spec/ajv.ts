import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SPECS, PROFILES } from './paths.ts';

// ajv and ajv-formats (CommonJS) load on the first validation: a process that only reads schemas
// (a suite module listing a request's fields) never pays for them.
const require = createRequire(import.meta.url);

/** Annotation keywords our schemas may carry (see docs/architecture.md). */
const ANNOTATIONS = ['x-sensitive', 'x-signed', 'x-gen', 'x-note', 'x-rule', 'x-charset', 'x-ours', 'x-documented'];

export const SCHEMA_BASE = 'https://paycert.local/specs/';

let files: Array<Record<string, unknown>> | undefined;

/** Every schema under specs/ (meta-schemas and all profiles), parsed, in the order ajv adds them. */
function schemaFiles(): Array<Record<string, unknown>> {
  if (files) return files;
  const all: Array<Record<string, unknown>> = [];
  for (const file of readdirSync(join(SPECS, '_meta'))) {
    if (file.endsWith('.schema.json')) all.push(JSON.parse(readFileSync(join(SPECS, '_meta', file), 'utf8')));
  }
  for (const p of PROFILES) {
    const dir = join(SPECS, p, 'schemas');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.schema.json')) all.push(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    }
  }
  files = all;
  return all;
}

let byId: Map<string, Record<string, unknown>> | undefined;

let shared: Ajv2020 | undefined;

/** One ajv instance holding every schema under specs/ (meta-schemas and all profiles). Schemas
 *  compile when first used (validator). */
export function ajv(): Ajv2020 {
  if (shared) return shared;
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats') as { default?: unknown };
  const addFormats = (formats.default ?? formats) as (ajv: Ajv2020) => Ajv2020;
  // validateSchema: false — the schemas are ours, held to the JSON Schema 2020-12 meta-schema by
  // test/unit/spec/ajv.test.ts; validating them as they are added compiled that meta-schema in every
  // process (~0.2 CPU-s of each paycert run's main process and of each worker). strict still applies.
  const a = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateSchema: false });
  addFormats(a);
  for (const k of ANNOTATIONS) a.addKeyword({ keyword: k, schemaType: ['boolean', 'string', 'array', 'object'] });
  for (const s of schemaFiles()) a.addSchema(s);
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

/** A schema's JSON (the object ajv validates with), without compiling it: straight from the file
 *  for a schema's own `$id`; anything else (a `#` fragment) goes through ajv. */
export function getSchema(id: string): Record<string, unknown> {
  byId ??= new Map(schemaFiles().flatMap((s) => (typeof s.$id === 'string' ? [[s.$id, s] as const] : [])));
  const s = byId.get(id);
  if (s) return s;
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
