// What an edge (nginx, HAProxy, a load balancer, a CDN) in front of a shop or a gateway answers when it
// got no answer from the server behind it: a 502, 503 or 504 (RFC 9110 15.6.3-15.6.5), or its own error
// page for those sent with a 2xx (nginx `error_page 502 =200 /50x.html`). Either way that server never
// saw the request: a shop's call is sent again (HttpRequest.resendNoAnswer), a gateway is not judged.

/** The reason phrases of an edge's own error page for a shop it cannot reach or that did not answer in
 *  time: RFC 9110 15.6.3-15.6.5, and Apache's "Proxy Error". */
const EDGE_ERROR =
  /(?:^|[|:]\s*)(?:error\s*)?(50[234])\s*[:\-–]?\s*(?:bad gateway|proxy error|service (?:temporarily )?unavailable|gateway time-?out)\s*$/i;

/** The 5xx an edge's error page states ("502 Bad Gateway" in its title or first heading, or the
 *  first line of a plain-text page), or undefined. */
export function edgeErrorPage(text: string | undefined): { status: number; title: string } | undefined {
  const head = text?.slice(0, 4096).trim();
  if (!head) return undefined;
  const lines = head.startsWith('<')
    ? [...head.matchAll(/<(title|h1)\b[^>]{0,200}>([^<]{1,200})<\/\1\s*>/gi)].map((m) => m[2]!)
    : [head.split('\n', 1)[0]!];
  for (const line of lines) {
    const m = EDGE_ERROR.exec(line.trim());
    if (m) return { status: Number(m[1]), title: line.trim() };
  }
  return undefined;
}

const NO_ANSWER = new Set([502, 503, 504]);

/** What an edge answers where it sends a caller it has no answer for (the place its redirect leads
 *  to, nginx `error_page 502 https://…/50x.html`): HTTP 502, 503 or 504, or its error page whatever the
 *  status it is served with. `status`: the 5xx stated (the page's, else the reply's); `page`: the
 *  page's title; undefined: a page of the shop's own. */
export function edgeAnswer(r: { status: number; text?: string }): { status: number; page?: string } | undefined {
  const page = edgeErrorPage(r.text);
  if (page) return { status: page.status, page: page.title.slice(0, 80) };
  return NO_ANSWER.has(r.status) ? { status: r.status } : undefined;
}

/** How a reply shows that the server behind the edge gave no answer ("HTTP 502", or "HTTP 200 with an
 *  edge's "502 Bad Gateway" page"), or undefined when it may be the server's own. */
export function noAnswer(r: { status: number; text?: string }): string | undefined {
  if (NO_ANSWER.has(r.status)) return `HTTP ${r.status}`;
  if (r.status < 200 || r.status > 299) return undefined;
  const page = edgeErrorPage(r.text);
  return page && `HTTP ${r.status} with an edge's "${page.title.slice(0, 80)}" page`;
}

/** " to LOCATION" for a redirect (3xx with a Location), as a reason quotes where it sends the caller
 *  (a shop's result_url answering 301 to its https:// twin says so), else "". */
export function redirectedTo(r: { status: number; headers?: Record<string, string> }): string {
  const at = r.status >= 300 && r.status < 400 ? r.headers?.location : undefined;
  return at ? ` to ${at.slice(0, 200)}` : '';
}
