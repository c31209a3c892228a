import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { AJV_CACHE_DIR, cacheKey, loadValidator, storeValidator } from './ajv-cache.ts';
import { SPECS, PROFILES } from './paths.ts';

// ajv and ajv-formats (CommonJS) load on the first validation: a process that only reads schemas
// (a suite module listing a request's fields) never pays for them.
const require = createRequire(import.meta.url);

/** Annotation keywords our schemas may carry (see docs/architecture.md). */
const ANNOTATIONS = [
  'x-sensitive',
  'x-signed',
  'x-gen',
  'x-note',
  'x-rule',
  'x-charset',
  'x-ours',
  'x-documented',
  'x-not-card',
];

export const SCHEMA_BASE = 'https://paycert.local/specs/';

/** A schema file: its text (part of the compiled code's cache key) and its JSON. */
export interface SchemaFile {
  text: string;
  schema: Record<string, unknown>;
}

let files: SchemaFile[] | undefined;

/** Every schema under specs/ (meta-schemas and all profiles), in the order ajv adds them. */
export function schemaFiles(): SchemaFile[] {
  if (files) return files;
  const all: SchemaFile[] = [];
  const read = (path: string): void => {
    const text = readFileSync(path, 'utf8');
    all.push({ text, schema: JSON.parse(text) as Record<string, unknown> });
  };
  for (const file of readdirSync(join(SPECS, '_meta'))) {
    if (file.endsWith('.schema.json')) read(join(SPECS, '_meta', file));
  }
  for (const p of PROFILES) {
    const dir = join(SPECS, p, 'schemas');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.schema.json')) read(join(dir, file));
    }
  }
  files = all;
  return all;
}

// validateSchema: false — the schemas are ours, held to the JSON Schema 2020-12 meta-schema by
// test/unit/spec/ajv.test.ts; validating them as they are added compiled that meta-schema in every
// process (~0.2 CPU-s of each paycert run's main process and of each worker). strict still applies.
// code.source keeps the generated code, for the cache (src/spec/ajv-cache.ts).
const OPTIONS = {
  allErrors: true,
  strict: true,
  strictRequired: false,
  validateSchema: false,
  code: { source: true },
} as const;

/** Validators for one set of schema files: compiled by ajv (all the files added to one instance,
 *  built when first needed), or loaded from the code an earlier process compiled (`cacheDir`,
 *  src/spec/ajv-cache.ts). */
export class Validators {
  private instance: Ajv2020 | undefined;
  private baseKey: string | undefined;
  private readonly byId: Map<string, Record<string, unknown>>;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** How many validators came from the cache (for tests). */
  loaded = 0;

  constructor(
    private readonly files: readonly SchemaFile[],
    private readonly cacheDir: string | undefined,
  ) {
    this.byId = new Map(
      files.flatMap(({ schema }) => (typeof schema.$id === 'string' ? [[schema.$id, schema] as const] : [])),
    );
  }

  ajv(): Ajv2020 {
    if (this.instance) return this.instance;
    const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const formats = require('ajv-formats') as { default?: unknown };
    const addFormats = (formats.default ?? formats) as (ajv: Ajv2020) => Ajv2020;
    const a = new Ajv2020({ ...OPTIONS, code: { ...OPTIONS.code } });
    addFormats(a);
    for (const k of ANNOTATIONS) a.addKeyword({ keyword: k, schemaType: ['boolean', 'string', 'array', 'object'] });
    for (const f of this.files) a.addSchema(f.schema);
    this.instance = a;
    return a;
  }

  /** A schema file's own JSON, by its `$id`. */
  schema(id: string): Record<string, unknown> | undefined {
    return this.byId.get(id);
  }

  validator(id: string): ValidateFunction {
    let v = this.compiled.get(id);
    if (v) return v;
    const schema = this.byId.get(id);
    if (schema && this.cacheDir) {
      const key = this.key(id);
      v = loadValidator(this.cacheDir, key);
      if (v) {
        // what ajv's own function carries, for callers that read it
        v.schema = schema;
        this.loaded++;
      } else {
        v = this.compile(id);
        const { default: standaloneCode } =
          require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
        storeValidator(this.cacheDir, key, standaloneCode(this.ajv(), v));
      }
    } else {
      // a fragment (`…#/$defs/x`): its schema is what ajv resolves
      v = this.compile(id);
    }
    this.compiled.set(id, v);
    return v;
  }

  private compile(id: string): ValidateFunction {
    const v = this.ajv().getSchema(id);
    if (!v) throw new Error(`unknown schema ${id}`);
    return v;
  }

  private key(id: string): string {
    this.baseKey ??= cacheKey([
      (require('ajv/package.json') as { version: string }).version,
      (require('ajv-formats/package.json') as { version: string }).version,
      JSON.stringify(OPTIONS),
      ANNOTATIONS.join(','),
      ...this.files.map((f) => f.text),
    ]);
    return cacheKey([this.baseKey, id]);
  }
}

let shared: Validators | undefined;
const validators = (): Validators =>
  (shared ??= new Validators(schemaFiles(), process.env.PAYCERT_NO_AJV_CACHE === '1' ? undefined : AJV_CACHE_DIR));

/** One ajv instance holding every schema under specs/ (meta-schemas and all profiles). Schemas
 *  compile when first used (validator). */
export function ajv(): Ajv2020 {
  return validators().ajv();
}

export function schemaId(profile: string, name: string): string {
  return `${SCHEMA_BASE}${profile}/schemas/${name.endsWith('.schema.json') ? name : `${name}.schema.json`}`;
}

export function validator(id: string): ValidateFunction {
  return validators().validator(id);
}

/** A schema's JSON (the object ajv validates with), without compiling it: straight from the file
 *  for a schema's own `$id`; anything else (a `#` fragment) goes through ajv. */
export function getSchema(id: string): Record<string, unknown> {
  const s = validators().schema(id);
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

/** Errors named in a description: a reply of a million wrong elements gave a 30 MB reason (several
 *  errors each, with allErrors), built, redacted and stored whole. */
const DESCRIBED_ERRORS = 20;

/** The property an error is about, shown after its message: the missing one, or the one not allowed
 *  (a declaration's `__proto__` or misspelt key was refused without naming it), JSON-quoted and cut:
 *  it is the user's text. */
export function errorSubject(params: ErrorObject['params'] | undefined): string {
  if (!params) return '';
  const name =
    'missingProperty' in params
      ? params.missingProperty
      : 'additionalProperty' in params
        ? params.additionalProperty
        : undefined;
  if (name === undefined) return '';
  const text = String(name);
  return ` (${'missingProperty' in params ? text : JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)})`;
}

/** The errors with the value each is about in its message (` (got "value")`), so that a reason names what
 *  was sent or returned, not only the field. The caller redacts `data` first (by field name: a token,
 *  a CVC never shows). */
export function withValues(errors: ErrorObject[], data: unknown): ErrorObject[] {
  return errors.map((e) => {
    const got = gotValue(data, e);
    return got ? { ...e, message: `${e.message ?? e.keyword}${got}` } : e;
  });
}

/** ` (got "value")`: the value at the error's place in `data`, JSON-quoted and cut at 40 characters; ''
 *  where nothing is there (a missing property). */
function gotValue(data: unknown, e: ErrorObject): string {
  let v: unknown = data;
  for (const seg of e.instancePath.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return '';
    v = (v as Record<string, unknown>)[key];
  }
  if (v === data || v === undefined) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const cut =
    text.length > 40
      ? `${JSON.stringify(text.slice(0, 40)).slice(0, -1)}…" (${text.length} characters)`
      : JSON.stringify(text);
  return ` (got ${cut})`;
}

/** Errors looked at for the description (the rest are counted): a reply of a million wrong elements. */
const GROUPED_ERRORS = 10_000;

/** One line of ajv errors (the first DESCRIBED_ERRORS, then how many more), for reasons and evidence. The
 *  same error at the same place in other elements of an array is said once, with how many: a declaration
 *  of 30 orders with numeric amounts was 20 times "/orders/N/amount must be string" and "… and 10 more". */
export function describeErrors(errors: ErrorObject[]): string {
  const groups = new Map<string, { first: string; at: string; more: number }>();
  for (const e of errors.slice(0, GROUPED_ERRORS)) {
    const what = `${e.message ?? e.keyword}${errorSubject(e.params)}`;
    const at = e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*');
    const g = groups.get(`${at} ${what}`);
    if (g) g.more++;
    else groups.set(`${at} ${what}`, { first: `${e.instancePath || '/'} ${what}`, at, more: 0 });
  }
  const all = [...groups.values()];
  const more = all
    .slice(DESCRIBED_ERRORS)
    .reduce((n, g) => n + 1 + g.more, Math.max(0, errors.length - GROUPED_ERRORS));
  return all
    .slice(0, DESCRIBED_ERRORS)
    .map((g) => (g.more > 0 ? `${g.first} (the same at ${g.more} more ${g.at})` : g.first))
    .join('; ')
    .concat(more > 0 ? `; … and ${more} more` : '');
}
