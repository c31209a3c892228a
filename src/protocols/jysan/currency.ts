import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPECS } from '../../spec/paths.ts';

/** An ISO 4217 currency: its numeric code (three digits) and minor units (null: none, N.A.). */
export interface Currency {
  number: string;
  minorUnits: number | null;
}

/** ISO 4217's currencies by alphabetic code (specs/iso4217.json): a Jysan result or status may name a
 *  currency by its letters or its number (seed 002 "CURRENCY … (ISO 4217, например KZT)"; digest §A3
 *  row CURRENCY "Responses and redirects may return it differently", §A10). */
export const ISO_4217: ReadonlyMap<string, Currency> = new Map(
  (
    JSON.parse(readFileSync(join(SPECS, 'iso4217.json'), 'utf8')) as {
      currencies: Array<Currency & { code: string }>;
    }
  ).currencies.map(({ code, ...c }) => [code, c]),
);

/** The numeric code of each alphabetic one (KZT: 398). */
export const CURRENCY_NUMBER: Readonly<Record<string, string>> = Object.fromEntries(
  [...ISO_4217].map(([code, c]) => [code, c.number]),
);

/** The same currency: the same code whatever its case, or the alphabetic code and its ISO 4217 number
 *  (KZT and 398). The one comparison of the Jysan checks (the status reply, JY-STA-03), the SDK's
 *  order fields (JY-SDK-15) and the reference shop's own order (JY-MRD-13). */
export function sameCurrency(given: string, written: string): boolean {
  const g = given.toUpperCase();
  const w = written.toUpperCase();
  return g === w || CURRENCY_NUMBER[g] === w || CURRENCY_NUMBER[w] === g;
}
