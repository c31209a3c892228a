import fc from 'fast-check';

// fc.string({ unit: fc.constantFrom(...chars) }) builds each string as an array of per-character
// Values through a sliced generator, a map and a join (about a fifth of a valid-family case).
// This draws the length and the characters straight from the random generator, with the same
// length range (fast-check's default size: at most 2 × minLength + 10) and a bias of its own.

class CharString extends fc.Arbitrary<string> {
  private readonly index: Map<string, number>;
  private readonly genMax: number;
  private readonly biasMax: number;

  constructor(
    private readonly chars: readonly string[],
    private readonly min: number,
    private readonly max: number,
  ) {
    super();
    if (chars.length === 0 && min > 0) throw new Error('charString: no characters to draw from');
    this.index = new Map(chars.map((c, i) => [c, i]));
    this.genMax = Math.max(min, Math.min(max, 2 * min + 10));
    this.biasMax = this.genMax === min ? min : min + Math.floor(Math.log2(this.genMax - min));
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<string> {
    let len: number;
    if (biasFactor !== undefined && mrng.nextInt(1, biasFactor) === 1) {
      // biased: a short string (as fast-check's arrays: at most log2 of the range above the minimum)
      len = mrng.nextInt(this.min, this.biasMax);
    } else len = mrng.nextInt(this.min, this.genMax);
    const last = this.chars.length - 1;
    let s = '';
    for (let i = 0; i < len; i++) s += this.chars[mrng.nextInt(0, last)];
    return new fc.Value(s, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is string {
    if (typeof value !== 'string' || value.length < this.min || value.length > this.max) return false;
    for (const c of value) if (!this.index.has(c)) return false;
    return [...value].length === value.length;
  }

  /** Shorter strings first (dropping leading characters, halving the distance to the minimum
   *  length), then each character moved towards the first of the set. Every candidate is
   *  strictly smaller, so shrinking ends. */
  shrink(value: string, _context: unknown): fc.Stream<fc.Value<string>> {
    const { min, chars, index } = this;
    function* candidates(): IterableIterator<fc.Value<string>> {
      const seen = new Set<number>();
      for (let len = min; len < value.length; len = len + Math.max(1, Math.floor((value.length - len) / 2))) {
        if (seen.has(len)) continue;
        seen.add(len);
        yield new fc.Value(value.slice(value.length - len), undefined);
      }
      for (let i = 0; i < value.length; i++) {
        const at = index.get(value[i]!) ?? 0;
        for (const to of new Set([0, Math.floor(at / 2), at - 1]))
          if (to >= 0 && to < at) yield new fc.Value(value.slice(0, i) + chars[to] + value.slice(i + 1), undefined);
      }
    }
    return fc.stream(candidates());
  }
}

const cache = new Map<string, fc.Arbitrary<string>>();

/** Strings of `chars` (single UTF-16 units; a repeated one is drawn more often), of
 *  `minLength`..`maxLength` characters. Immutable, so one per set of characters and bounds, unless
 *  the set comes from a generated value (`shared: false`: the cache would grow with every case). */
export function charString(
  chars: readonly string[],
  minLength: number,
  maxLength: number,
  shared = true,
): fc.Arbitrary<string> {
  if (!shared) return new CharString(chars, minLength, maxLength);
  const key = `${minLength}|${maxLength}|${chars.join('')}`;
  let a = cache.get(key);
  if (!a) cache.set(key, (a = new CharString(chars, minLength, maxLength)));
  return a;
}

const range = (a: string, b: string): string[] =>
  Array.from({ length: b.charCodeAt(0) - a.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(a.charCodeAt(0) + i));
const LOWER = range('a', 'z');
const ALNUM = [...range('0', '9'), ...range('A', 'Z'), ...LOWER];
const LABEL = [...range('0', '9'), ...LOWER];
const PATH = [...ALNUM, '-', '.', '_', '~'];

/** a domain name: one or two labels of [a-z0-9] (inner hyphens now and then) and a 2–4 letter TLD */
const label = fc
  .tuple(charString(LABEL, 1, 8), fc.boolean(), charString(LABEL, 1, 4))
  .map(([a, dash, b]) => (dash ? `${a}-${b}` : a));
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 2 }), charString(LOWER, 2, 4))
  .map(([labels, tld]) => `${labels.join('.')}.${tld}`);

/** e-mail addresses in the charset [A-Za-z0-9._%+-]@[A-Za-z0-9.-] (dot-atoms, no quoting) */
export const emailAddress: fc.Arbitrary<string> = fc
  .tuple(fc.array(charString([...ALNUM, '_', '%', '+', '-'], 1, 10), { minLength: 1, maxLength: 2 }), domain)
  .map(([atoms, d]) => `${atoms.join('.')}@${d}`);

/** https URLs: a domain, an optional port, path segments of unreserved characters, an optional query */
export const httpsUrl: fc.Arbitrary<string> = fc
  .tuple(
    domain,
    fc.option(fc.integer({ min: 1, max: 65535 }), { freq: 4 }),
    fc.array(charString(PATH, 0, 10), { maxLength: 3 }),
    fc.option(fc.tuple(charString(ALNUM, 1, 6), charString(PATH, 0, 8)), { freq: 3 }),
  )
  .map(
    ([d, port, segments, query]) =>
      `https://${d}${port === null ? '' : `:${port}`}${segments.map((s) => `/${s}`).join('')}${query ? `?${query[0]}=${query[1]}` : ''}`,
  );
