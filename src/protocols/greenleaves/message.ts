/** A pg_ message: field values are always the exact strings sent or received; nested data
 *  (receipt positions, nested XML tags) are objects or arrays, in the order they came. */
export type PgValue = string | PgValue[] | PgMessage;
export interface PgMessage {
  [field: string]: PgValue;
}

/** m[name] = v as an own field, also for __proto__ (assigning that on a plain object would set its
 *  prototype instead: a string is dropped, an object's fields would show through as inherited). */
export function setField(m: PgMessage, name: string, v: PgValue): void {
  Object.defineProperty(m, name, { value: v, writable: true, enumerable: true, configurable: true });
}

/** A copy without the given top-level fields (no prototype: a field named __proto__ stays a field). */
export function without(m: PgMessage, ...names: string[]): PgMessage {
  const out: PgMessage = Object.create(null) as PgMessage;
  for (const [k, v] of Object.entries(m)) if (!names.includes(k)) out[k] = v;
  return out;
}
