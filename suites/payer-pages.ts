// The payer's pages of a gateway (a hosted or card page, the form posted from it, the 3-D Secure ACS)
// are fetched with statuses 'any': a page's own error (a 4xx refusing what the payer entered) is the
// gateway's answer, judged by the checks. An edge in front of the gateway answering there (its 502,
// 503 or 504, or its error page sent with HTTP 200: edge-page.ts) is not: the gateway gave no answer,
// so nothing of the page is judged, as for the API's calls (HttpClient, statuses 'gateway'). Was
// (probe 20): JY-RED-01, JY-RED-02 and JY-3DS-07 failed on nginx's "502 Bad Gateway" page.
import { shownUrl } from '../src/harness/clip.ts';
import { edgeRefusal, noAnswer } from '../src/harness/edge-page.ts';
import type { HttpRequest, HttpResponse } from '../src/harness/http.ts';
import { Inconclusive } from '../src/harness/outcome.ts';

/** `res` when it is the gateway's own answer to the payer's request `req`; an edge's answer in its
 *  place (noAnswer) ends the check inconclusive, with why. */
export function payerPageAnswered(req: HttpRequest, res: HttpResponse): HttpResponse {
  const why = noAnswer(res);
  // an edge's own 4xx page (its size limits): the request never reached the gateway (probe 22)
  const refused = why === undefined ? edgeRefusal(res) : undefined;
  if (why === undefined && refused === undefined) return res;
  const method = req.method ?? (req.body === undefined && req.form === undefined ? 'GET' : 'POST');
  throw new Inconclusive(
    `${req.note ? `${req.note}: ` : ''}${method} ${shownUrl(req.url)} answered ${why ?? `HTTP ${res.status} with ${refused}`}: no answer of the gateway${why ? ' (an edge in front of it got none)' : ''}, not judged`,
  );
}

/** The payer's request sent through `t.http`, its answer checked so (payerPageAnswered). */
export function payerSend(t: {
  http: { send: (r: HttpRequest) => Promise<HttpResponse> };
}): (r: HttpRequest) => Promise<HttpResponse> {
  return async (r) => payerPageAnswered(r, await t.http.send(r));
}
