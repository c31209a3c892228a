/** application/x-www-form-urlencoded bodies and the result-redirect URL. */

export type FormFields = Readonly<Record<string, string | undefined>>;

/** Encode in the given key order; undefined values are left out, empty strings are sent. */
export function encodeForm(fields: FormFields): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) p.append(k, v);
  return p.toString();
}

/** Decode a form body or query (or its already-decoded pairs); a repeated key keeps its first value. */
export function decodeForm(body: string | Iterable<readonly [string, string]>): Record<string, string> {
  const first = new Map<string, string>();
  for (const [k, v] of typeof body === 'string' ? new URLSearchParams(body) : body) if (!first.has(k)) first.set(k, v);
  // no prototype: names like __proto__ or constructor stay plain data, and an absent field reads undefined
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of first) out[k] = v;
  return out;
}

/** BACKREF with the result parameters appended, keeping BACKREF's own query (redirect=true) byte for
 *  byte: URLSearchParams re-serialises the whole query once touched, and a shop's
 *  `route=extension/payment/…` arrived as `route=extension%2Fpayment%2F…`. */
export function redirectUrl(backref: string, params: FormFields): string {
  const url = new URL(backref);
  const hash = url.hash;
  url.hash = '';
  const head = url.href;
  const sep = !head.includes('?') ? '?' : /[?&]$/.test(head) ? '' : '&';
  return `${head}${sep}${encodeForm(params)}${hash}`;
}

/** BACKREF without its `redirect` parameter (where the bank's server POSTs the result), the rest of
 *  its query as the shop wrote it (see redirectUrl). */
export function withoutRedirect(backref: string): string {
  const url = new URL(backref);
  if (url.search === '') return url.href;
  const name = (part: string) => {
    const raw = part.split('=')[0]!.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  };
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((p) => p !== '' && name(p) !== 'redirect');
  // the query setter percent-encodes only what a URL cannot carry: '/', '%' and '=' stay as they are
  url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return url.href;
}

export function parseRedirect(url: string): Record<string, string> {
  return decodeForm(new URL(url).search);
}

/** True when BACKREF asks for the GET redirect (digest §A10). */
export function wantsRedirect(backref: string): boolean {
  try {
    return new URL(backref).searchParams.get('redirect') === 'true';
  } catch {
    return false;
  }
}
