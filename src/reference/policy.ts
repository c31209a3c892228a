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
 *  Unknown ids are refused. */
export function policyFor<P extends object>(
  defaults: P,
  defects: readonly PolicyDefect<P>[],
  enabledDefects: readonly string[] = [],
  variants: readonly PolicyVariant<P>[] = [],
  enabledVariants: readonly string[] = [],
): Applied<P> {
  const d = pick('defect', defects, enabledDefects);
  const v = pick('variant', variants, enabledVariants);
  let policy = defaults;
  for (const x of [...v, ...d]) policy = merge(policy, x.patch);
  return { policy, defects: d.map((x) => x.id), variants: v.map((x) => x.id) };
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

/** A new object: `patch` over `base`, nested plain objects merged, everything else replaced. */
export function merge<P>(base: P, patch: Patch<P>): P {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[k] = isRecord(v) && isRecord(out[k]) ? merge(out[k], v) : v;
  }
  return out as P;
}
