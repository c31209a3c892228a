/**
 * Records of fields read from the wire: no inherited members, like `Object.create(null)`, but kept
 * by V8 in fast mode (issue 14: pg_sig's signer on a parsed request ran at about half its speed on
 * the same message as an object literal; every for-in and field read of a dictionary-mode object
 * is a hash-table walk).
 *
 * The prototype is `NO_MEMBERS`, a frozen empty object without a prototype: nothing is inherited
 * (`toString`, `hasOwnProperty`, `constructor` are undefined unless they are fields), there is no
 * `__proto__` setter on the chain (`__proto__` is an own field like any other), and nothing can be
 * added to the chain later. `Object.create(null)` itself gives a dictionary-mode object.
 *
 * V8 keeps an object fast through keyed stores (`o[name] = v`) only up to ~18 names; past that
 * `Object.fromEntries` stays fast up to its descriptor limit (~1000 names; past it a dictionary
 * again: correct, only slower) but costs ~3× the stores a name, so it is used only past KEYED_MAX.
 * Neither runs a setter or getter, whatever the names (fromEntries defines own data properties;
 * the chain has no accessors).
 */
export const NO_MEMBERS: object = Object.freeze(Object.create(null) as object);

const KEYED_MAX = 16;

/** The entries as a record (NO_MEMBERS prototype); a repeated name keeps its first place and its
 *  last value, as assignments in order would. */
export function record<V>(entries: ReadonlyArray<readonly [string, V]>): Record<string, V> {
  if (entries.length > KEYED_MAX)
    return Object.setPrototypeOf(Object.fromEntries(entries), NO_MEMBERS) as Record<string, V>;
  const out = Object.create(NO_MEMBERS) as Record<string, V>;
  for (let i = 0; i < entries.length; i++) out[entries[i]![0]] = entries[i]![1];
  return out;
}
