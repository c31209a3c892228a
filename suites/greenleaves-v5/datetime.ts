import { getSchema, schemaId } from '../../src/spec/ajv.ts';
import { P } from './support.ts';

// V5-RSP-04: X-Datetime is an RFC 3339 date-time with an offset or an HTTP-date (response-headers.schema.json),
// and it is now. A reason names the part that is wrong: a value in a loose form (Java's RFC_1123_DATE_TIME
// writes "Mon, 7 Dec 2026 …") read as a clock fault sends the user after the wrong thing (probe 22).

const props = getSchema(schemaId(P, 'response-headers')).properties as Record<string, { pattern: string }>;
export const DATETIME = new RegExp(props['x-datetime']!.pattern);
export const SKEW_MS = 10_000;

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LOOSE_HTTP_DATE = new RegExp(
  `^${DAY},? +\\d{1,2}[ -][A-Za-z]{3}[ -]\\d{2,4} +\\d{1,2}:\\d{2}(:\\d{2})? *\\w*$`,
  'i',
);
const ONE_DIGIT_DAY = new RegExp(`^${DAY}, \\d [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$`);
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?$/;
const IMF = 'RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"';

/** Why X-Datetime `v`, of a reply to a request sent at `started` and answered at `ended`, breaks
 *  V5-RSP-04 (its form first, then its time), or undefined when it holds. */
export function datetimeFault(v: string, started: number, ended: number): string | undefined {
  const head = `X-Datetime ${v}`;
  if (!DATETIME.test(v)) {
    if (ONE_DIGIT_DAY.test(v)) return `${head} is not an HTTP-date: the day must have 2 digits (RFC 9110 IMF-fixdate)`;
    if (LOOSE_HTTP_DATE.test(v)) return `${head} is not an HTTP-date in the form of ${IMF}`;
    if (NO_OFFSET.test(v)) return `${head} is not an RFC 3339 date-time with an offset: it has no time zone`;
    return `${head} is neither an RFC 3339 date-time with an offset nor an HTTP-date (${IMF})`;
  }
  const at = Date.parse(v);
  if (at > started - SKEW_MS && at < ended + SKEW_MS) return undefined;
  const window = `${new Date(started).toISOString()} to ${new Date(ended).toISOString()}`;
  const off =
    at <= started - SKEW_MS
      ? `${Math.round((started - at) / 1000)} s before`
      : `${Math.round((at - ended) / 1000)} s after`;
  return `${head} is ${off} the exchange (${window}); the rule allows ${SKEW_MS / 1000} s`;
}
