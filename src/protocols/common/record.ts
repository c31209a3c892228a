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
 * Built by keyed stores (`o[name] = v`), which V8 keeps fast only up to ~18 names; past that the
 * record is a dictionary again, as `Object.create(null)` was. Deliberately: `Object.fromEntries`
 * stays fast to ~1000 names, but the requests of a run have a new shape nearly every time (optional
 * fields come and go), and every new shape of fast objects is new hidden classes (a descriptor
 * array copied per name): parsing and signing such requests of 24 and 36 names measured slower
 * that way than with dictionaries (docs/architecture.md, fourteenth pass). No setter or getter
 * runs, whatever the names: the chain has no accessors.
 */
export const NO_MEMBERS: object = Object.freeze(Object.create(null) as object);

/** The entries as a record (NO_MEMBERS prototype); a repeated name keeps its first place and its
 *  last value, as assignments in order would. */
export function record<V>(entries: ReadonlyArray<readonly [string, V]>): Record<string, V> {
  const out = Object.create(NO_MEMBERS) as Record<string, V>;
  for (let i = 0; i < entries.length; i++) out[entries[i]![0]] = entries[i]![1];
  return out;
}
