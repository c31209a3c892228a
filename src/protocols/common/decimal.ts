// Decimal amounts as text: the gateways and merchants spell the same amount in several ways ("500",
// "500.00"), and a party that compares the text refuses a payment it could take.

/** `text` as a plain decimal (digits, optionally a fraction) without leading zeros in the whole part
 *  and trailing zeros in the fraction ("0500.50" → "500.5", "500.00" → "500"); undefined when it is
 *  not a plain decimal or longer than 64 characters. Two amounts are equal when these are. Linear:
 *  the text comes from the wire. */
export function decimalValue(text: string): string | undefined {
  if (text.length > 64 || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  const [whole = '', fraction = ''] = text.split('.');
  let i = 0;
  while (i < whole.length - 1 && whole[i] === '0') i++;
  let j = fraction.length;
  while (j > 0 && fraction[j - 1] === '0') j--;
  return j ? `${whole.slice(i)}.${fraction.slice(0, j)}` : whole.slice(i);
}

/** The same amount, whatever its spelling ("1500.5", "1500.50"): both plain decimals of one value.
 *  Anything else (undefined, "1,500", "1500.") is never the same as anything. */
export function sameDecimal(a: string | undefined, b: string | undefined): boolean {
  const x = a === undefined ? undefined : decimalValue(a);
  return x !== undefined && x === (b === undefined ? undefined : decimalValue(b));
}

/** A spelling of the decimal `text` with other decimals ("500" → "500.00", "1200.00" → "1200",
 *  "750.50" → "750.5", "99.99" → "99.990"): the same number, another scale. */
export function otherSpelling(text: string): string {
  const [whole, fraction] = text.split('.');
  if (fraction === undefined) return `${text}.00`;
  if (fraction.endsWith('0')) {
    let j = fraction.length;
    while (j > 0 && fraction[j - 1] === '0') j--;
    return j ? `${whole}.${fraction.slice(0, j)}` : whole!;
  }
  return `${text}0`;
}

/** otherSpelling when it has at most `decimals` (≥ 2) fraction digits, as a money format allows
 *  (Greenleavespay: two, digest §1): "500" → "500.00", "482.5" → "482.50", "2500.00" → "2500";
 *  undefined for an amount that has no other spelling there ("123.42": "123.420" is none). */
export function otherSpellingWithin(text: string, decimals: number): string | undefined {
  const other = otherSpelling(text);
  return (other.split('.')[1] ?? '').length <= decimals ? other : undefined;
}
