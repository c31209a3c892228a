/** One deliberate deviation a reference implementation can be switched into, naming the rules it
 *  breaks. The meta-tests require the suites to fail exactly on those rules. */
export interface Defect<Id extends string = string> {
  id: Id;
  rules: string[];
  description: string;
}

export class DefectSet<Id extends string = string> {
  private readonly on: Set<Id>;
  constructor(
    readonly catalogue: readonly Defect<Id>[],
    enabled: readonly string[] = [],
  ) {
    const known = new Set(catalogue.map((d) => d.id as string));
    const unknown = enabled.filter((d) => !known.has(d));
    if (unknown.length > 0) {
      throw new Error(`unknown defect ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    }
    this.on = new Set(enabled as Id[]);
  }
  has(id: Id): boolean {
    return this.on.has(id);
  }
  list(): Id[] {
    return [...this.on];
  }
}
