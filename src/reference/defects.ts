/** One deliberate deviation a reference implementation can be switched into, naming the rules it
 *  breaks. The meta-tests require the suites to fail exactly on those rules. */
export interface Defect<Id extends string = string> {
  id: Id;
  rules: string[];
  description: string;
}

/** The dual of a defect: behaviour that differs from the reference but that the seed allows (a
 *  tolerance). `allowedBy` quotes the seed line (or names the silence) that permits it. The
 *  meta-tests run each variant as a real target and require that no MUST rule fails. */
export interface Variant<Id extends string = string> {
  id: Id;
  description: string;
  allowedBy: string;
}

/** The deviations switched on in one reference: defects and tolerance variants, one namespace. */
export class DefectSet<Id extends string = string> {
  private readonly on: Set<Id>;
  readonly variants: Id[];
  constructor(
    readonly catalogue: readonly Defect<Id>[],
    enabled: readonly string[] = [],
    readonly variantCatalogue: readonly Variant<Id>[] = [],
    variants: readonly string[] = [],
  ) {
    check('defect', catalogue, enabled);
    check('variant', variantCatalogue, variants);
    this.on = new Set([...enabled, ...variants] as Id[]);
    this.variants = [...variants] as Id[];
  }
  has(id: Id): boolean {
    return this.on.has(id);
  }
  /** the defects switched on (variants are listed separately) */
  list(): Id[] {
    return [...this.on].filter((d) => !this.variants.includes(d));
  }
}

function check(kind: string, catalogue: readonly { id: string }[], enabled: readonly string[]): void {
  const known = new Set(catalogue.map((d) => d.id));
  const unknown = enabled.filter((d) => !known.has(d));
  if (unknown.length > 0) {
    throw new Error(`unknown ${kind} ${unknown.join(', ')}; known: ${[...known].join(', ') || 'none'}`);
  }
}
