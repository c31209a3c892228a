// No reply of a gateway shows a full card number (GL-PAY-12, JY-PAY-23, INFERRED: the seeds show cards
// masked and put card data under PCI DSS). Judged on each reply of the checks that sent a card number.

/** The card-shaped runs of `text`: groups of digits and mask characters (* • X x) joined across one
 *  blank or dash between two groups ("4716 0472 6194 1981", "5483-18XX-XXXX-0293"), the separators
 *  taken out; `cuts` are where each group starts in `text` of the run, and where it ends. Groups join
 *  while each has 3 characters or more and the run has 20 at most (a card's length); any other
 *  separator (a newline, two blanks, a tag, a letter) ends a run, and a group that is part of a
 *  decimal, a date or a time ("15.03.2026", "1000.00", "12:30", "1,000") is a run of its own: a
 *  card masked as it should be and followed by a date or an amount ("411111******1111 15.03.2026")
 *  does not get the date's digits glued onto its last four. Linear in the length of `text` (a reply
 *  may be megabytes of digits). */
export function cardRuns(text: string): Array<{ text: string; cuts: Set<number> }> {
  const runs: Array<{ text: string; cuts: Set<number> }> = [];
  const n = text.length;
  let run:
    { parts: string[]; cuts: Set<number>; length: number; end: number; numeric: boolean; last: number } | undefined;
  const flush = () => {
    if (run) runs.push({ text: run.parts.join(''), cuts: run.cuts });
    run = undefined;
  };
  for (let i = 0; i < n;) {
    if (!isCardChar(text[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && isCardChar(text[j]!)) j++;
    const numeric =
      (NUMBER_MARKS.has(text[i - 1] ?? '') && isDigit(text[i - 2] ?? '')) ||
      (NUMBER_MARKS.has(text[j] ?? '') && isDigit(text[j + 1] ?? ''));
    const joined =
      run !== undefined &&
      !run.numeric &&
      !numeric &&
      run.end + 1 === i &&
      BLANKS.has(text[run.end]!) &&
      run.last >= 3 &&
      j - i >= 3 &&
      run.length + j - i <= 20;
    if (!joined) flush();
    run ??= { parts: [], cuts: new Set([0]), length: 0, end: i, numeric, last: 0 };
    run.parts.push(text.slice(i, j));
    run.length += j - i;
    run.cuts.add(run.length);
    run.end = j;
    run.last = j - i;
    i = j;
  }
  flush();
  return runs;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
/** The mask characters a gateway may put for a hidden digit. */
const isMask = (c: string): boolean => c === '*' || c === '•' || c === 'X' || c === 'x';
const isCardChar = (c: string): boolean => isDigit(c) || isMask(c);
/** What may stand between two groups of one card number (once). */
const BLANKS = new Set([' ', '\u00a0', '-']);
/** What stands between the digits of a decimal, a date or a time. */
const NUMBER_MARKS = new Set(['.', ',', ':', '/']);

/** The first of `pans` (card numbers of 13–20 digits) that `text` shows in full, its digits looked for
 *  in each card-shaped run, blanks and dashes between groups taken out (4716 0472 6194 1981 too);
 *  undefined when none. */
export function fullPanShown(text: string, pans: Iterable<string>): string | undefined {
  const runs = cardRuns(text);
  for (const pan of pans) if (/^[0-9]{13,20}$/.test(pan) && runs.some((r) => r.text.includes(pan))) return pan;
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

/** The first of `pans` that a masked card number in `text` shows more of than its first 6 and last 4
 *  digits (JY-PAY-23's "first 6 and last 4 digits at most": probe 22's 411111******111111 showed 12 of
 *  16 digits, and 12 of a 13-digit card), with how many it shows; undefined when none does. Read in
 *  each card-shaped run (cardRuns: blanks and dashes between groups taken out, as fullPanShown). The
 *  digits before a mask are counted from the farthest start of a group that makes them the card's
 *  first ones, those after it to the farthest end of a group that makes them its last ones: a
 *  number glued in front ("100 411111…") or after ("…1111 1500") is not counted, nor digits cut
 *  out of a group, and a mask that is the card's own length is not needed. Linear
 *  in the length of `text`: the digits either side of a mask are walked by hand, at most a card's
 *  length (a regular expression over a long digit run without a mask was quadratic). */
export function overShownPan(
  text: string,
  pans: Iterable<string>,
): { pan: string; lead: number; tail: number } | undefined {
  const runs = cardRuns(text);
  for (const pan of pans) {
    if (!/^[0-9]{13,20}$/.test(pan)) continue;
    for (const { text: s, cuts } of runs) {
      for (let a = 0; a < s.length;) {
        if (!isMask(s[a]!)) {
          a++;
          continue;
        }
        let b = a;
        while (b < s.length && isMask(s[b]!)) b++;
        let lead = 0;
        for (let p = a - 1; p >= 0 && a - p <= pan.length && isDigit(s[p]!); p--) {
          const start = p === 0 || cuts.has(p) || !isDigit(s[p - 1]!);
          if (start && pan.startsWith(s.slice(p, a))) lead = a - p;
        }
        let tail = 0;
        for (let q = b + 1; q <= s.length && q - b <= pan.length && isDigit(s[q - 1]!); q++) {
          const end = q === s.length || cuts.has(q) || !isDigit(s[q]!);
          if (end && pan.endsWith(s.slice(b, q))) tail = q - b;
        }
        if (lead > 6 || tail > 4) return { pan, lead, tail };
        a = b;
      }
    }
  }
  return undefined;
}
