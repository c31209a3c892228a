/**
 * "amount: a JSON number > 0 with at most 2 decimals". JSON Schema cannot say this for binary
 * floats (ajv's multipleOf 0.01 rejects 19.99 since 19.99/0.01 = 1998.9999999999998), so the
 * decimal count is read from the decimal the number writes (decimalOf): as written in the JSON text
 * when given as its literal, else the shortest round-trip form of the double.
 */
export function hasAtMostTwoDecimals(n: number | string): boolean {
  const d = decimalOf(n);
  return d !== undefined && !/\.\d{3}/.test(d);
}

export function isValidAmount(n: unknown): n is number {
  return typeof n === 'number' && n > 0 && hasAtMostTwoDecimals(n);
}

const JSON_NUMBER = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** A number as the decimal it writes, exactly, spelled one way: no exponent, no leading zeros, no
 *  trailing fractional zeros ("500.00", "5E+2" and 500 are "500", "69761168E-2" is "697611.68"). A
 *  literal keeps what JSON.parse rounds away: "0.050000000000000003" (PHP's serialize_precision 17)
 *  is not 0.05's "0.05". undefined: no number, or an exponent past ±400 (no amount). */
export function decimalOf(n: number | string): string | undefined {
  const m = JSON_NUMBER.exec(typeof n === 'number' ? String(n) : n);
  if (!m) return undefined;
  const exp = Number(m[4] ?? 0);
  if (Math.abs(exp) > 400) return undefined;
  const all = m[2]! + (m[3] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (digits === '') return '0';
  // how many of the digits stand before the point
  const point = m[2]!.length + exp - lead;
  const int = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  const frac = point >= digits.length ? '' : point < 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  return `${m[1]}${int}${frac && `.${frac}`}`;
}

/** A JSON text's strings and numbers, as written. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/g;

/** The number literals of a JSON text as written, by path ("amount", "from.card.year", "a[0]"): the
 *  text parsed once as it is and once with each number quoted, the two read side by side. Empty when
 *  the text is no JSON. */
export function numberLiterals(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let value: unknown;
  let quoted: unknown;
  try {
    value = JSON.parse(text);
    quoted = JSON.parse(text.replace(JSON_TOKEN, (t) => (t.startsWith('"') ? t : `"${t}"`)));
  } catch {
    return out;
  }
  const walk = (v: unknown, q: unknown, path: string): void => {
    if (typeof v === 'number') out.set(path, q as string);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, (q as unknown[])[i], `${path}[${i}]`));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, (q as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
  };
  walk(value, quoted, '');
  return out;
}
