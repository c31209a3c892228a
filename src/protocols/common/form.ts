/** Form fields of a body in order, for the content types the APIs accept (urlencoded, multipart). */
export function parseFormBody(body: string, contentType: string): Array<[string, string]> {
  if (contentType.includes('application/x-www-form-urlencoded')) return [...new URLSearchParams(body).entries()];
  if (contentType.includes('multipart/form-data')) return parseMultipart(body, contentType);
  return [];
}

/** Text fields of a multipart/form-data body (no files are expected in these APIs). */
export function parseMultipart(body: string, contentType: string): Array<[string, string]> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) return [];
  const out: Array<[string, string]> = [];
  for (const part of body.split(`--${boundary}`)) {
    const m = /name="([^"]*)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n$/.exec(part);
    if (m) out.push([m[1]!, m[2]!]);
  }
  return out;
}

export function encodeForm(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** multipart/form-data body for the given fields, as the seed's curl samples send callbacks. */
export function encodeMultipart(pairs: ReadonlyArray<readonly [string, string]>, boundary: string): string {
  return `${pairs.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('')}--${boundary}--\r\n`;
}
