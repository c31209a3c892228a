/** The Content-Type and Accept values the Greenleavespay v5 gateway processes (seed 000: "Content-Type -
 *  Must be application/json", "Accept - Must be application/json"), read from the request-headers
 *  schema: the reference gateway refuses what they refuse (V5-HDR-01/-02), and an SDK is judged by the
 *  same definition (V5-SDK-04), so an SDK never passes with headers paycert's own gateway refuses. */
import { getSchema, schemaId } from './ajv.ts';

const props = getSchema(schemaId('greenleaves-v5', 'request-headers')).properties as Record<
  string,
  { pattern: string }
>;
const CONTENT_TYPE = new RegExp(props['content-type']!.pattern);
const ACCEPT = new RegExp(props.accept!.pattern);

export const isJsonContentType = (value: string | undefined): boolean => CONTENT_TYPE.test(value ?? '');
/** application/json alone (parameters allowed): a list ("application/json, text/plain, *\/*", axios's
 *  default) is not the value the seed names. */
export const isJsonAccept = (value: string | undefined): boolean => ACCEPT.test(value ?? '');

/** Whether an Accept field admits a JSON reply, as RFC 9110 §12.5.1 reads it: no Accept admits any
 *  type; otherwise the most specific range matching application/json (application/json, then
 *  application/*, then *\/*) decides, by its weight (q=0: not acceptable). "text/plain, application/json"
 *  admits JSON; "text/html" and "application/json;q=0" do not. */
export function admitsJson(value: string | undefined): boolean {
  if (value === undefined) return true;
  let best: { rank: number; q: number } | undefined;
  for (const range of value.split(',')) {
    const [type = '', ...params] = range.split(';').map((x) => x.trim().toLowerCase());
    const rank = type === 'application/json' ? 3 : type === 'application/*' ? 2 : type === '*/*' ? 1 : 0;
    if (rank === 0 || (best && best.rank >= rank)) continue;
    const weight = params.find((x) => /^q\s*=/.test(x));
    const q = weight === undefined ? 1 : Number(weight.replace(/^q\s*=\s*/, ''));
    best = { rank, q: Number.isFinite(q) ? q : 0 };
  }
  return best !== undefined && best.q > 0;
}
