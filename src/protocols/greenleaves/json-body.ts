import { FORM_LIMITS } from '../common/form.ts';
import { parseXml } from './xml.ts';

/** A JSON media type (application/json, text/json, application/…+json), parameters ignored. */
export function isJsonMedia(contentType: string | undefined): boolean {
  return /^\s*[a-z0-9.+-]+\/(?:[a-z0-9.-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '');
}

const MAX_DEPTH = 32;

/**
 * The parameters of a JSON object body as the form pairs they name (bracket notation for nested
 * values, as `toForm` writes them), or undefined when the body is not a JSON object, nests deeper
 * than 32 levels or holds more than FORM_LIMITS.fields values. Published g2g clients post their
 * parameters as JSON, which the documentation does not name (GL-SDK-12); the strict gateway of the
 * sdk subject reads them this way so that the rest of what such an SDK does can still be judged.
 * A scalar becomes what a PHP gateway's string cast of the decoded value gives: a string as it is,
 * a number its shortest text, true "1", false and null "".
 */
export function jsonPairs(text: string): Array<[string, string]> | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const out: Array<[string, string]> = [];
  const walk = (v: unknown, name: string, depth: number): boolean => {
    if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return false;
      for (const [k, x] of Object.entries(v)) if (!walk(x, `${name}[${k}]`, depth + 1)) return false;
      return true;
    }
    if (out.length >= FORM_LIMITS.fields) return false;
    out.push([name, typeof v === 'string' ? v : v === true ? '1' : v === false || v === null ? '' : String(v)]);
    return true;
  };
  for (const [k, v] of Object.entries(root)) if (!walk(v, k, 1)) return undefined;
  return out;
}

/**
 * The parameters of a body that is the XML of pg_xml posted bare (`<request><pg_…>…</request>` as
 * application/xml or text/xml, without the form field; GL-SDK-12) as the pg_xml pair it stands for,
 * or undefined when the body is not such a document. As with jsonPairs, the strict gateway of the sdk
 * subject reads it so, so that the rest of what such an SDK does can still be judged.
 */
export function xmlBodyPairs(text: string, contentType: string | undefined): Array<[string, string]> | undefined {
  if (!/^\s*[a-z0-9.+-]+\/(?:[a-z0-9.-]+\+)?xml\s*(?:;|$)/i.test(contentType ?? '')) return undefined;
  try {
    return parseXml(text).root === 'request' ? [['pg_xml', text]] : undefined;
  } catch {
    return undefined;
  }
}
