/** Calendar-month arithmetic for from.recurrent.lifetime (V5-REC-02). */

/** `ms` plus `months` calendar months in UTC; a day the target month lacks becomes its last day
 *  (31 January + 1 month = 28/29 February). The time of day is kept. */
export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), last),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}
