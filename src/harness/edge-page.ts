// What an edge (nginx, HAProxy, a load balancer, a CDN) in front of a shop or a gateway answers when it
// got no answer from the server behind it: a 502, 503 or 504 (RFC 9110 15.6.3-15.6.5), or its own error
// page for those sent with a 2xx (nginx `error_page 502 =200 /50x.html`). Either way that server never
// saw the request: a shop's call is sent again (HttpRequest.resendNoAnswer), a gateway is not judged.
// Also the pages a bot wall or a firewall answers with instead of passing a request on (wallPage).
import { LOGIN_VAR, targetLogin } from './target-login.ts';
import { quote } from './clip.ts';

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

/** What a rate limiter says on its page: its title, heading or first line. */
const RATE_LIMIT_WORDS =
  /^(?:[0-9]{3}\s+)?(?:slow down|too many requests|rate limit(?:ed| exceeded| reached)?|request limit (?:exceeded|reached)|you are being rate limited|throttled)\b/i;

/** A rate limiter's own page in the API's place, as an edge answers with any status it is told
 *  (nginx `error_page 429 =200 @rl`: HTTP 200 "<h1>Slow down</h1><p>Too many requests…"): "a rate
 *  limiter's page "Slow down"", or undefined. Only a short page (4 KB) whose title, first heading or
 *  first line says so: an API's own page that mentions a limit somewhere is no such page. A 429 is
 *  handled by its status (NOT_TAKEN). */
export function rateLimitPage(r: { status: number; text?: string }): string | undefined {
  if (r.status === 429) return undefined;
  const text = r.text?.trim() ?? '';
  if (text === '' || text.length > 4096) return undefined;
  const lines = text.startsWith('<')
    ? [...text.matchAll(/<(title|h1|h2|p|body)\b[^>]{0,200}>\s*([^<]{1,200})/gi)].map((m) => m[2]!.trim()).slice(0, 3)
    : [text.split('\n', 1)[0]!.trim()];
  const said = lines.find((l) => RATE_LIMIT_WORDS.test(l));
  return said && `a rate limiter's page "${quote(said, 80)}"`;
}

const NO_ANSWER = new Set([502, 503, 504]);

/** What an edge answers where it sends a caller it has no answer for (the place its redirect leads
 *  to, nginx `error_page 502 https://…/50x.html`): HTTP 502, 503 or 504, or its error page whatever the
 *  status it is served with. `status`: the 5xx stated (the page's, else the reply's); `page`: the
 *  page's title; undefined: a page of the shop's own. */
export function edgeAnswer(r: { status: number; text?: string }): { status: number; page?: string } | undefined {
  const page = edgeErrorPage(r.text);
  if (page) return { status: page.status, page: quote(page.title, 80) };
  return NO_ANSWER.has(r.status) ? { status: r.status } : undefined;
}

/** How a reply shows that the server behind the edge gave no answer ("HTTP 502", or "HTTP 200 with an
 *  edge's "502 Bad Gateway" page"), or undefined when it may be the server's own. */
export function noAnswer(r: { status: number; text?: string }): string | undefined {
  if (NO_ANSWER.has(r.status)) return `HTTP ${r.status}`;
  if (r.status < 200 || r.status > 299) return undefined;
  const page = edgeErrorPage(r.text);
  return page && `HTTP ${r.status} with an edge's "${quote(page.title, 80)}" page`;
}

/** What each status that is no answer of the shop's says happened, for a reason (RFC 6585 4, RFC 9110
 *  15.6.3-15.6.5). */
const NO_ANSWER_MEANS: Record<number, string> = {
  429: 'a rate limit: the call not taken',
  502: 'the edge in front of the shop got no answer from it',
  503: 'the shop unavailable, or a rate limit: nginx limit_req refuses so unless told otherwise',
  504: "the edge's timeout: the shop did not answer it in time",
};

/** A call to a shop answered so that the shop never took it, said shortly for a reason: "HTTP 429 (a
 *  rate limit: the call not taken)", "HTTP 504 with an edge's "504 Gateway Time-out" page (the edge's
 *  timeout: …)"; the page's title, never its HTML. Undefined for an answer that may be the shop's own. */
export function noAnswerWhy(r: { status: number; text?: string }): string | undefined {
  const page = edgeErrorPage(r.text);
  const means = NO_ANSWER_MEANS[r.status] ?? (page && NO_ANSWER_MEANS[page.status]);
  if (means === undefined || (r.status !== 429 && noAnswer(r) === undefined)) return undefined;
  return `HTTP ${r.status}${page ? ` with an edge's "${quote(page.title, 80)}" page` : ''} (${means})`;
}

/** What a reason says after a shop's answer's status: " to LOCATION" for a redirect (3xx with a
 *  Location: a result_url answering 301 to its https:// twin), " with a bot challenge (Cloudflare) …"
 *  for a wall's page (wallPage: the gateway's calls meet it too, unless it lets their addresses
 *  through), " with an HTTP Basic login …" for a login (loginWall), else "". */
export function besideStatus(r: {
  status: number;
  headers?: Record<string, string>;
  text?: string;
  refusedContent?: RefusedContent;
}): string {
  const at = r.status >= 300 && r.status < 400 ? r.headers?.location : undefined;
  if (at) return ` to ${quote(at, 200)}`;
  const waf = firewallPage(r);
  if (waf) return ` with ${waf}${byContent(r.refusedContent)}`;
  // an edge's bare 403 where calls to the same URL from the same address got through: no address list
  // refuses paycert (probe 25: "an address not let through?" beside 19 rules passed from that address)
  const edge403 = contentRefusal(r);
  if (edge403) return ` with ${edge403}`;
  const wall = wallPage(r);
  if (wall) return ` with ${wall} (the gateway's calls meet it too, unless it lets their addresses through)`;
  // the edge's own 4xx for a limit of its (nginx's 413 for a body over client_max_body_size)
  const edge = edgeRefusal(r, 'shop');
  if (edge) return ` with ${edge}`;
  const csrf = csrfBeside(r, "the gateway's calls carry");
  if (csrf) return csrf;
  const method = notThisMethod(r);
  if (method) return method;
  // a staging shop behind nginx's auth_basic: the gateway's callbacks carry no login either, unless
  // the result_url the shop gives it has one (user:password@)
  const login = loginWall(r);
  return login ? ` with ${login} (nor does the gateway, unless the shop's result_url carries the login)` : '';
}

/** A web framework's refusal of a POST without its CSRF token, by the status and words its default
 *  handler answers with (Laravel's 419 "Page Expired", Django's "CSRF verification failed", Rails's
 *  InvalidAuthenticityToken, likely its production 422 page, Yii's "Unable to verify your data submission", …): the commonest reason a
 *  shop's callback handler refuses every call, genuine or not, and one the shop mends in a line. What it
 *  is, or undefined. A page that merely carries a CSRF token (a framework's 404 with its csrf-token meta
 *  tag) is not one: the words must say the token was missing or wrong. */
export function csrfRefusal(r: { status: number; text?: string }): string | undefined {
  return csrfEntry(r)?.[2];
}

/** The first CSRF_REFUSALS entry a 4xx `r` matches, or undefined. */
function csrfEntry(r: { status: number; text?: string }): CsrfRefusal | undefined {
  if (r.status < 400 || r.status > 499) return undefined;
  const head = r.text?.slice(0, 8192) ?? '';
  return CSRF_REFUSALS.find(([status, re]) => (status === undefined || status === r.status) && re.test(head));
}

/** " (the URL does not take the call's method: it allows GET, HEAD)" for a 405 (RFC 9110 15.5.6: its
 *  Allow lists the methods it takes): a handler routed for GET only where the calls come by POST, or
 *  the other way round (the declaration's requestMethod). '' for any other answer. */
export function notThisMethod(r: { status: number; headers?: Record<string, string> }): string {
  if (r.status !== 405) return '';
  const allow = r.headers?.allow && quote(r.headers.allow.trim(), 80);
  return ` (the URL does not take the call's method${allow ? `: it allows ${allow}` : ''})`;
}

/** " with <the framework's CSRF refusal>: <who> no CSRF token either (…)" for a reason, or ''. */
export function csrfBeside(r: { status: number; text?: string }, who: string): string {
  const [, , csrf, unlessAllRefused] = csrfEntry(r) ?? [];
  if (!csrf) return '';
  const mend = unlessAllRefused ? 'if so, exempt this URL from the CSRF check' : 'exempt this URL from the CSRF check';
  return ` with ${csrf}: ${who} no CSRF token either (${mend})`;
}

const RAILS_422_PAGE = /the change you wanted was rejected/i;
const RAILS_422_JSON = /^\s*\{\s*"status"\s*:\s*422\s*,\s*"error"\s*:\s*"unprocessable (?:entity|content)"\s*\}\s*$/i;

/** Whether csrfRefusal names `r` only by a page the framework answers other refusals with too (Rails's
 *  production 422, a validation error's as well): a CSRF refusal refuses every call, so `r` is one only
 *  where a genuine call that should be taken met the same answer; a forged call's while the genuine one
 *  was taken is a refusal of the app's. */
export function csrfOnlyIfAllRefused(r: { status: number; text?: string }): boolean {
  return csrfEntry(r)?.[3] === true;
}

/** [status (any when undefined), the words, what it is, whether it is one only where every call meets it
 *  (csrfOnlyIfAllRefused)]: the frameworks' own, then any saying so. */
type CsrfRefusal = [number | undefined, RegExp, string, unlessAllRefused?: true];
const CSRF_REFUSALS: CsrfRefusal[] = [
  [419, /page expired|csrf token mismatch|^\s*$/i, 'Laravel\'s CSRF refusal (HTTP 419 "Page Expired")'],
  [403, /csrf verification failed|csrf failed:/i, 'Django\'s CSRF refusal ("CSRF verification failed")'],
  [undefined, /invalidauthenticitytoken/i, "Rails's CSRF refusal (InvalidAuthenticityToken)"],
  // Rails in production (probe 26): its public/422.html, or for a JSON call its public exceptions'
  // JSON. Rails answers every 422 exception with them (ActiveRecord::RecordInvalid too, and an API-only
  // app has no CSRF check): a CSRF refusal only where every call meets it (unlessAllRefused)
  [
    422,
    RAILS_422_PAGE,
    'likely Rails\'s CSRF refusal (or another 422 of the app: a validation error; its 422 page "The change you wanted was rejected")',
    true,
  ],
  [
    422,
    RAILS_422_JSON,
    'likely Rails\'s CSRF refusal (or another 422 of the app: a validation error; its 422 JSON "Unprocessable Entity")',
    true,
  ],
  [400, /unable to verify your data submission/i, 'Yii\'s CSRF refusal ("Unable to verify your data submission")'],
  [
    403,
    /the action you requested is not allowed/i,
    'CodeIgniter\'s CSRF refusal ("The action you requested is not allowed")',
  ],
  [
    undefined,
    /(?:invalid|missing|bad|expired)\W+(?:csrf|xsrf)\b|\b(?:csrf|xsrf)\W+(?:token\W+)?(?:is\W+)?(?:missing|mismatch|invalid|expired|(?:verification|validation|check)\W+failed)/i,
    'a CSRF refusal (its page says the CSRF token is missing or wrong)',
  ],
];

/** The pages a bot wall or web application firewall in front of a site answers with instead of
 *  passing the request on (their titles, as the vendors ship them), and what each is. */
const WALL_TITLES: Array<[RegExp, string]> = [
  [/^just a moment\.{3}$/i, 'a bot challenge (Cloudflare)'],
  [/^attention required! \| cloudflare$/i, "a firewall's block page (Cloudflare)"],
  [/used cloudflare to restrict access/i, "a firewall's block page (Cloudflare)"],
  [/^ddos-guard$/i, 'a bot check (DDoS-Guard)'],
  [/sucuri website firewall/i, "a firewall's block page (Sucuri)"],
  [/^request rejected$/i, "a firewall's block page (F5)"],
  [/^error: the request could not be satisfied$/i, 'a block page (CloudFront)'],
];

/** What a web application firewall's block page says (ModSecurity's, NAXSI's, a hosting panel's: "Request
 *  blocked … by the web application firewall"): its first heading and the firewall's name when given
 *  ("Request blocked", ModSecurity), or undefined. */
export function firewallNamed(r: {
  status: number;
  text?: string;
}): { heading: string; title: string; name?: string } | undefined {
  const page = r.status >= 400 && r.status < 500 ? htmlPage(r.text) : undefined;
  if (page === undefined) return undefined;
  const text = page.head.replace(/<[^>]{0,400}>/g, ' ');
  if (!/web application firewall|\bmod_?security\b|\bnaxsi\b|\bwaf\b|blocked by (?:the |a )?firewall/i.test(text))
    return undefined;
  const heading = /<h1\b[^>]{0,200}>([^<]{1,200})<\/h1\s*>/i.exec(page.head)?.[1]?.trim() ?? page.title;
  const name = /\b(mod_?security|naxsi|wordfence|imunify360|bitninja)\b/i.exec(text)?.[1];
  return {
    heading,
    title: page.title,
    ...(name && { name: name.toLowerCase().startsWith('mod') ? 'ModSecurity' : name }),
  };
}

/** What paycert knows of a call a web application firewall refused (HttpClient fills it for a shop's
 *  call): the fields whose values carry what such firewalls flag, and how many earlier calls to the same
 *  URL got through in this run. */
export interface RefusedContent {
  flagged: string[];
  passed: number;
  /** a control sent right after it (the same URL without this call's content) got through: the address
   *  is let through, so the refusal is by this call's content (a payer's or the gateway's meets it too) */
  controlPassed?: boolean;
}

/** What rule sets flag in a value, each with the words the reason names it by: never the value (a
 *  cardholder's name, an e-mail: the reasons must show no card data, README). */
const FLAGGED: Array<[RegExp, string]> = [
  [/['"`]/, 'a quote'],
  [/[<>]/, "'<' or '>'"],
  [/\.\.[/\\]/, "'../'"],
  [/\b(?:union|select)\b/i, 'an SQL word'],
  [/--|\/\*/, 'an SQL comment'],
];

/** The fields of a call (a form's, a JSON body's leaves, the URL's query) whose values carry what FLAGGED
 *  names, as `name (what)` (at most 3): the field's name and the kind of character, never its value. */
export function flaggedFields(url: string, body: string | undefined): string[] {
  const fields: Array<[string, string]> = [];
  if (URL.canParse(url)) fields.push(...new URL(url).searchParams);
  const text = body?.trim() ?? '';
  if (text.startsWith('{') || text.startsWith('[')) {
    const walk = (v: unknown, name: string): void => {
      if (typeof v === 'string') fields.push([name, v]);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, name ? `${name}.${k}` : k);
    };
    try {
      walk(JSON.parse(text), '');
    } catch {
      // not JSON after all: nothing named
    }
  } else if (text.startsWith('--')) {
    // multipart/form-data: each part's name and value (RFC 7578)
    for (const m of text.matchAll(/name="([^"]{1,200})"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n){0,5}\r?\n([\s\S]*?)\r?\n--/g))
      fields.push([m[1]!, m[2]!]);
  } else if (text !== '' && /^[^=&\s]+=/.test(text)) fields.push(...new URLSearchParams(text));
  const out: string[] = [];
  for (const [k, v] of fields) {
    const kinds = FLAGGED.filter(([re]) => re.test(v)).map(([, what]) => what);
    if (kinds.length > 0) out.push(`${quote(k, 60)} (${kinds.join(', ')})`);
    if (out.length === 3) break;
  }
  return out;
}

/** What a firewall's block page to a shop's call says of the cause, naming the fields whose values such
 *  rule sets flag. Earlier calls to the same URL that got through make a refusal by its content likely, but
 *  never sure: a firewall also bans an address after flagged calls (fail2ban, a rule set's anomaly score
 *  kept per client), and then refuses a clean call too. */
function byContent(c: RefusedContent | undefined): string {
  const carries = c && c.flagged.length > 0 ? `this call's ${c.flagged.join(', ')}` : '';
  // the address let through right after it: by its content, as a fact
  if (c?.controlPassed)
    return ` (refused by its content: ${c.passed > 0 ? `${c.passed} earlier call${c.passed === 1 ? '' : 's'} to this URL from paycert got through, and one right after it` : 'a call to this URL from paycert right after it got through'} without this call's content; ${carries ? `${carries.replace(/^this call's/, 'this one carries')}: such rules flag them` : 'what in it the rule flagged paycert cannot tell'}; the same values reach it from real payers)`;
  // no call got through before it: by its content or by an address list, paycert cannot tell
  if (c === undefined || c.passed === 0)
    return carries
      ? ` (${carries}: such firewalls flag them, and a rule refusing it by its content meets the gateway's calls for real payers too; else an address list refuses paycert)`
      : " (the gateway's calls meet it too, unless it lets their addresses through)";
  const others = `${c.passed} earlier call${c.passed === 1 ? '' : 's'} to this URL from paycert got through`;
  return ` (${others}: a firewall refusing this one by its content, or banning paycert's address after earlier calls, is likely; ${carries ? `${carries}: such firewalls flag them` : 'what in it a firewall flagged paycert cannot tell'}; the gateway's calls carry such values for real payers too: let the firewall pass the gateway's calls to this URL)`;
}

/** A web application firewall's block page (firewallNamed) answering a shop's call: what it is, or undefined.
 *  Not a wallPage: in front of a gateway, a firewall refusing a request by its content (a '<' in pg_xml, a
 *  quote) is how the gateway's transport answers it, judged as its reply (GL-TX-03, proxied-defects). */
export function firewallPage(r: { status: number; text?: string }): string | undefined {
  const waf = firewallNamed(r);
  if (waf === undefined) return undefined;
  const quoted = waf.title ? ` "${quote(waf.title, 80)}"` : '';
  return `a web application firewall's block page${quoted} (${[JSON.stringify(quote(waf.heading, 80)), waf.name].filter(Boolean).join(', ')})`;
}

/** An edge's bare 403 page (nginx's, Apache's "You don't have permission to access this resource"),
 *  naming no firewall: a rule of the edge's refused the request, by its address or by its content. */
export function bareEdge403(r: { status: number; text?: string }): boolean {
  const page = r.status === 403 ? htmlPage(r.text) : undefined;
  return (
    page !== undefined &&
    /^403 forbidden$/i.test(page.title) &&
    firewallNamed(r) === undefined &&
    /<center>\s*(nginx|openresty)\b|you don't have permission to access/i.test(page.head)
  );
}

/** Whether a shop's answer may be a refusal of the call by its content (HttpClient fills RefusedContent
 *  for it): a firewall's block page, or an edge's bare 403. */
export const mayRefuseByContent = (r: { status: number; text?: string }): boolean =>
  firewallNamed(r) !== undefined || bareEdge403(r);

/** An edge's bare 403 (bareEdge403) to a call when others to the same URL from paycert got through
 *  (RefusedContent.passed), said as such with what its content carries (byContent); else undefined
 *  (the first call refused: an address list, or its content, wallPage's guess). */
export function contentRefusal(r: {
  status: number;
  text?: string;
  refusedContent?: RefusedContent;
}): string | undefined {
  const c = r.refusedContent;
  if (!bareEdge403(r) || !c || (c.passed === 0 && !c.controlPassed)) return undefined;
  return `an edge's 403 page "403 Forbidden"${byContent(r.refusedContent)}`;
}

/** Per key (a check's context) and URL, whether the control call (the URL alone) got through. */
const edgeControls = new WeakMap<object, Map<string, boolean>>();

/** An edge's bare 403 (bareEdge403) to a call whose RefusedContent HttpClient filled: the URL alone
 *  (`send`), asked once per `key` (a check) and URL, tells whether the edge lets paycert's address
 *  through (controlThrough). Got through, the refusal is by the call's content (controlPassed set); the
 *  RefusedContent as it stands otherwise, or undefined where `r` is no such 403. */
export async function controlAfterEdge403(
  key: object,
  url: string,
  r: { status: number; text?: string; refusedContent?: RefusedContent },
  send: () => Promise<{ status: number; headers?: Record<string, string>; text?: string }>,
  /** controlThrough's `own` */
  own: readonly number[] = [],
): Promise<RefusedContent | undefined> {
  const c = r.refusedContent;
  if (!c || !bareEdge403(r)) return undefined;
  if (c.controlPassed) return c;
  let seen = edgeControls.get(key);
  if (seen === undefined) edgeControls.set(key, (seen = new Map()));
  let through = seen.get(url);
  if (through === undefined) {
    const control = await send().catch(() => undefined);
    through = control !== undefined && controlThrough(control, own);
    seen.set(url, through);
  }
  return through ? { ...c, controlPassed: true } : c;
}

/** Whether a control call got through the edge: any answer but a 5xx, a refusal of the caller (401, 403,
 *  407, 429) or a page the edge answers with instead of the shop (a wall's, a firewall's block page, an
 *  edge's bare 403, a login). A 2xx, a redirect (a BACKREF sending a GET on; HttpClient counts only 2xx
 *  in RefusedContent.passed) or the shop's own other 4xx got through. wallPage alone let a firewall's
 *  block page count as through (it is no wallPage: firewallPage's), and the 403 to the call was then said
 *  to be by its content. */
export function controlThrough(
  r: { status: number; headers?: Record<string, string>; text?: string },
  /** the statuses among 401 and 403 the shop itself answers the control with, a page of its own (a
   *  Jysan BACKREF refusing a call without a result: no edge's page, it got through) */
  own: readonly number[] = [],
): boolean {
  return (
    r.status < 500 &&
    (![401, 403, 407, 429].includes(r.status) || own.includes(r.status)) &&
    wallPage(r) === undefined &&
    firewallNamed(r) === undefined &&
    !bareEdge403(r) &&
    loginWall(r) === undefined
  );
}

/** An HTML page that a bot wall or firewall in front of the subject answered with (a challenge to
 *  run JavaScript, a block page; Cloudflare marks its challenges `cf-mitigated: challenge`), or an
 *  edge's bare 403 page (nginx or Apache refusing an address not on its list): what it is, quoting
 *  its title, or undefined. Such a reply says nothing of the API behind it. */
export function wallPage(r: { status: number; headers?: Record<string, string>; text?: string }): string | undefined {
  const page = htmlPage(r.text);
  if (page === undefined) return undefined;
  const { head, title } = page;
  const quoted = title ? ` "${quote(title, 80)}"` : '';
  if (r.headers?.['cf-mitigated'])
    return `a bot challenge (Cloudflare, cf-mitigated: ${quote(r.headers['cf-mitigated'], 40)})${quoted}`;
  for (const [re, what] of WALL_TITLES) if (re.test(title)) return `${what}${quoted}`;
  if (/incapsula incident id/i.test(head)) return "a firewall's block page (Imperva Incapsula)";
  if (bareEdge403(r)) return `an edge's 403 page${quoted} (an address not let through?)`;
  return undefined;
}

/** An HTML page's first 8 KB and its title ('' for none), or undefined for a reply that is no HTML page. */
function htmlPage(text: string | undefined): { head: string; title: string } | undefined {
  const head = text?.slice(0, 8192).trimStart() ?? '';
  if (!/^<(!doctype html|html)\b/i.test(head)) return undefined;
  return { head, title: /<title\b[^>]{0,200}>([^<]{1,200})<\/title\s*>/i.exec(head)?.[1]?.trim() ?? '' };
}

/** A web page answered with a 2xx where an API's XML or JSON reply belongs (a site's front end, a
 *  single-page app answering every path with its index.html): "an HTML page titled "…"", or undefined. */
export function webPage(r: { status: number; text?: string }): string | undefined {
  const page = r.status >= 200 && r.status < 300 ? htmlPage(r.text) : undefined;
  return page && (page.title ? `an HTML page titled ${JSON.stringify(quote(page.title, 80))}` : 'an HTML page');
}

/** A web server's own page for a path nothing behind it serves (nginx's and Apache's default 404 and
 *  405 pages, as a test domain without one of the API's endpoints answers; Kong's router's 404): what
 *  it is, quoting its title, or undefined. An application's own 404 (a v5 "payment not found", a shop's page) is not one. */
export function notServedPage(r: {
  status: number;
  headers?: Record<string, string>;
  text?: string;
}): string | undefined {
  if (r.status !== 404 && r.status !== 405) return undefined;
  // Kong's router, answering itself (see KONG_REFUSALS): "no Route matched with those values"
  if (r.status === 404 && r.headers?.['x-kong-response-latency'] !== undefined) return "Kong's own 404 (no route)";
  const page = htmlPage(r.text);
  if (page === undefined || !/^(?:404 not found|405 (?:method )?not allowed)$/i.test(page.title)) return undefined;
  // nginx's and OpenResty's signature line; Apache's (and PHP's built-in server's) sentence
  const own =
    /<center>\s*(?:nginx|openresty)\b/i.test(page.head) ||
    /was not found on this server|is not allowed for (?:this|the requested) url/i.test(page.head);
  return own ? `the web server's own "${page.title}" page` : undefined;
}

/** An HTTP authentication challenge (RFC 9110 11.6.1: a 401 with WWW-Authenticate Basic or Digest) from
 *  the web server in front of a test domain that asks for a login: what it asks for, or undefined. The
 *  API's own refusals (a v5 bad signature answered 401) carry no such challenge. */
export function loginWall(
  r: { status: number; headers?: Record<string, string> },
  atGateway = false,
): string | undefined {
  const challenge = r.status === 401 ? r.headers?.['www-authenticate'] : undefined;
  const m = challenge === undefined ? null : /^\s*(basic|digest)\b/i.exec(challenge);
  if (!m) return undefined;
  const realm = /\brealm\s*=\s*"([^"]{0,80})"/i.exec(challenge!)?.[1];
  const scheme = m[1]![0]!.toUpperCase() + m[1]!.slice(1).toLowerCase();
  const asked = `an HTTP ${scheme} login${realm === undefined ? '' : ` (realm "${realm}")`}`;
  // a gateway's test domain: paycert sends the login PAYCERT_TARGET_LOGIN gives (Basic only)
  if (!atGateway) return `${asked}, which paycert does not send`;
  if (targetLogin() !== undefined)
    return `${asked}, which refused the login ${LOGIN_VAR} gives${scheme === 'Basic' ? '' : ' (paycert sends it as Basic)'}`;
  return `${asked}, which paycert does not send (give it in ${LOGIN_VAR}=user:password)`;
}

/** AWS API Gateway's own refusals, by its x-amzn-errortype: a path it has no route for, or one that
 *  wants an AWS signature (MissingAuthenticationTokenException), and an API key, WAF rule or resource
 *  policy not met (ForbiddenException). What the API behind it refuses (its authorizer's deny, the
 *  application's own 403) carries another type or none. */
const AWS_REFUSALS: Record<string, string> = {
  MissingAuthenticationTokenException:
    'AWS API Gateway\'s "Missing Authentication Token" (no route for this path, or an AWS signature paycert does not send)',
  ForbiddenException: 'AWS API Gateway\'s "Forbidden" (an API key, WAF rule or resource policy paycert does not meet)',
};

/** What Kong answers itself (its own replies carry X-Kong-Response-Latency; those it relays carry the
 *  upstream's latency instead) when a plugin or its router stops a request before the API. */
const KONG_REFUSALS: Record<number, string> = {
  401: "Kong's own 401 (a credential its plugin wants, an API key or a login, that paycert does not send)",
  403: "Kong's own 403 (an ACL or IP restriction paycert does not meet)",
};

/** An API gateway's own refusal in front of the API (AWS API Gateway's, Kong's), or undefined. */
export function apiGatewayWall(r: { status: number; headers?: Record<string, string> }): string | undefined {
  const type = r.headers?.['x-amzn-errortype']?.split(':', 1)[0]!.trim();
  if (r.status === 403 && type !== undefined && Object.hasOwn(AWS_REFUSALS, type)) return AWS_REFUSALS[type];
  if (r.headers?.['x-kong-response-latency'] !== undefined && Object.hasOwn(KONG_REFUSALS, r.status))
    return KONG_REFUSALS[r.status];
  return undefined;
}

/** A proxy's own refusal (an egress proxy's that forwards paycert's http:// requests, or one in front of
 *  the API): Squid marks its error pages with X-Squid-Error ("ERR_ACCESS_DENIED 0"), and a proxy
 *  following RFC 9209 names the error in Proxy-Status (`…; error=destination_ip_prohibited`). A
 *  Proxy-Status without an error is a relayed reply, the API's. */
export function proxyRefusal(r: { status: number; headers?: Record<string, string> }): string | undefined {
  if (r.status < 400) return undefined;
  const squid = r.headers?.['x-squid-error']?.trim().split(/\s/, 1)[0];
  if (squid) return `a proxy's own refusal (Squid ${quote(squid, 60)})`;
  const error = /;\s*error\s*=\s*"?([a-z0-9_.-]{1,60})/i.exec(r.headers?.['proxy-status'] ?? '')?.[1];
  return error ? `a proxy's own refusal (Proxy-Status error=${error})` : undefined;
}

/** The limits an edge refuses a request over with its own 4xx page, by the words of that page (nginx,
 *  Apache, HAProxy, Cloudflare, Envoy; RFC 9110 15.5.14/15.5.15, RFC 6585 5), and what each limit is. */
const EDGE_LIMITS: Array<[RegExp, string, sized?: true]> = [
  [
    /request header or cookie too large|request header fields too large|size of a request header field exceeds|request header too large/i,
    "its limit on a request's header size",
    true,
  ],
  [/request entity too large|payload too large|content too large/i, "its limit on a request's body size", true],
  [/request-uri too (?:large|long)|uri too long/i, "its limit on a URL's length", true],
  [/plain http request was sent to https port/i, 'plain HTTP sent to its HTTPS port'],
  [/no required ssl certificate was sent|ssl certificate error/i, 'a TLS client certificate it wants'],
  [/request time-?out|didn't send a complete request in time/i, 'its timeout for reading a request'],
  [/length required/i, 'a request without Content-Length'],
  [/bad request|invalid request/i, 'a request it could not parse'],
];

/** The setting of the edge in front of a shop that makes each limit (nginx's; others have their own). */
const SHOP_MEND: Record<string, string> = {
  [EDGE_LIMITS[0]![1]]: "nginx's large_client_header_buffers, or the edge's own",
  [EDGE_LIMITS[1]![1]]: "nginx's client_max_body_size, or the edge's own: raise it above the gateway's calls",
  [EDGE_LIMITS[2]![1]]: "nginx's large_client_header_buffers, or the edge's own",
};

/** The statuses an edge refuses a request with itself (nginx's 494 is its header limit, sent as 400). */
const EDGE_STATUSES = new Set([400, 408, 411, 413, 414, 431, 494]);

/** Which edge a page is from, by its signature line or the sentence it ships with, or by the Server
 *  field when the page bears no name (AWS's load balancer, Envoy's plain text). */
function edgeName(head: string, server: string | undefined): string | undefined {
  const sig = /<center>\s*(nginx|openresty|cloudflare)\b/i.exec(head)?.[1];
  if (sig) return EDGE_NAMES[sig.toLowerCase()];
  if (/your browser sent a request that this server could not understand|<address>apache/i.test(head)) return 'Apache';
  if (/your browser sent an invalid request|your browser didn't send a complete request in time/i.test(head))
    return 'HAProxy';
  const s = /^\s*(nginx|openresty|cloudflare|awselb|envoy|haproxy|apache)\b/i.exec(server ?? '')?.[1];
  return s && EDGE_NAMES[s.toLowerCase()];
}

const EDGE_NAMES: Record<string, string> = {
  nginx: 'nginx',
  openresty: 'OpenResty',
  cloudflare: 'Cloudflare',
  awselb: "AWS's load balancer",
  envoy: 'Envoy',
  haproxy: 'HAProxy',
  apache: 'Apache',
};

/** An edge's own refusal of a request it did not pass on (probe 22: nginx's "400 Request Header Or
 *  Cookie Too Large" was taken for a v5 gateway's refusal of HS512, and V5-JWS-05 passed on it): a 4xx
 *  page by its shape, the words of a limit (header, body or URL size) or of a bare "400 Bad Request"
 *  with an edge's signature or Server field. What it is and why, or undefined: an API's own refusal (a
 *  v5 JSON error, a g2g XML reply, a Jysan page of the bank's) has none of these. */
export function edgeRefusal(
  r: {
    status: number;
    headers?: Record<string, string>;
    text?: string;
  },
  /** who stands behind the edge: a shop's reason names the setting that makes the limit (SHOP_MEND) */
  behind: 'gateway' | 'shop' = 'gateway',
): string | undefined {
  if (!EDGE_STATUSES.has(r.status)) return undefined;
  const text = r.text?.slice(0, 8192).trim() ?? '';
  const page = htmlPage(text);
  // the page's title, else its first heading (HAProxy's pages have none), else a plain text's first line
  const heading = page
    ? page.title || (/<h1\b[^>]{0,200}>([^<]{1,200})<\/h1\s*>/i.exec(page.head)?.[1]?.trim() ?? '')
    : /^[^<{]/.test(text)
      ? text.split('\n', 1)[0]!.trim()
      : '';
  const name = edgeName(page?.head ?? '', r.headers?.server);
  const limit = EDGE_LIMITS.find(([re]) => re.test(page?.head ?? heading));
  // a size limit's words are the edge's alone; a bare "400 Bad Request" only as the page's heading, with
  // the edge's name on it (a bank's own error page behind nginx names no status there)
  const sized = limit?.[2] === true;
  // a plain text only when it is the status line alone: an API behind nginx (Server: nginx) answering
  // "400 Bad Request: amount is invalid" in plain text is the API's refusal
  const bare =
    name !== undefined &&
    new RegExp(`^${r.status}\\b`).test(heading) &&
    (page !== undefined || /^\d{3} [A-Za-z -]{1,40}$/.test(text));
  let what: string | undefined;
  if (limit && (sized || bare)) what = limit[1];
  else if (r.status === 431 && text === '' && name !== undefined) what = EDGE_LIMITS[0]![1];
  if (what === undefined) return undefined;
  const shown = heading === '' ? `HTTP ${r.status}` : /^\d{3}\b/.test(heading) ? heading : `${r.status} ${heading}`;
  const page_ = `an edge's own "${quote(shown, 80)}" page${name ? ` (${name})` : ''}`;
  if (behind === 'shop')
    return `${page_}: an edge answered in the shop's place (${what}${SHOP_MEND[what] ? `: ${SHOP_MEND[what]}` : ''}), the call never reached the shop, nor would the gateway's`;
  return `${page_}: an edge answered in the gateway's place (${what}), the request never reached the gateway`;
}

/** Whatever stands in front of a gateway and answered in its place: a bot wall's or firewall's page, an
 *  HTTP login, an API gateway's or a proxy's own refusal, an edge's own 4xx page (see each). */
export function frontWall(r: { status: number; headers?: Record<string, string>; text?: string }): string | undefined {
  return wallPage(r) ?? loginWall(r, true) ?? apiGatewayWall(r) ?? proxyRefusal(r) ?? edgeRefusal(r);
}
