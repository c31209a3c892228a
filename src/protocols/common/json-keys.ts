/** The value with every object's keys in code-point order, arrays kept in order: what a
 *  canonicalising JSON serialiser writes (Perl JSON::PP->canonical, Jackson ORDER_MAP_ENTRIES_BY_KEYS). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}
