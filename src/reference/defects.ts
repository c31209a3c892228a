/** One deliberate deviation a reference implementation can be switched into, naming the rules it
 *  breaks. The meta-tests require the suites to fail exactly on those rules. */
export interface Defect<Id extends string = string> {
  id: Id;
  rules: string[];
  description: string;
}

/** The dual of a defect: behaviour that differs from the reference but that the seed allows (a
 *  tolerance). `allowedBy` quotes the seed line (or names the silence) that permits it. The
 *  meta-tests run each variant as a real target and require that no rule fails, and that exactly the
 *  rules in `warns` warn: the INFERRED (or SHOULD) rules whose inference the variant departs from,
 *  and that exactly the rules in `unjudged` stay inconclusive (`unjudgedWhy` says why: a form the
 *  suites cannot read yet is a gap of ours, listed so that it is seen and cannot grow unnoticed). */
export interface Variant<Id extends string = string> {
  id: Id;
  description: string;
  allowedBy: string;
  warns?: readonly string[];
  unjudged?: readonly string[];
  unjudgedWhy?: string;
}
