import type { PgMessage, PgValue } from './message.ts';

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
 *  Objects whose keys are exactly 0..n-1 become arrays. A repeated flat name keeps the last value. */
export function fromForm(pairs: ReadonlyArray<readonly [string, string]>): PgMessage {
  const root: PgMessage = {};
  for (const [name, value] of pairs) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    const path = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)] : [name];
    let node: PgMessage = root;
    path.forEach((key, i) => {
      if (i === path.length - 1) {
        node[key] = value;
        return;
      }
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as PgMessage;
    });
  }
  return arrays(root) as PgMessage;
}

function arrays(v: PgValue): PgValue {
  if (typeof v === 'string' || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  const converted: PgMessage = {};
  for (const k of keys) converted[k] = arrays(v[k]!);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => converted[k]!);
  return converted;
}
