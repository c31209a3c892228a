/** ISO 4217 numeric codes of the currencies paycert's references use: a Jysan result or status may
 *  name a currency by its letters or its number (digest §A3 row CURRENCY "Responses and redirects may
 *  return it differently", §A10). */
export const CURRENCY_NUMBER: Readonly<Record<string, string>> = { KZT: '398', USD: '840', EUR: '978', RUB: '643' };

/** The same currency: the same code whatever its case, or the alphabetic code and its ISO 4217 number
 *  (KZT and 398). The one comparison of the Jysan checks (the status reply, JY-STA-03), the SDK's
 *  order fields (JY-SDK-15) and the reference shop's own order (JY-MRD-13). */
export function sameCurrency(given: string, written: string): boolean {
  const g = given.toUpperCase();
  const w = written.toUpperCase();
  return g === w || CURRENCY_NUMBER[g] === w || CURRENCY_NUMBER[w] === g;
}
