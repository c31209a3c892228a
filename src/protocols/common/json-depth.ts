/** The deepest nesting paycert reads in a JSON reply. No reply of the APIs nests more than a few
 *  levels (a payment's operations, a card in a source); the bound is XML's (fast-xml-parser's 100). */
export const MAX_JSON_DEPTH = 100;

/**
 * JSON.parse, refusing first (in one linear pass, strings skipped) a document nested deeper than
 * `max`: V8 parses a 10^6-deep array (a hostile reply of 2 MB) in seconds, and every later walk of
 * the value (JSON.stringify, a schema, redaction) overflows the stack. Throws JsonTooDeep (a SyntaxError) whose
 * message says so; the caller treats it like any text that is no JSON.
 */
/** A document nested past the bound: maybe JSON, but not read. */
export class JsonTooDeep extends SyntaxError {}

export function parseJsonBounded(text: string, max = MAX_JSON_DEPTH): unknown {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // to the closing quote, over escapes
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max)
        throw new JsonTooDeep(
          `JSON nested deeper than ${max} levels: more than paycert reads (no reply of the API nests that deep), so it was not read`,
        );
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return JSON.parse(text) as unknown;
}

/** Why `text` is not JSON, without the text V8's message quotes ("Unexpected token 'P',
 *  "PAYCERT_GR"... is not valid JSON"): the first characters of a file given by mistake (an .env, a
 *  key) would be printed to the console and the CI log. Where V8 says where, this says the line and
 *  column (the same on every Node version; later ones add them to the message themselves). */
export function notJsonReason(e: unknown, text: string): string {
  if (e instanceof JsonTooDeep) return e.message.replace(/: more than paycert reads .*$/, ', more than paycert reads');
  const m = e instanceof Error ? e.message : String(e);
  if (/Unexpected end of JSON input/.test(m)) return 'not JSON: it ends too soon';
  const at = /position (\d+)/.exec(m);
  if (!at) return 'not JSON';
  const before = text.slice(0, Number(at[1]));
  return `not JSON (at line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')})`;
}
