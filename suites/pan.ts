// No reply of a gateway shows a full card number (GL-PAY-12, JY-PAY-23, INFERRED: the seeds show cards
// masked and put card data under PCI DSS). Judged on each reply of the checks that sent a card number.

/** The first of `pans` (card numbers of 13–20 digits) that `text` shows in full, its digits looked for
 *  anywhere with spaces and hyphens taken out (4716 0472 6194 1981 too); undefined when none. */
export function fullPanShown(text: string, pans: Iterable<string>): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  for (const pan of pans) if (/^[0-9]{13,20}$/.test(pan) && digits.includes(pan)) return pan;
  return undefined;
}

/** A card number as a reason may name it: its first 6 and last 4 digits. */
export const maskedPan = (pan: string): string => `${pan.slice(0, 6)}…${pan.slice(-4)}`;
