/** For a reason: a reply with an Age header was not made by the origin for this request (RFC 9111
 *  5.1: "the response was not generated or validated by the origin server for this request"), but
 *  by a cache in front of it, from a stored copy. Without this, a stale read or an old answer to a
 *  repeated request sends the user to the gateway's logic instead of the edge. '' when there is none. */
export function storedCopy(headers: Readonly<Record<string, string | undefined>>, origin = 'the gateway'): string {
  const age = headers.age;
  if (age === undefined) return '';
  const hit = headers['x-cache'];
  const shown = (v: string) => JSON.stringify(v.slice(0, 40)).slice(1, -1);
  return ` (a stored copy, Age: ${shown(age)}${hit === undefined ? '' : `, X-Cache: ${shown(hit)}`}: a cache in front of ${origin} answered, not ${origin} itself)`;
}
