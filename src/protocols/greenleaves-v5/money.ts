/**
 * "amount: a JSON number > 0 with at most 2 decimals". JSON Schema cannot say this for binary
 * floats (ajv's multipleOf 0.01 rejects 19.99 since 19.99/0.01 = 1998.9999999999998), so the
 * decimal count is read from the shortest round-trip form of the number.
 */
export function hasAtMostTwoDecimals(n: number): boolean {
  return Number.isFinite(n) && /^-?\d+(\.\d{1,2})?$/.test(String(n));
}

export function isValidAmount(n: unknown): n is number {
  return typeof n === 'number' && n > 0 && hasAtMostTwoDecimals(n);
}
