import type { Defect, Variant } from './defects.ts';

/** A reference implementation (gateway sandbox, merchant, SDK adapter) runs from a typed policy:
 *  plain data whose knobs name what the reference does (`verifySignature`, `refusalCode`, …), each
 *  commented with the rule ids it implements. The defaults are the seed-faithful reference. A
 *  defect or a tolerance variant is a patch to it, declared as data beside its rule ids. */

/** A partial policy: nested objects may be patched knob by knob; arrays and scalars are replaced. */
export type Patch<P> = {
  [K in keyof P]?: P[K] extends readonly unknown[] ? P[K] : P[K] extends object ? Patch<P[K]> : P[K];
};

/** A defect (the rules it breaks) as a patch to the policy P. */
export interface PolicyDefect<P, Id extends string = string> extends Defect<Id> {
  patch: Patch<P>;
}

/** A tolerance variant (what the seed allows) as a patch to the policy P. */
export interface PolicyVariant<P, Id extends string = string> extends Variant<Id> {
  patch: Patch<P>;
}

/** The policy a reference runs from, and the deviations switched on (for /__paycert/info, handles). */
export interface Applied<P> {
  policy: P;
  defects: string[];
  variants: string[];
}

/** The defaults with the patches of the enabled variants, then of the enabled defects, applied.
 *  Unknown ids are refused. `onRead`: the policy is seen through `traced` (which knobs a run read). */
export function policyFor<P extends object>(
  defaults: P,
  defects: readonly PolicyDefect<P>[],
  enabledDefects: readonly string[] = [],
  variants: readonly PolicyVariant<P>[] = [],
  enabledVariants: readonly string[] = [],
  onRead?: (path: string) => void,
): Applied<P> {
  const d = pick('defect', defects, enabledDefects);
  const v = pick('variant', variants, enabledVariants);
  let policy = defaults;
  for (const x of [...v, ...d]) policy = merge(policy, x.patch);
  if (onRead) policy = traced(policy, onRead);
  return { policy, defects: d.map((x) => x.id), variants: v.map((x) => x.id) };
}

/** `policy` as it reads, telling `onRead` the path of each knob read ('signature.verify'): a
 *  scalar, array or function read (or tested with `in`) is its own path; a plain object whose keys
 *  are listed (spread, Object.keys, JSON) is read whole, as its path ('' for the policy itself). A
 *  nested object read only to reach a knob is not a read of its own. Every value is the policy's
 *  own; nothing can be written through it. The meta-tests learn from it which checks a defect's
 *  patch can change at all (`touches`). */
export function traced<P extends object>(policy: P, onRead: (path: string) => void): P {
  const views = new Map<string, object>();
  const view = (target: Record<string, unknown>, path: string): object => {
    const at = (key: string) => (path === '' ? key : `${path}.${key}`);
    let v = views.get(path);
    if (!v) {
      v = new Proxy(target, {
        get(t, key, receiver) {
          const value = Reflect.get(t, key, receiver) as unknown;
          if (typeof key !== 'string') return value;
          if (isPlain(value)) return view(value, at(key));
          onRead(at(key));
          return value;
        },
        has(t, key) {
          if (typeof key === 'string') onRead(at(key));
          return Reflect.has(t, key);
        },
        ownKeys(t) {
          onRead(path);
          return Reflect.ownKeys(t);
        },
        getOwnPropertyDescriptor(t, key) {
          onRead(path);
          return Reflect.getOwnPropertyDescriptor(t, key);
        },
        set: () => false,
        defineProperty: () => false,
        deleteProperty: () => false,
      });
      views.set(path, v);
    }
    return v;
  };
  return view(policy as Record<string, unknown>, '') as P;
}

/** The knobs a patch sets, as `traced` names them (nested plain objects walked, the rest a knob; an
 *  empty object is a knob too: where the policy has no object there, it puts one). */
export function patchedPaths(patch: object, path = ''): string[] {
  return Object.entries(patch as Record<string, unknown>).flatMap(([k, v]) => {
    if (v === undefined) return [];
    const at = path === '' ? k : `${path}.${k}`;
    return isPlain(v) && Object.keys(v).length > 0 ? patchedPaths(v, at) : [at];
  });
}

/** Whether a run that read `reads` (traced paths) could see any knob of `patched` (patchedPaths):
 *  the same knob, a knob below an object read whole, or a part of a knob the patch replaces. */
export function touches(reads: Iterable<string>, patched: readonly string[]): boolean {
  for (const r of reads)
    for (const p of patched) if (r === p || r === '' || p.startsWith(`${r}.`) || r.startsWith(`${p}.`)) return true;
  return false;
}

function pick<T extends { id: string }>(kind: string, catalogue: readonly T[], enabled: readonly string[]): T[] {
  const byId = new Map(catalogue.map((x) => [x.id, x]));
  const unknown = enabled.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new Error(`unknown ${kind} ${unknown.join(', ')}; known: ${[...byId.keys()].join(', ') || 'none'}`);
  }
  return [...new Set(enabled)].map((id) => byId.get(id)!);
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
// a Map, Set or RegExp knob is a value: its methods need the object itself, not a view of it
const isPlain = (x: unknown): x is Record<string, unknown> =>
  isRecord(x) && [Object.prototype, null].includes(Object.getPrototypeOf(x) as object | null);

/** A new object: `patch` over `base`, nested plain objects merged, everything else replaced. */
export function merge<P>(base: P, patch: Patch<P>): P {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[k] = isRecord(v) && isRecord(out[k]) ? merge(out[k], v) : v;
  }
  return out as P;
}
