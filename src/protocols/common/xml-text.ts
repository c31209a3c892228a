// Characters XML 1.0 forbids anywhere in a document (not even as &#N; references): C0 controls
// other than TAB/LF/CR, U+FFFE/U+FFFF, and lone surrogates. Text echoed from a request (a field
// name, a value) may hold them; a reply must stay well-formed, so they become U+FFFD.
const ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Every character ILLEGAL can match (a surrogate only when unpaired): text without one is kept as is. */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlSafeText(s: string): string {
  return SUSPECT.test(s) ? s.replace(ILLEGAL, '\uFFFD') : s;
}

/** Text safe in HTML or XML character data and in a double-quoted attribute: & < > " as references.
 *  Most texts need none (one test, not four replaces: the reports are rewritten every second). */
export function escapeMarkup(s: string): string {
  return !/[&<>"]/.test(s)
    ? s
    : s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// XML 1.0 Name production (Basic Multilingual Plane part), e.g. pg_status, Заказ, a-b.1
const START =
  'A-Za-z_:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME = new RegExp(`^[${START}][${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);

export function isXmlName(name: string): boolean {
  return NAME.test(name);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's own references in character data, in one pass: the five predefined entities and
 *  character references (&#1055; &#x41F;). Anything else (an undeclared or DOCTYPE-declared
 *  entity) stays as written: it is never expanded. */
export function decodeXmlReferences(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (m, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name]!;
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}
