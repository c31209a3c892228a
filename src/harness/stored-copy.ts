type Headers = Readonly<Record<string, string | undefined>>;

/** A reply's cache headers for a reason, "Age: 3, X-Cache: HIT" ('' when it has neither). The values
 *  come from the wire: cut short, control characters escaped. */
export function cacheHeaders(headers: Headers): string {
  const shown = (v: string) => JSON.stringify(v.slice(0, 40)).slice(1, -1);
  const { age, 'x-cache': hit } = headers;
  return [age !== undefined && `Age: ${shown(age)}`, hit && `X-Cache: ${shown(hit)}`].filter(Boolean).join(', ');
}

/** For a reason: a reply with an Age header was not made by the origin for this request (RFC 9111
 *  5.1: "the response was not generated or validated by the origin server for this request"), but
 *  by a cache in front of it, from a stored copy. Without this, a stale read or an old answer to a
 *  repeated request sends the user to the gateway's logic instead of the edge. '' when there is none
 *  (or no headers: a reply made up by a test). */
export function storedCopy(headers: Headers | undefined, origin = 'the gateway'): string {
  if (headers?.age === undefined) return '';
  return ` (a stored copy, ${cacheHeaders(headers)}: a cache in front of ${origin} answered, not ${origin} itself)`;
}
