import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SPECS, FIXTURES, type ProfileId } from './paths.ts';
import { validate, describeErrors, SCHEMA_BASE } from './ajv.ts';
import { knownValid, rememberValid } from './known-valid.ts';

export type Level = 'MUST' | 'SHOULD' | 'INFERRED';
export type SubjectKind = 'gateway' | 'merchant' | 'sdk';

export interface Rule {
  id: string;
  level: Level;
  subject: SubjectKind;
  area: string;
  statement: string;
  source: string;
  slow?: boolean;
  schema?: string;
  note?: string;
  /** why no single deviation of a reference can break this rule alone (no defect proves its check) */
  noDefect?: string;
  /** judged only against a real target: why a reference cannot be (reported skipped there) */
  realOnly?: string;
}

export interface RuleCatalogue {
  profile: ProfileId;
  title: string;
  sources?: Record<string, string>;
  rules: Rule[];
}

export type ViolationKind = 'missing' | 'tooShort' | 'tooLong' | 'charset' | 'enum' | 'format' | 'unknown';

export interface ErrorCode {
  code: number;
  name?: string;
  level: Level;
  source: string;
  ru?: string;
  en?: string;
  seedText?: Record<string, string>;
  typos?: string[];
  signed?: boolean;
  note?: string;
}

export interface ErrorTable {
  profile: string;
  note?: string;
  codes: ErrorCode[];
  violations?: {
    source?: string;
    level?: Level;
    default?: Partial<Record<ViolationKind, number>>;
    fields?: Record<string, Partial<Record<ViolationKind, number>>>;
    /** codes a violation of these fields may also get (g2g: 10005 "wrong card data" for the card fields) */
    alsoAccepted?: Array<{ fields: string[]; codes: number[]; source: string }>;
  };
}

export interface Vector {
  id: string;
  kind: string;
  title?: string;
  provenance: string;
  rules?: string[];
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
  erratum?: string;
  note?: string;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

let metaText: string | undefined;
const metaSchemasText = (): string =>
  (metaText ??= readdirSync(join(SPECS, '_meta'))
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => readFileSync(join(SPECS, '_meta', f), 'utf8'))
    .join('\0'));

export function checked<T>(path: string, meta: string): T {
  const text = readFileSync(path, 'utf8');
  const data = JSON.parse(text) as unknown;
  // the meta-schema named, and every other (whatever it may refer to)
  const schemaText = `${meta}\0${metaSchemasText()}`;
  if (knownValid(text, schemaText)) return data as T;
  const v = validate(`${SCHEMA_BASE}_meta/${meta}.schema.json`, data);
  if (!v.ok) throw new Error(`${path} does not follow specs/_meta/${meta}.schema.json: ${describeErrors(v.errors)}`);
  rememberValid(text, schemaText);
  return data as T;
}

const cache = new Map<string, unknown>();
function once<T>(key: string, load: () => T): T {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as T;
}

export function loadRules(profile: ProfileId): RuleCatalogue {
  return once(`rules:${profile}`, () => checked<RuleCatalogue>(join(SPECS, profile, 'rules.json'), 'rules'));
}

/** The ids of the profile's rules judged only against real targets (rules.json `realOnly`). */
export function realOnlyRules(profile: ProfileId): Set<string> {
  return new Set(
    loadRules(profile)
      .rules.filter((r) => r.realOnly)
      .map((r) => r.id),
  );
}

export function hasRules(profile: ProfileId): boolean {
  return existsSync(join(SPECS, profile, 'rules.json'));
}

export function loadErrors(profile: ProfileId): ErrorTable {
  return once(`errors:${profile}`, () => checked<ErrorTable>(join(SPECS, profile, 'errors.json'), 'errors'));
}

export function loadVectors(profile: ProfileId): Vector[] {
  return once(
    `vectors:${profile}`,
    () => checked<{ vectors: Vector[] }>(join(FIXTURES, profile, 'vectors.json'), 'vectors').vectors,
  );
}

export function loadFixture<T>(profile: ProfileId, name: string): T {
  return once(`fixture:${profile}:${name}`, () => readJson(join(FIXTURES, profile, name)) as T);
}

export function ruleIndex(profile: ProfileId): Map<string, Rule> {
  return new Map(loadRules(profile).rules.map((r) => [r.id, r]));
}

export function errorCode(profile: ProfileId, code: number): ErrorCode {
  const e = loadErrors(profile).codes.find((c) => c.code === code);
  if (!e) throw new Error(`${profile}: error code ${code} is not in specs/${profile}/errors.json`);
  return e;
}

/** The code a single-constraint violation of `field` gets, per errors.json `violations`. */
export function violationCode(profile: ProfileId, field: string, kind: ViolationKind): number | undefined {
  const v = loadErrors(profile).violations;
  return v?.fields?.[field]?.[kind] ?? v?.default?.[kind];
}

/** Every code a single-constraint violation of `field` may get: the mapped one (violationCode) and
 *  those errors.json `alsoAccepted` allows for the field; empty where nothing is mapped. */
export function violationCodes(profile: ProfileId, field: string, kind: ViolationKind): number[] {
  const mapped = violationCode(profile, field, kind);
  if (mapped === undefined) return [];
  const also = (loadErrors(profile).violations?.alsoAccepted ?? []).filter((a) => a.fields.includes(field));
  return [mapped, ...also.flatMap((a) => a.codes)];
}

/** The code of `field` itself, where errors.json `violations` gives the field one (Jysan: 12 ORDER, 13
 *  AMOUNT, …, the seed's "Неправильное значение в поле ORDER: %s"): every override of the field is it. */
export function ownFieldCode(profile: ProfileId, field: string): number | undefined {
  const codes = new Set(Object.values(loadErrors(profile).violations?.fields?.[field] ?? {}));
  return codes.size === 1 ? [...codes][0] : undefined;
}
