/** A pg_ message: field values are always the exact strings sent or received; nested data
 *  (receipt positions, nested XML tags) are objects or arrays, in the order they came. */
export type PgValue = string | PgValue[] | PgMessage;
export interface PgMessage {
  [field: string]: PgValue;
}

export function isMessage(v: PgValue | undefined): v is PgMessage {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Top-level string value of a field ('' when absent or nested). */
export function field(m: PgMessage, name: string): string | undefined {
  const v = m[name];
  return typeof v === 'string' ? v : undefined;
}

/** A copy without the given top-level fields. */
export function without(m: PgMessage, ...names: string[]): PgMessage {
  const out: PgMessage = {};
  for (const [k, v] of Object.entries(m)) if (!names.includes(k)) out[k] = v;
  return out;
}

/** Flat string fields of a message (nested values are skipped). */
export function flatStrings(m: PgMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  return out;
}
