import fc from 'fast-check';
import type { ViolationKind } from './load.ts';
import type { ValidateFunction } from 'ajv';
import { getSchema, validator } from './ajv.ts';
import { charsetOf, classify, schemaAt } from './violations.ts';
import { charString, emailAddress, httpsUrl } from './strings.ts';

type Schema = Record<string, unknown>;
type Obj = Record<string, unknown>;

export interface GenOptions {
  /** arbitraries for fields whose value comes from the context (merchant id, unique order id, URLs) */
  overrides?: Record<string, fc.Arbitrary<unknown>>;
  /** optional fields never generated */
  omit?: string[];
  /** optional fields: some at random (default), none, or all */
  optional?: 'random' | 'none' | 'all';
}

function classChars(cls: string): string[] {
  // Expand a regex character class into its members (BMP only), by testing candidates.
  const re = new RegExp(`^[${cls}]$`, 'u');
  const out: string[] = [];
  const ranges: Array<[number, number]> = [
    [0x20, 0x7e],
    [0x400, 0x4ff],
  ];
  for (const [a, b] of ranges)
    for (let c = a; c <= b; c++) if (re.test(String.fromCharCode(c))) out.push(String.fromCharCode(c));
  return out;
}

const charsCache = new Map<string, string[]>();
function chars(cls: string): string[] {
  let c = charsCache.get(cls);
  if (!c) charsCache.set(cls, (c = classChars(cls)));
  return c;
}

// fc.stringMatching is costly to build (it tokenises its bias strings against the pattern) and
// arbitraries are immutable: one per pattern
const matchingCache = new Map<string, fc.Arbitrary<string>>();
function matching(pattern: string): fc.Arbitrary<string> {
  let a = matchingCache.get(pattern);
  if (!a) matchingCache.set(pattern, (a = fc.stringMatching(new RegExp(pattern, 'u'))));
  return a;
}

const two = (n: number): string => String(n).padStart(2, '0');
const dateTime: fc.Arbitrary<string> = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31, 23, 59, 59) })
  .map((ms) => {
    const d = new Date(ms);
    const date = `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
    return `${date} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  });

function stringArb(s: Schema): fc.Arbitrary<string> {
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as string[]));
  if (s.const !== undefined) return fc.constant(String(s.const));
  const min = (s.minLength as number | undefined) ?? 0;
  const max = (s.maxLength as number | undefined) ?? Math.max(min, 32);
  const format = s.format as string | undefined;
  // x-gen names what a field holds where the seed gives no format to enforce (Jysan's EMAIL, C(0-80),
  // "Адрес Email клиента"): a valid value is still one a real shop sends, not any string of its length
  const gen = s['x-gen'] as string | undefined;
  if (format === 'uri' || gen === 'url') return httpsUrl.filter((u) => u.length >= min && u.length <= max);
  if (format === 'email' || gen === 'email') return emailAddress.filter((e) => e.length >= min && e.length <= max);
  if (format === 'uuid') return fc.uuid();
  if (format === 'ipv4') return fc.ipV4();
  // x-gen "datetime": a real moment as dd.MM.yyyy HH:mm:ss (the pattern alone also matches 32.13.2025 61:00:00)
  if (s['x-gen'] === 'datetime') return dateTime;
  const pattern = s.pattern as string | undefined;
  if (pattern) {
    const cls = charsetOf(pattern);
    if (cls !== undefined) {
      const lo = Math.max(min, pattern.endsWith('+$') ? 1 : 0);
      return charString(chars(cls), lo, Math.min(max, lo + 64));
    }
    // the default cap of 32 is for free text: a pattern without maxLength may only match longer
    // strings (a 128-hex digest), and a filter no value passes never ends
    const most = (s.maxLength as number | undefined) ?? Infinity;
    return matching(pattern).filter((v) => v.length >= min && v.length <= most);
  }
  return charString(chars('A-Za-z0-9 .,-'), min, Math.min(max, min + 64));
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const step = (s.multipleOf as number | undefined) ?? (integer ? 1 : 0.01);
  const lo =
    (s.minimum as number | undefined) ??
    ((s.exclusiveMinimum as number | undefined) !== undefined ? (s.exclusiveMinimum as number) + step : 0);
  const hi =
    (s.maximum as number | undefined) ??
    ((s.exclusiveMaximum as number | undefined) !== undefined
      ? (s.exclusiveMaximum as number) - step
      : lo + 1_000_000 * step);
  const a = Math.ceil(lo / step - 1e-9);
  const b = Math.floor(hi / step + 1e-9);
  return fc.integer({ min: a, max: b }).map((n) => Number((n * step).toFixed(6)));
}

/** An arbitrary of values valid against a (sub)schema, for the keywords paycert's schemas use. */
export function valueArbitrary(s: Schema): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const branches = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (branches)
    return fc.oneof(...branches.map((b) => valueArbitrary({ ...s, oneOf: undefined, anyOf: undefined, ...b })));
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string | undefined);
  switch (type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = valueArbitrary((s.items ?? {}) as Schema);
      return fc.array(item, {
        minLength: (s.minItems as number | undefined) ?? 0,
        maxLength: (s.maxItems as number | undefined) ?? 3,
      });
    }
    case 'object':
    default:
      return objectArbitrary(s, {});
  }
}

/** An arbitrary of objects valid against an object schema: required fields always, optional ones
 *  per `opts.optional`, context fields from `opts.overrides`. Values are checked with ajv. */
export function objectArbitrary(s: Schema, opts: GenOptions): fc.Arbitrary<Obj> {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const omit = new Set(opts.omit ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [k, ps] of Object.entries(props)) {
    const isRequired = required.has(k);
    if (!isRequired && (omit.has(k) || opts.optional === 'none')) continue;
    record[k] = opts.overrides?.[k] ?? valueArbitrary(ps);
    if (isRequired || opts.optional === 'all') requiredKeys.push(k);
  }
  for (const [k, a] of Object.entries(opts.overrides ?? {}))
    if (!(k in record)) {
      record[k] = a;
      requiredKeys.push(k);
    }
  return fc.record(record, { requiredKeys });
}

/** Set-up verdicts that depend only on the schema and the generation options (a check builds the same
 *  generators for every subject it runs against, and the meta-tests run each check once per defect):
 *  computed once per process. */
const usablePlans = new Map<string, boolean>();
const meetsSchema = new Map<string, boolean>();
function memo<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = compute()));
  return v;
}

/** The generation options as a key: an override arbitrary is known by its first samples (seed 42), so
 *  a context value (a merchant id, a saved card's token) that differs per subject keys its own entry. */
function optionsKey(id: string, opts: GenOptions & PlanOptions): string {
  const overrides = Object.entries(opts.overrides ?? {}).map(([k, a]) => [k, fc.sample(a, { numRuns: 5, seed: 42 })]);
  return JSON.stringify([id, opts.omit ?? [], opts.optional ?? 'random', opts.nested ?? false, overrides]);
}

/** Arbitrary of schema-valid messages (`$id` of a schema under specs/). */
export function validArbitrary(id: string, opts: GenOptions = {}): fc.Arbitrary<Obj> {
  const { raw, v } = generator(id, opts);
  return raw.filter((o) => v(o) as boolean);
}

/** The unfiltered generator of a schema's messages and its validator, once it is known that the
 *  generator can meet the schema (fast-check's filter retries forever). */
function generator(id: string, opts: GenOptions): { raw: fc.Arbitrary<Obj>; v: ValidateFunction } {
  const v = validator(id);
  const raw = objectArbitrary(v.schema as Schema, opts);
  const meets = memo(meetsSchema, optionsKey(id, opts), () =>
    fc.sample(raw, { numRuns: 30, seed: 7 }).some((o) => v(o) as boolean),
  );
  if (!meets) {
    const sample = fc.sample(raw, { numRuns: 1, seed: 7 });
    v(sample[0]);
    throw new Error(`${id}: the generator cannot meet the schema (${JSON.stringify(v.errors?.[0] ?? {})})`);
  }
  return { raw, v };
}

export interface Plan {
  field: string;
  kind: ViolationKind;
  limit?: number;
}

export interface PlanOptions {
  /** JSON bodies: descend into nested objects (a field is its dotted path, `from.card.pan`) and
   *  violate non-string values too (wrong JSON type or out of range, both of kind `format`). */
  nested?: boolean;
}

/** Every single-constraint violation a schema allows: missing, too short, too long, wrong
 *  charset, not in the enumeration, wrong format. Flat by default (form APIs). */
export function violationPlans(id: string, only?: string[], opts: PlanOptions = {}): Plan[] {
  const schema = getSchema(id) as Schema;
  const plans: Plan[] = [];
  const walk = (obj: Schema, prefix: string) => {
    const props = (obj.properties ?? {}) as Record<string, Schema>;
    const required = new Set((obj.required ?? []) as string[]);
    for (const [key, p] of Object.entries(props)) {
      const field = prefix + key;
      const nestedObject = opts.nested === true && p.type === 'object' && p.properties !== undefined;
      const typed = opts.nested === true && ['number', 'integer', 'boolean'].includes(p.type as string);
      if (nestedObject) {
        if (required.has(key) && (!only || only.includes(field))) plans.push({ field, kind: 'missing' });
        walk(p, `${field}.`);
        continue;
      }
      if (only && !only.includes(field)) continue;
      if (p.type !== 'string' && !typed && !required.has(key)) continue;
      if (required.has(key)) plans.push({ field, kind: 'missing' });
      if (typed) plans.push({ field, kind: 'format' });
      if (p.type !== 'string') continue;
      const min = p.minLength as number | undefined;
      const max = p.maxLength as number | undefined;
      if (min !== undefined && min > 1) plans.push({ field, kind: 'tooShort', limit: min });
      if (max !== undefined) plans.push({ field, kind: 'tooLong', limit: max });
      if (Array.isArray(p.enum) || (opts.nested === true && p.const !== undefined)) plans.push({ field, kind: 'enum' });
      else if (typeof p.pattern === 'string')
        plans.push({ field, kind: charsetOf(p.pattern) !== undefined ? 'charset' : 'format' });
      else if (p.format) plans.push({ field, kind: 'format' });
    }
  };
  walk(schema, '');
  return plans;
}

const OUTSIDERS = ['!', '#', '<', '~', ' ', 'Ж', 'z', 'Z', '0', '.', ',', '-', '_', '@', '/'];

/** The OUTSIDERS not in a charset (all of them without one): per charset, as a new RegExp is
 *  compiled on its first test, which cost more than the rest of a violating case. */
const outsidersCache = new Map<string | undefined, string[]>();
function outsiders(cls: string | undefined): string[] {
  return memo(outsidersCache, cls, () => {
    const re = cls === undefined ? undefined : new RegExp(`^[${cls}]$`, 'u');
    return OUTSIDERS.filter((c) => !re || !re.test(c));
  });
}

/** A value of the wrong JSON type, or out of range, for a number, integer or boolean field. */
function brokenTyped(p: Schema, valid: unknown): fc.Arbitrary<unknown> {
  if (p.type === 'boolean') return fc.constantFrom<unknown>(String(valid), 1, 0, 'yes', null);
  const n = typeof valid === 'number' ? valid : 1;
  const out: Array<fc.Arbitrary<unknown>> = [fc.constant(String(n)), fc.constant(null)];
  const max = (p.maximum ?? p.exclusiveMaximum) as number | undefined;
  const min = (p.minimum ?? p.exclusiveMinimum) as number | undefined;
  if (max !== undefined) out.push(fc.integer({ min: 1, max: 1000 }).map((d) => Math.floor(max) + d));
  if (min !== undefined) out.push(fc.integer({ min: 1, max: 1000 }).map((d) => Math.ceil(min) - d));
  if (p.type === 'integer') out.push(fc.constant(n + 0.5));
  return fc.oneof(...out);
}

/** Values that break exactly the planned constraint of a field, given a valid value to start from. */
function brokenValue(p: Schema, plan: Plan, valid: string): fc.Arbitrary<string> {
  const pattern = p.pattern as string | undefined;
  const cls = pattern ? charsetOf(pattern) : undefined;
  // the charset's characters, else the valid value's own (BMP: generated or context values)
  const units = (minLength: number, maxLength: number) =>
    cls !== undefined
      ? charString(chars(cls), minLength, maxLength)
      : charString(valid.length > 0 ? valid.split('') : ['1'], minLength, maxLength, false);
  switch (plan.kind) {
    case 'tooShort':
      return units(1, plan.limit! - 1);
    case 'tooLong':
      if (cls !== undefined) return units(plan.limit! + 1, plan.limit! + 8);
      // an empty (optional) value has nothing to repeat: start from a non-empty valid one
      if (valid.length === 0) {
        const start = pattern ? matching(pattern) : fc.constant('x');
        return start.filter((v) => v.length > 0).chain((v) => brokenValue(p, plan, v));
      }
      // a structured value: lengthen it by repeating its first character (keeps e.g. digits digits)
      return fc.integer({ min: 1, max: 8 }).map((n) => valid[0]!.repeat(plan.limit! - valid.length + n) + valid);
    case 'charset':
    case 'format': {
      if (p.format === 'uri') return fc.constantFrom('not a url', 'http//missing-colon', 'ftp:/x');
      if (p.format === 'email') return fc.constantFrom('no-at-sign.example.com', 'a@', '@b.kz');
      const bad = outsiders(cls);
      const base = valid.length > 0 ? valid : 'x';
      return fc
        .tuple(fc.nat({ max: base.length - 1 }), fc.constantFrom(...bad))
        .map(([i, c]) => base.slice(0, i) + c + base.slice(i + 1));
    }
    case 'enum': {
      const allowed = Array.isArray(p.enum) ? (p.enum as string[]) : [p.const as string];
      // digits of one length (a flag "1", codes "0"-"7"): other digits of that length, so that only the
      // value is wrong ("-1" for GETSTATUS "1" is too long as well, and a gateway may say so first)
      const len = allowed[0]?.length ?? 0;
      if (len > 0 && allowed.every((v) => v.length === len && /^[0-9]+$/.test(v))) {
        const digits = ['0', '2', '5', '9'].map((d) => d.repeat(len)).filter((v) => !allowed.includes(v));
        if (digits.length > 0) return fc.constantFrom(...digits);
      }
      return fc.constantFrom('x', 'zz', '9', 'ru-RU', 'NONE', '-1').filter((v) => !allowed.includes(v));
    }
    default:
      return fc.constant(valid);
  }
}

export interface Violating {
  plan: Plan;
  message: Obj;
}

const REMOVE = Symbol('remove');

/** Copies of `m` whose objects along `path` exist (absent ones generated valid from the schema),
 *  with the last field set to what `leaf` generates from its current value (or removed). */
function alongPath(
  root: Schema,
  m: Obj,
  path: string[],
  leaf: (current: unknown) => fc.Arbitrary<unknown>,
): fc.Arbitrary<Obj> {
  const step = (obj: Obj, i: number): fc.Arbitrary<Obj> => {
    const key = path[i]!;
    if (i === path.length - 1) {
      return leaf(obj[key]).map((value) => {
        const copy = { ...obj };
        if (value === REMOVE) delete copy[key];
        else copy[key] = value;
        return copy;
      });
    }
    const child = obj[key];
    const start =
      child !== null && typeof child === 'object' && !Array.isArray(child)
        ? fc.constant(child as Obj)
        : (valueArbitrary(schemaAt(root, path.slice(0, i + 1)) ?? {}) as fc.Arbitrary<Obj>);
    return start.chain((c) => step(c, i + 1)).map((c) => ({ ...obj, [key]: c }));
  };
  return step(m, 0);
}

/** Messages valid except for exactly one planned violation (checked with ajv and the classifier).
 *  Plans that cannot be produced under the schema's other constraints are dropped up front. */
export function violatingArbitrary(
  id: string,
  opts: GenOptions &
    PlanOptions & { plans?: Plan[]; /** validate the base too (the slow path, for tests) */ validBase?: boolean } = {},
): { arb: fc.Arbitrary<Violating>; plans: Plan[]; forPlan: (plan: Plan) => fc.Arbitrary<Violating> } {
  // Where the schema constrains each field on its own (fieldWise), the base is not validated
  // before it is broken: `exact` validates the whole message it becomes, so a base invalid in
  // another field than the planned one is refused there (a second violation), and one invalid in
  // the planned field only still gives a message with exactly the planned violation. Filtering the
  // base first validated every message twice; on these schemas the filter never refused a base, so
  // the messages are the same (violating-base.test.ts). A rule across fields (anyOf: an id or an
  // order_id) is not generated, and its bases are still filtered.
  const { raw: base, v } = generator(id, opts);
  const schema = v.schema as Schema;
  const valid = opts.validBase === true || !fieldWise(schema) ? base.filter((o) => v(o) as boolean) : base;
  const exact = (plan: Plan, m: Obj) => {
    if (v(m)) return false;
    const found = classify(schema, m, v.errors ?? [], { nested: opts.nested });
    return found.length === 1 && found[0]!.field === plan.field && found[0]!.kind === plan.kind;
  };
  const raw = (plan: Plan): fc.Arbitrary<Obj> =>
    valid.chain((m) => {
      const path = opts.nested ? plan.field.split('.') : [plan.field];
      const ps = schemaAt(schema, path) ?? {};
      return alongPath(schema, m, path, (current) => {
        if (plan.kind === 'missing') return fc.constant(REMOVE);
        // a field absent from this sample: start from a valid value of its own
        if (opts.nested && ps.type !== 'string') {
          const start = current !== undefined ? fc.constant(current) : valueArbitrary(ps);
          return start.chain((value) => brokenTyped(ps, value));
        }
        const start = typeof current === 'string' ? fc.constant(current) : (valueArbitrary(ps) as fc.Arbitrary<string>);
        return start.chain((value) => brokenValue(ps, plan, value));
      });
    });
  const forPlan = (plan: Plan): fc.Arbitrary<Violating> =>
    raw(plan)
      .filter((m) => exact(plan, m))
      .map((message) => ({ plan, message }));
  const candidates = opts.plans ?? violationPlans(id, undefined, { nested: opts.nested });
  // keep the plans whose raw candidates hit exactly one violation often enough to filter on
  const key = `${optionsKey(id, opts)}|${opts.validBase === true}`;
  const plans = candidates.filter((plan) =>
    memo(usablePlans, `${key}|${JSON.stringify(plan)}`, () => usable(raw(plan), (m) => exact(plan, m))),
  );
  if (plans.length === 0) throw new Error(`${id}: no violation can be generated`);
  return { arb: fc.constantFrom(...plans).chain(forPlan), plans, forPlan };
}

/** The root keywords of a schema whose messages are valid field by field: each field against its
 *  own property schema (or patternProperties), the required ones present, no other field. */
const FIELD_WISE = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
]);
const fieldWise = (s: Schema): boolean => Object.keys(s).every((k) => FIELD_WISE.has(k) || k.startsWith('x-'));

/** Whether at least `need` of the first `of` samples (seed 42) of `arb` pass `hit`. Generating
 *  these samples is the expensive part of setting up a violation generator (it blocked the event
 *  loop for seconds per check), so they are drawn one at a time and the count stops as soon as the
 *  answer is known. `path: 'i'` replays exactly the i-th value of `fc.sample(arb, { seed })`, so
 *  the plans kept are the same as when all `of` samples were drawn and counted. */
function usable<T>(arb: fc.Arbitrary<T>, hit: (v: T) => boolean, need = 4, of = 40): boolean {
  let hits = 0;
  for (let i = 0; i < of && hits + (of - i) >= need; i++) {
    const [v] = fc.sample(arb, { numRuns: 1, seed: 42, path: String(i) });
    if (hit(v as T) && ++hits >= need) return true;
  }
  return false;
}
