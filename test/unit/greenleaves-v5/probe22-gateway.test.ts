import { describe, expect, test } from 'vitest';
import { rewrittenReference } from './rewritten-reference.ts';
import { datetimeFault } from '../../../suites/greenleaves-v5/datetime.ts';

// Probe 22 (an independent v5 gateway in Java, /work/probe22/v5-gateway-java) found reasons that
// pointed at the wrong fault.
const judge = rewrittenReference();

/** An HTTP-date with a 1-digit day, as Java's DateTimeFormatter.RFC_1123_DATE_TIME writes one on the 1st
 *  to the 9th (on other days its first digit is dropped: the form is judged before the time). */
const javaDate = (ms: number): string => new Date(ms).toUTCString().replace(/^(\w{3}, )\d(\d)/, '$1$2');

describe('V5-RSP-04 names the fault of an X-Datetime', () => {
  const at = Date.parse('2026-12-07T08:19:40Z');
  test.each([
    ['Mon, 7 Dec 2026 08:19:40 GMT', /not an HTTP-date: the day must have 2 digits \(RFC 9110 IMF-fixdate\)/],
    ['2026-12-07 08:19:40', /not an RFC 3339 date-time with an offset/],
    ['yesterday', /neither an RFC 3339 date-time with an offset nor an HTTP-date/],
    ['2026-12-07T08:09:40Z', /600 s before the exchange/],
  ])('%s', (value, why) => {
    const fault = datetimeFault(value, at, at + 100);
    expect(fault).toMatch(why);
    if (!/before|after/.test(fault!)) expect(fault).not.toMatch(/within|10 s/);
  });
  test('a right one has no fault', () => {
    expect(datetimeFault('Mon, 07 Dec 2026 08:19:40 GMT', at, at + 100)).toBeUndefined();
    expect(datetimeFault('2026-12-07T13:19:40.5+05:00', at, at + 100)).toBeUndefined();
  });

  test("Java's RFC_1123_DATE_TIME (a 1-digit day) fails V5-RSP-04 for its day, not for the clock", async () => {
    const results = await judge(['v5.rsp.headers'], (b, ctx) => {
      if (ctx.headers['x-datetime']) ctx.headers['x-datetime'] = javaDate(Date.now());
      return b;
    });
    const why = results.flatMap((r) => r.failures).filter((f) => f.rule === 'V5-RSP-04');
    expect(why.length, JSON.stringify(results.map((r) => r.failures))).toBeGreaterThan(0);
    for (const f of why) {
      expect(f.message).toMatch(/the day must have 2 digits/);
      expect(f.message).not.toMatch(/within 10 s/);
    }
  });
});
