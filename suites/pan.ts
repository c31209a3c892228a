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

/** How a masked card number shows its digits, for a reason that must not quote it (the report's
 *  redactor masks it again, so a quoted 47160472******1981 reads as a compliant 471604**1981, and a
 *  number masked too little is card data): "shows the first 8 and the last 4 digits (16 digits, 12
 *  shown)", or "shows all 16 of its digits" when nothing is masked. Blanks and dashes between groups
 *  are left out; any other character is a masked digit. Read from the value before redaction. */
export function maskShape(value: string): string {
  const chars = [...value.replace(/[\s-]/g, '')];
  const shown = chars.filter((c) => /[0-9]/.test(c)).length;
  if (shown === chars.length) return `shows all ${shown} of its digits`;
  const lead = chars.findIndex((c) => !/[0-9]/.test(c));
  const tail = chars.length - 1 - chars.findLastIndex((c) => !/[0-9]/.test(c));
  const between = shown - lead - tail;
  return `shows the first ${lead} and the last ${tail} digits${between > 0 ? ` and ${between} in between` : ''} (${chars.length} digits, ${shown} shown)`;
}

/** The mask characters a gateway may put for a hidden digit. */
const MASKED_RUN = /([0-9]*)[*•Xx]+([0-9]*)/g;

/** The first of `pans` that a masked card number in `text` shows more of than its first 6 and last 4
 *  digits (JY-PAY-23's "first 6 and last 4 digits at most": probe 22's 411111******111111 showed 12 of
 *  16 digits, and 12 of a 13-digit card), with how many it shows; undefined when none does. Blanks and
 *  dashes are taken out first (as fullPanShown); the digits before the mask are counted as far back as
 *  they are the card's first ones, those after it as far as they are its last ones, so a number glued
 *  in front ("100 411111…") is not counted and a mask that is the card's own length is not needed. */
export function overShownPan(
  text: string,
  pans: Iterable<string>,
): { pan: string; lead: number; tail: number } | undefined {
  const s = text.replace(/[\s-]/g, '');
  for (const pan of pans) {
    if (!/^[0-9]{13,20}$/.test(pan)) continue;
    for (const m of s.matchAll(MASKED_RUN)) {
      const [before, after] = [m[1]!, m[2]!];
      let lead = Math.min(before.length, pan.length - 1);
      while (lead > 0 && !pan.startsWith(before.slice(before.length - lead))) lead--;
      let tail = Math.min(after.length, pan.length - 1);
      while (tail > 0 && !pan.endsWith(after.slice(0, tail))) tail--;
      if (lead > 6 || tail > 4) return { pan, lead, tail };
    }
  }
  return undefined;
}
