/** A pg_ message: field values are always the exact strings sent or received; nested data
 *  (receipt positions, nested XML tags) are objects or arrays, in the order they came. */
export type PgValue = string | PgValue[] | PgMessage;
export interface PgMessage {
  [field: string]: PgValue;
}

/** A copy without the given top-level fields. */
export function without(m: PgMessage, ...names: string[]): PgMessage {
  const out: PgMessage = {};
  for (const [k, v] of Object.entries(m)) if (!names.includes(k)) out[k] = v;
  return out;
}
