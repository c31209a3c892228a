import { FormError } from '../common/form.ts';
import { record } from '../common/record.ts';
import type { PgMessage, PgValue } from './message.ts';
import { quote } from '../../harness/clip.ts';

/** Levels of bracket nesting a field name may have (PHP's max_input_nesting_level: 64). */
const MAX_NESTING = 64;

/** Names that would reach Object.prototype (or a constructor) if used as a key on a plain object. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** A field name from the wire for a FormError's message (it may be megabytes long). */
const shownName = (name: string): string => (name.length > 80 ? `${quote(name, 80)}…` : quote(name, 80));

/** Nested message → form pairs in bracket notation: `a[0][name]=x`, in message order. */
export function toForm(m: PgMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (v: PgValue, name: string) => {
    if (typeof v === 'string') out.push([name, v]);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${name}[${i}]`));
    else for (const [k, x] of Object.entries(v)) walk(x, `${name}[${k}]`);
  };
  for (const [k, v] of Object.entries(m)) walk(v, k);
  return out;
}

/** Form pairs (bracket notation allowed) → nested message, keeping the order fields came in.
 *  Objects whose keys are exactly 0..n-1 become arrays. A repeated flat name keeps the last value.
 *  Names come from the wire before any signature is checked: objects are records (no inherited
 *  members, fast-mode: src/protocols/common/record.ts) and a `__proto__`, `constructor` or
 *  `prototype` segment is refused (FormError). */
export function fromForm(pairs: ReadonlyArray<readonly [string, string]>): PgMessage {
  // flat names only (a name without brackets is its own one-segment path: what segments() gives
  // it), the usual request: the pairs are the record's entries
  let flat = true;
  for (let i = 0; i < pairs.length; i++) {
    const name = pairs[i]![0];
    if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
      flat = false;
      break;
    }
    if (FORBIDDEN.has(name)) throw new FormError(`field name "${name}" uses the reserved segment "${name}"`);
  }
  if (flat) return flatArrays(record(pairs) as PgMessage) as PgMessage;
  // a tree built by keyed stores (dictionary-mode scratch objects), copied into records by arrays()
  const root: PgMessage = Object.create(null) as PgMessage;
  for (const [name, value] of pairs) {
    const path = segments(name);
    // arrays() recurses once per level: 10,000 levels (a 30 KB name) overflowed the stack
    if (path.length > MAX_NESTING)
      throw new FormError(`field name "${quote(name, 80)}…" nests deeper than ${MAX_NESTING} levels`);
    const bad = path.find((key) => FORBIDDEN.has(key));
    if (bad !== undefined) throw new FormError(`field name "${shownName(name)}" uses the reserved segment "${bad}"`);
    let node: PgMessage = root;
    const last = path.length - 1;
    for (let i = 0; i < last; i++) {
      const key = path[i]!;
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (typeof next !== 'object' || next === null || Array.isArray(next))
        node[key] = Object.create(null) as PgMessage;
      node = node[key] as PgMessage;
    }
    node[path[last]!] = value;
  }
  return arrays(root) as PgMessage;
}

/** `a[0][name]` → ['a', '0', 'name']: a head without brackets, then `[…]` groups without brackets
 *  inside; any other name is one segment. One forward pass (what
 *  /^([^[\]]+)((?:\[[^[\]]*\])*)$/ and its groups give, without a regex per field). */
function segments(name: string): string[] {
  const open = name.indexOf('[');
  if (open <= 0) return [name];
  const head = name.slice(0, open);
  if (head.includes(']')) return [name];
  const out = [head];
  for (let pos = open; pos < name.length;) {
    if (name.charCodeAt(pos) !== 91 /* [ */) return [name];
    const close = name.indexOf(']', pos + 1);
    if (close < 0) return [name];
    const seg = name.slice(pos + 1, close);
    if (seg.includes('[')) return [name];
    out.push(seg);
    pos = close + 1;
  }
  return out;
}

/** arrays() for a root whose values are all strings: only the root itself can become an array. */
function flatArrays(root: PgMessage): PgValue {
  const keys = Object.keys(root);
  for (let i = 0; i < keys.length; i++) if (keys[i] !== String(i)) return root;
  return keys.length > 0 ? keys.map((k) => root[k]!) : root;
}

function arrays(v: PgValue): PgValue {
  if (typeof v === 'string' || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  const entries = new Array<[string, PgValue]>(keys.length);
  for (let i = 0; i < keys.length; i++) entries[i] = [keys[i]!, arrays(v[keys[i]!]!)];
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return entries.map((e) => e[1]);
  return record(entries) as PgMessage;
}
