// Redaction of evidence before anything is written: PAN masked to first6/last4, CVC and secrets
// removed. Applied to structured values (by key) and to free text (by pattern), everywhere, in
// every process: the key set comes from the schemas (`x-sensitive: true`), the secret values from
// the environment (src/spec/credentials.ts), both loaded at first use.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES, SPECS } from '../spec/paths.ts';
import { secretValues } from '../spec/credentials.ts';

export const REMOVED = '[removed]';
export const SECRET = '[secret]';

// Names that are sensitive in any API, whatever the schemas say (a safety net for undeclared fields).
const GENERIC_PAN = /(^|_)(pan|card_?number)$/i;
const GENERIC_DROP = /(^|_)(cvc2?|cvv2?|secret|secret_key|shared_secret|password|otp|authorization|cookie)$/i;
const GENERIC_TEXT_KEYS = '(?:[a-z_]*_)?(?:pan|card_?number|cvc2?|cvv2?|secret_key|shared_secret|password|otp)';

interface Sensitive {
  /** x-sensitive fields: value dropped, or masked when it is a card number (x-gen "pan") */
  keys: Map<string, 'pan' | 'drop'>;
  /** names of x-sensitive objects (their whole content is card data) */
  objects: Set<string>;
  /** alternation of the field names, for the free-text patterns */
  textKeys: string;
}

export function defaultSchemaDirs(): string[] {
  return PROFILES.map((p) => join(SPECS, p, 'schemas')).filter((d) => existsSync(d));
}

/** The sensitive field names of every `*.schema.json` in the given folders. Fields inside an
 *  x-sensitive object are covered by that object. */
export function sensitiveFields(dirs: string[]): Sensitive {
  const keys = new Map<string, 'pan' | 'drop'>();
  const objects = new Set<string>();
  const visit = (node: unknown, name: string | undefined, inside: boolean): void => {
    if (Array.isArray(node)) return node.forEach((x) => visit(x, undefined, inside));
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const marked = n['x-sensitive'] === true && name !== undefined;
    if (marked && !inside) {
      if (n.type === 'object' || n.properties) objects.add(name);
      else keys.set(name, n['x-gen'] === 'pan' || GENERIC_PAN.test(name) ? 'pan' : 'drop');
    }
    for (const [k, v] of Object.entries(n)) {
      if ((k === 'properties' || k === 'patternProperties') && v && typeof v === 'object') {
        for (const [prop, sub] of Object.entries(v as Record<string, unknown>)) visit(sub, prop, inside || marked);
      } else if (typeof v === 'object') visit(v, undefined, inside || marked);
    }
  };
  for (const dir of dirs) {
    for (const file of readdirSync(dir))
      if (file.endsWith('.schema.json')) visit(JSON.parse(readFileSync(join(dir, file), 'utf8')), undefined, false);
  }
  const names = [...keys.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { keys, objects, textKeys: [GENERIC_TEXT_KEYS, ...names].join('|') };
}

let sensitive: Sensitive | undefined;
let secrets: Set<string> | undefined;
/** `secrets` longest first, rebuilt when one is added */
let bySize: string[] | undefined;

/** Which schema folders define the sensitive fields (default: every profile's specs/<p>/schemas). */
export function useSchemas(dirs: string[]): void {
  sensitive = sensitiveFields(dirs);
  patterns = undefined;
}

function fields(): Sensitive {
  sensitive ??= sensitiveFields(defaultSchemaDirs());
  return sensitive;
}

function secretSet(): Set<string> {
  if (!secrets) {
    secrets = new Set();
    for (const s of secretValues()) registerSecret(s);
  }
  return secrets;
}

/** Register a secret value so that it is replaced wherever it appears. Short values are ambiguous
 *  in free text (amounts, ids), so they are only dropped by key; paycert's defaults are long.
 *  The configured secrets of every profile are registered automatically at first use. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  const set = secretSet();
  // as sent in a form, in JSON, in XML
  for (const v of [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  ]) {
    if (v.length >= 6 && !set.has(v)) {
      set.add(v);
      bySize = undefined;
    }
  }
}

export function maskPan(digits: string): string {
  if (/^[0-9]{6}\*+[0-9]{4}$/.test(digits)) return digits; // already masked
  const d = digits.replace(/[^0-9]/g, '');
  if (d.length < 11) return '*'.repeat(d.length);
  return `${d.slice(0, 6)}${'*'.repeat(d.length - 10)}${d.slice(-4)}`;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (dbl) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function replaceSecrets(s: string): string {
  let out = s;
  // longest first, so that an encoded variant containing the plain value is replaced whole
  bySize ??= [...secretSet()].sort((a, b) => b.length - a.length);
  for (const v of bySize) if (out.includes(v)) out = out.split(v).join(SECRET);
  return out;
}

function kindOf(key: string): 'pan' | 'drop' | 'object' | undefined {
  const f = fields();
  if (f.objects.has(key)) return 'object';
  const k = f.keys.get(key);
  if (k) return k;
  if (GENERIC_PAN.test(key)) return 'pan';
  if (GENERIC_DROP.test(key)) return 'drop';
  return undefined;
}

function redactValueFor(key: string, raw: string): string {
  return kindOf(key) === 'pan' ? maskPan(decodeURIComponentSafe(raw)) : REMOVED;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

// key=value (form, query), "key":"value" (JSON), <key>value</key> (XML), for the sensitive keys;
// "object":{…} for the sensitive objects (flat objects: card data has no nesting).
let patterns: { form: RegExp; json: RegExp; xml: RegExp; obj: RegExp | undefined } | undefined;
function textPatterns(): NonNullable<typeof patterns> {
  if (patterns) return patterns;
  const f = fields();
  const alt = `(?:${f.textKeys})`;
  const objs = [...f.objects].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  patterns = {
    form: new RegExp(`((?:^|[?&;\\s])${alt}=)([^&\\s]*)`, 'gi'),
    json: new RegExp(`("${alt}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[0-9]+)`, 'gi'),
    xml: new RegExp(`(<(${alt})>)([^<]*)(</\\2>)`, 'gi'),
    obj: objs.length > 0 ? new RegExp(`("(?:${objs.join('|')})"\\s*:\\s*)(\\{[^{}]*\\})`, 'g') : undefined,
  };
  return patterns;
}
/** The text as the PAN scan reads it, index for index: a URL escape is a separator (%20 and "+" a
 *  space, the others nothing a number continues through), so a PAN echoed URL-encoded is seen. */
function panView(s: string): string {
  return s
    .replace(/%20/g, '   ')
    .replace(/%[0-9A-Fa-f]{2}/g, '\0\0\0')
    .replace(/\+/g, ' ');
}

/** Tokens of the view: runs of letters and digits joined by "-" (a dashed PAN, a UUID, an id). */
const TOKEN_RE = /[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*/g;
const UUID_SHAPE = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** Where the free-text card numbers of `s` are ([start, end) spans). A card number is 13 to 19
 *  digits passing Luhn, written whole or in groups split by spaces or dashes (also "+" and %20 of
 *  URL encoding), anywhere a letter or digit does not join it to more: a UUID (all-digit or not),
 *  digits glued to letters (a hex digest, "PAN4111…") and more than 19 digits in a row are never
 *  one; digits after a word and a dash ("ref-4111…") are. Inside a
 *  sequence of number groups, the first longest Luhn-valid window of 13 to 19 digits is taken, so
 *  a PAN followed or preceded by another number (an expiry, an amount) is still found. */
function panSpans(s: string): Array<[number, number]> {
  const view = panView(s);
  const spans: Array<[number, number]> = [];
  // the digit groups of the current sequence: [start, end) in s
  let groups: Array<[number, number]> = [];
  let lastEnd = -1;
  const flush = (): void => {
    let i = 0;
    while (i < groups.length) {
      let taken = -1;
      let digits = 0;
      const lens: number[] = [];
      for (let j = i; j < groups.length && digits <= 19; j++) {
        digits += groups[j]![1] - groups[j]![0];
        lens.push(digits);
      }
      for (let j = i + lens.length - 1; j >= i && taken < 0; j--) {
        const n = lens[j - i]!;
        if (n < 13 || n > 19) continue;
        const d = groups
          .slice(i, j + 1)
          .map(([a, b]) => s.slice(a, b))
          .join('');
        if (luhn(d)) taken = j;
      }
      if (taken < 0) i++;
      else {
        spans.push([groups[i]![0], groups[taken]![1]]);
        i = taken + 1;
      }
    }
    groups = [];
  };
  for (const m of view.matchAll(TOKEN_RE)) {
    const tok = m[0];
    const start = m.index;
    // a sequence continues over spaces only (one to three: a space, "+" or %20)
    if (!/^ {1,3}$/.test(view.slice(lastEnd, start))) flush();
    lastEnd = start + tok.length;
    // a UUID (hex or all digits) is an id, never a card number
    if (UUID_SHAPE.test(tok)) {
      flush();
      continue;
    }
    // the token's parts between dashes: a part of digits alone is a group of the sequence (a dashed
    // PAN, or a PAN after "ref-"); a part with a letter (a word, a hex run) or more digits than a PAN
    // ends it
    let at = start;
    for (const part of tok.split('-')) {
      if (/^[0-9]{1,19}$/.test(part)) groups.push([at, at + part.length]);
      else flush();
      at += part.length + 1;
    }
  }
  flush();
  return spans;
}

/** Mask every free-text card number of `s` (panSpans). */
function maskFreePans(s: string): string {
  let out = '';
  let at = 0;
  for (const [a, b] of panSpans(s)) {
    out += s.slice(at, a) + maskPan(s.slice(a, b).replace(/%20/g, ' '));
    at = b;
  }
  return out + s.slice(at);
}

function keyOf(fragment: string): string {
  return fragment.replace(/^[?&;\s"<]*/, '').replace(/["=:<>\s].*$/s, '');
}

/** Redact free text: bodies, logs, signature base strings, error messages. */
export function redactText(input: string): string {
  const p = textPatterns();
  let s = replaceSecrets(input);
  if (p.obj) {
    s = s.replace(p.obj, (_m, k: string, body: string) => {
      try {
        return `${k}${JSON.stringify(walk(JSON.parse(body), '', true))}`;
      } catch {
        return `${k}"${REMOVED}"`;
      }
    });
  }
  s = s.replace(p.form, (_m, k: string, v: string) => `${k}${redactValueFor(keyOf(k), v)}`);
  s = s.replace(p.json, (_m, k: string, v: string) => `${k}"${redactValueFor(keyOf(k), v.replace(/^"|"$/g, ''))}"`);
  s = s.replace(
    p.xml,
    (_m, open: string, key: string, v: string, close: string) => `${open}${redactValueFor(key, v)}${close}`,
  );
  return maskFreePans(s);
}

/** Redact a structured value (parsed form, JSON, XML object) by key, then its strings as text. */
export function redact<T>(value: T): T {
  return walk(value, '', false) as T;
}

/** `inside`: within a sensitive object, where every value is card data. */
function walk(v: unknown, key: string, inside: boolean): unknown {
  const kind = key ? kindOf(key) : undefined;
  if (typeof v === 'string' || typeof v === 'number') {
    if (kind === 'pan') return maskPan(String(v));
    if (kind || inside) return REMOVED;
    return typeof v === 'string' ? redactText(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => walk(x, key, inside));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    // fromEntries defines own properties: a "__proto__" key in received data stays data
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, inside || kind === 'object')]));
  }
  return v;
}
