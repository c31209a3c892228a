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
