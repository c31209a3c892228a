// A reply's or request's header fields as one string each: the HTTP clients and servers share it, and
// the SDK adapter's node:http transport loads it without undici.

/** Fields that hold one value (RFC 9110 5.3: a sender MUST NOT repeat them). */
const SINGLETONS = new Set(['content-type', 'content-length', 'location']);

/** One value per field name, repeated field lines joined with ", " (RFC 9110 5.3). A singleton field
 *  repeated with the same value (a proxy adding a Content-Type the reply had) is that value: joined,
 *  "application/json, application/json" would read as no media type at all, though only one is named
 *  (as RFC 9110 8.6 lets a recipient take Content-Length repeated alike). Different values stay joined:
 *  which one is meant is not known. */
export function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const name = k.toLowerCase();
    out[name] = !Array.isArray(v) ? v : SINGLETONS.has(name) && new Set(v).size === 1 ? v[0]! : v.join(', ');
  }
  return out;
}
