/** ISO 4217 numeric codes of the currencies paycert's references use: a Jysan result or status may
 *  name a currency by its letters or its number (digest §A10). */
export const CURRENCY_NUMBER: Readonly<Record<string, string>> = { KZT: '398', USD: '840', EUR: '978', RUB: '643' };
