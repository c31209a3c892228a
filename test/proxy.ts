// A configurable reverse proxy ("edge") for putting in front of a gateway, written from the API
// documents alone (no paycert imports): what a real nginx / CDN / WAF / API gateway in front of a
// payment gateway does to the traffic. Two kinds of switches:
//  - seed-conformant re-framings a real edge applies (compression the client asked for, HTTP/1.0,
//    odd header case, its own extra headers, charset parameters, 1xx interim replies, drip-fed
//    bodies, keep-alive limits): none of them changes what the gateway said;
//  - defects a real edge introduces (a cache in front of POSTs, a header dropped or overwritten, a
//    body re-encoded without re-signing, a WAF, error pages, truncation, a BOM): each breaks
//    something the documents state.
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export interface EdgeOptions {
  // ---- conformant re-framings
  /** compress replies with this coding, only when the request's Accept-Encoding allows it */
  compress?: 'gzip' | 'deflate' | 'br';
  /** compress even when the request has no Accept-Encoding (RFC 9110 12.5.3: then any coding is acceptable) */
  compressAlways?: boolean;
  /** answer as an HTTP/1.0 server: status line HTTP/1.0, no chunking, connection closed after the body */
  http10?: boolean;
  /** header names written in odd case (x-rEQUEST-iD, CONTENT-TYPE) */
  oddCase?: boolean;
  /** the edge's own headers: a load balancer's Set-Cookie, HSTS, and its own X-Edge-Request-Id */
  extraHeaders?: boolean;
  /** Content-Type rewritten with a quoted charset parameter and the media type in capitals */
  charsetParam?: boolean;
  /** interim 1xx replies before every final reply: 102 Processing and 103 Early Hints */
  interim?: boolean;
  /** an unsolicited 100 Continue before every final reply (RFC 9110 15.2: a client MUST be able to parse it);
   *  a number: that many of them */
  unsolicitedContinue?: boolean | number;
  /** replies chunked in pieces of this many bytes, written at once (no pause), a trailer field after the last */
  chunkedTrailers?: number;
  /** with http10: no Content-Length, the body delimited by the connection's close (RFC 9112 6.3 rule 8) */
  closeDelimited?: boolean;
  /** `Connection: close` on every reply, the connection closed after it */
  connectionClose?: boolean;
  /** the Content-Type field line sent twice, the same value both times */
  duplicateContentType?: boolean;
  /** form fields (urlencoded bodies and query strings) forwarded in reverse order */
  reorderForm?: boolean;
  /** the reply body sent in pieces of this many bytes, 15 ms apart */
  drip?: number;
  /** the edge closes a kept-alive connection after this many requests */
  maxRequestsPerSocket?: number;

  // ---- defects
  /** caches POST replies by URL, ignoring the body: a different request to the same URL gets the old
   *  reply; `'body'`: by URL and body bytes, so only the same request again gets the old reply (a status
   *  read repeated after the payment changed gets the state it had when first read) */
  cachePosts?: boolean | 'body';
  /** the edge sets X-Request-Id on every reply to an id of its own, replacing the gateway's */
  overwriteRequestId?: boolean;
  /** a reply header the edge drops (lowercase name) */
  dropReplyHeader?: string;
  /** a request header the edge drops before forwarding (lowercase name) */
  dropRequestHeader?: string;
  /** JSON replies re-serialised pretty-printed (2-space indent) */
  prettyJson?: boolean;
  /** XML replies "beautified": every text value put on its own indented line */
  xmlReindent?: boolean;
  /** the body converted to windows-1251 while its declared charset stays utf-8 */
  cp1251?: boolean;
  /** conformant: XML replies converted to windows-1251 and declared so (Content-Type charset and the XML
   *  declaration's encoding): the same characters */
  cp1251Declared?: boolean;
  /** conformant: an XML reply's flat elements rewritten the ways XML allows: their order reversed, a
   *  comment between them, text values in CDATA, an empty value as a self-closing element */
  xmlRewrite?: boolean;
  /** conformant: JSON replies re-serialised with each object's members in reverse order, every non-ASCII
   *  character and "/" escaped (\u0410, \/): the same JSON value */
  jsonRewrite?: boolean;
  /** reply bodies cut to this many bytes, Content-Length adjusted (a buffer limit) */
  truncateAt?: number;
  /** a WAF that answers 403 with an HTML page to any request whose body holds '<' or "'" */
  waf?: boolean;
  /** https:// rewritten to http:// in Location headers and in the body */
  httpUrls?: boolean;
  /** 4xx/5xx replies turned into 200 with the edge's own HTML error page */
  errorPageAs200?: boolean;
  /** a UTF-8 byte order mark put before every reply body */
  bom?: boolean;
  /** defect: text before every reply body (a PHP notice printed with display_errors on, a blank line
   *  after an included file's closing `?>`): before an XML declaration, the reply is no XML */
  textFirst?: string;

  // ---- the request direction (an edge in front of a merchant's callback endpoint)
  /** conformant: the request body forwarded chunked (Transfer-Encoding), in pieces of this many bytes */
  rechunkRequests?: number;
  /** conformant: form bodies and query strings re-encoded with %20 for a space where the gateway wrote '+'
   *  (application/x-www-form-urlencoded decodes both to a space) */
  plusAsPercent20?: boolean;
  /** caches GET replies: by the full URL, or by the path alone (a CDN rule that ignores the query) */
  cacheGets?: 'url' | 'path';
  /** a WAF that answers 403 HTML to any request whose body or URL holds Cyrillic (raw or percent-encoded UTF-8) */
  wafCyrillic?: boolean;
  /** the value of this request header (lowercase name) lower-cased before forwarding */
  lowerRequestHeader?: string;
  /** the request body re-encoded before the merchant sees it: JSON pretty-printed, or text to windows-1251
   *  (raw bytes in multipart, %XX of the windows-1251 bytes in urlencoded bodies and query strings) */
  reencodeRequest?: 'prettyJson' | 'cp1251';
  /** the upstream is down (nothing listens): every request gets the edge's 502 page */
  upstreamDown?: boolean;
  /** an intermittent upstream: every Nth request (the Nth, 2Nth, …) gets the edge's 502 page, not forwarded */
  badGatewayEvery?: number;
  /** the upstream unreachable for the first N requests (its 502 page to each), then back */
  badGatewayFirst?: number;
  /** requests whose path matches get the edge's 502 page, not forwarded (the payer's pages only) */
  badGatewayPath?: RegExp;
  /** a bot wall (Cloudflare's bot fight mode): every request answered 403 with its challenge page
   *  ("Just a moment...", `cf-mitigated: challenge`), none forwarded */
  challenge?: boolean;
  /** a web framework's CSRF protection left on for the callback URL (Laravel's VerifyCsrfToken): every
   *  POST answered 419 with its "Page Expired" page, none forwarded; GETs pass */
  csrf?: boolean;
  /** a handler routed for other methods only: every request by this method answered 405 with
   *  `Allow: GET, HEAD` (a framework's own 405), none forwarded */
  refuseMethod?: string;
  /** nginx `auth_basic` in front (a staging shop): every request without a login answered 401 with
   *  `WWW-Authenticate: Basic realm="<this>"` and nginx's page, none forwarded */
  basicLogin?: string;
  /** a rate limit at the edge (nginx `limit_req_status 429`): every Nth request (the Nth, 2Nth, …)
   *  answered 429 Too Many Requests with `Retry-After: 0`, not forwarded */
  tooManyEvery?: number;
  /** with tooManyEvery: 503, nginx limit_req's default (its "503 Service Temporarily Unavailable"
   *  page, no Retry-After), instead of 429 */
  tooManyStatus?: 429 | 503;
  /** nginx `limit_req zone=… rate=<perSecond>r/s burst=<burst> nodelay` with `limit_req_status <status>`
   *  (429; nginx's default is 503 with its "503 Service Temporarily Unavailable" page): a leaky bucket,
   *  a request beyond it answered so, with nginx's page and no Retry-After (nginx sends none), not
   *  forwarded and not counted */
  limitReq?: { perSecond: number; burst?: number; status?: 429 | 503 };
  /** nginx `proxy_read_timeout`: an upstream answer slower than this many ms is dropped and the edge
   *  answers its own 504 "Gateway Time-out" page */
  readTimeoutMs?: number;
  /** with slowUpstreamMs: only requests whose path starts so are slow (a check_url that looks the order up) */
  slowPath?: string;
  /** the edge's own 502 page is sent with status 200 */
  badGatewayAs200?: boolean;
  /** the edge answers a 502 with a 302 to this path of its own (nginx `error_page 502 https://…/50x.html`),
   *  where it serves its 502 page (with status 200 under badGatewayAs200) */
  badGatewayRedirect?: string;
  /** the upstream's answers held back this many ms (a slow shop) */
  slowUpstreamMs?: number;
  /** a POST not answered within this many ms is sent to the upstream again (a proxy_next_upstream retry);
   *  the answer of the retry is relayed */
  retryPostAfterMs?: number;
  /** the edge answers every request with this redirect status to the same path under this prefix
   *  (a moved API: /api/payment.php → /v2/api/payment.php), or to this absolute URL when it has a scheme */
  redirect?: { status: 301 | 302 | 307 | 308; to: string };
  /** form fields dropped from request bodies (urlencoded) and query strings before the upstream sees them */
  dropRequestField?: string[];
  /** a request not answered within `ms` is answered by the edge itself with this canned body, status 200 */
  cannedAnswer?: { ms: number; contentType: string; body: string };
  /** requests to paths starting so answered with nginx's own 404 page (a test domain not routing one
   *  of the API's endpoints), not forwarded */
  notServed?: string;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection']);

function oddCase(name: string): string {
  return name
    .split('')
    .map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase()))
    .join('');
}

// windows-1251 for the characters a Russian-language API sends; everything else ASCII or '?'
function toCp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else if (c === 0x2116) out.push(0xb9);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (b: Buffer) => parts.push(b));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });
}

interface Reply {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 302: 'Found', 403: 'Forbidden', 502: 'Bad Gateway' };

export interface Edge {
  url: string;
  /** requests the edge received */
  received: () => number;
  /** requests the edge forwarded to the gateway */
  forwarded: () => number;
  /** Accept-Encoding values the clients sent */
  acceptEncodings: () => string[];
  close: () => Promise<void>;
}

export async function startEdge(target: string, o: EdgeOptions = {}): Promise<Edge> {
  const to = new URL(target);
  let received = 0;
  let forwarded = 0;
  const encodings: string[] = [];
  const cache = new Map<string, Reply>();
  const storedAt = new Map<string, number>();
  let edgeIds = 0;

  const forward = (req: IncomingMessage, body: Buffer, path = req.url): Promise<Reply> =>
    new Promise((resolve) => {
      if (
        o.upstreamDown ||
        (o.badGatewayEvery && received % o.badGatewayEvery === 0) ||
        received <= (o.badGatewayFirst ?? 0) ||
        o.badGatewayPath?.test(req.url ?? '')
      ) {
        resolve(badGateway());
        return;
      }
      if (o.notServed && req.url!.startsWith(o.notServed)) {
        resolve({
          status: 404,
          headers: [
            ['Content-Type', 'text/html'],
            ['Server', 'nginx'],
          ],
          body: Buffer.from(
            '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
          ),
        });
        return;
      }
      if (o.challenge) {
        resolve({
          status: 403,
          headers: [
            ['Content-Type', 'text/html; charset=UTF-8'],
            ['cf-mitigated', 'challenge'],
            ['Server', 'cloudflare'],
          ],
          body: Buffer.from(
            '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>',
          ),
        });
        return;
      }
      if (o.refuseMethod === req.method) {
        resolve({
          status: 405,
          headers: [
            ['Content-Type', 'text/plain; charset=utf-8'],
            ['Allow', 'GET, HEAD'],
          ],
          body: Buffer.from('Method Not Allowed'),
        });
        return;
      }
      if (o.csrf && req.method === 'POST') {
        resolve({
          status: 419,
          headers: [['Content-Type', 'text/html; charset=UTF-8']],
          body: Buffer.from(
            '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Page Expired</title></head>\n<body class="antialiased"><div class="px-4 text-lg">419</div><div class="ml-4 text-lg uppercase">Page Expired</div></body>\n</html>\n',
          ),
        });
        return;
      }
      if (o.basicLogin !== undefined) {
        resolve({
          status: 401,
          headers: [
            ['Content-Type', 'text/html'],
            ['WWW-Authenticate', `Basic realm="${o.basicLogin}"`],
            ['Server', 'nginx'],
          ],
          body: Buffer.from(
            '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
          ),
        });
        return;
      }
      if (o.limitReq && !limited()) {
        const status = o.limitReq.status ?? 503;
        const title = status === 503 ? '503 Service Temporarily Unavailable' : '429 Too Many Requests';
        resolve({
          status,
          headers: [['Content-Type', 'text/html']],
          body: Buffer.from(
            `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
          ),
        });
        return;
      }
      if (o.tooManyEvery && received % o.tooManyEvery === 0) {
        const title = o.tooManyStatus === 503 ? '503 Service Temporarily Unavailable' : '429 Too Many Requests';
        resolve({
          status: o.tooManyStatus ?? 429,
          headers: [['Content-Type', 'text/html'], ...(o.tooManyStatus === 503 ? [] : [['Retry-After', '0']])] as Array<
            [string, string]
          >,
          body: Buffer.from(
            `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`,
          ),
        });
        return;
      }
      const headers: IncomingHttpHeaders = { ...req.headers, host: to.host, 'x-forwarded-for': '203.0.113.7' };
      headers['x-forwarded-proto'] = 'https';
      // the edge talks to the gateway without compression and decodes nothing itself
      delete headers['accept-encoding'];
      delete headers['expect'];
      if (o.dropRequestHeader) delete headers[o.dropRequestHeader];
      const lower = o.lowerRequestHeader && headers[o.lowerRequestHeader];
      if (typeof lower === 'string') headers[o.lowerRequestHeader!] = lower.toLowerCase();
      delete headers['transfer-encoding'];
      delete headers['content-length'];
      if (o.rechunkRequests) headers['transfer-encoding'] = 'chunked';
      else if (body.length || req.method === 'POST') headers['content-length'] = String(body.length);
      forwarded++;
      const up = request({ host: to.hostname, port: to.port, method: req.method, path, headers }, async (r) => {
        const b = await readAll(r);
        const slow = o.slowUpstreamMs && (o.slowPath === undefined || path!.startsWith(o.slowPath));
        if (slow) await new Promise((w) => setTimeout(w, o.slowUpstreamMs));
        if (slow && o.readTimeoutMs !== undefined && o.slowUpstreamMs! > o.readTimeoutMs) {
          resolve({
            status: 504,
            headers: [['Content-Type', 'text/html']],
            body: Buffer.from(
              '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
            ),
          });
          return;
        }
        const h: Array<[string, string]> = [];
        for (let i = 0; i < r.rawHeaders.length; i += 2) {
          const name = r.rawHeaders[i]!;
          if (!HOP_BY_HOP.has(name.toLowerCase())) h.push([name, r.rawHeaders[i + 1]!]);
        }
        resolve({ status: r.statusCode ?? 502, headers: h, body: b });
      });
      up.on('error', () => resolve(badGateway()));
      if (o.rechunkRequests) {
        for (let i = 0; i < body.length; i += o.rechunkRequests) up.write(body.subarray(i, i + o.rechunkRequests));
        up.end();
      } else up.end(body);
    });

  // nginx limit_req's leaky bucket (ngx_http_limit_req_module): the excess drains at the rate; a request
  // that would take it above the burst is refused and leaves it as it was
  let excess = 0;
  let lastAt = 0;
  const limited = (): boolean => {
    const now = Date.now();
    const next = lastAt === 0 ? 0 : Math.max(excess - ((now - lastAt) / 1000) * o.limitReq!.perSecond + 1, 0);
    if (next > (o.limitReq!.burst ?? 0)) return false;
    excess = next;
    lastAt = now;
    return true;
  };

  const badGateway = (): Reply =>
    o.badGatewayRedirect
      ? { status: 302, headers: [['Location', o.badGatewayRedirect]], body: Buffer.alloc(0) }
      : errorPage();
  const errorPage = (): Reply => ({
    status: o.badGatewayAs200 ? 200 : 502,
    headers: [['Content-Type', 'text/html']],
    body: Buffer.from('<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>'),
  });

  // what the edge does to a request on its way in (the merchant direction)
  const rewriteRequest = (req: IncomingMessage, body: Buffer): { body: Buffer; path: string } => {
    let path = req.url ?? '/';
    const type = String(req.headers['content-type'] ?? '');
    if (o.plusAsPercent20) {
      path = path.replace(/\+/g, '%20');
      if (/x-www-form-urlencoded/i.test(type))
        body = Buffer.from(body.toString('latin1').replace(/\+/g, '%20'), 'latin1');
    }
    if (o.reorderForm) {
      const [p, q] = splitQuery(path);
      if (q) path = `${p}?${q.split('&').reverse().join('&')}`;
      if (/x-www-form-urlencoded/i.test(type))
        body = Buffer.from(body.toString('latin1').split('&').reverse().join('&'), 'latin1');
    }
    if (o.dropRequestField) {
      const drop = new Set(o.dropRequestField);
      const keep = (pairs: string) =>
        pairs
          .split('&')
          .filter((pair) => !drop.has(decodeURIComponentSafe(pair.split('=')[0]!.replace(/\+/g, ' '))))
          .join('&');
      const [p, q] = splitQuery(path);
      if (q) path = `${p}?${keep(q)}`;
      if (/x-www-form-urlencoded/i.test(type)) body = Buffer.from(keep(body.toString('latin1')), 'latin1');
      const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
      if (boundary) {
        // the parts between the delimiters; a part whose name is dropped goes with its delimiter
        const parts = body.toString('latin1').split(`--${boundary}`);
        const named = (part: string) => /name="([^"]*)"/.exec(part.split('\r\n\r\n')[0] ?? '')?.[1];
        body = Buffer.from(parts.filter((part) => !drop.has(named(part) ?? '')).join(`--${boundary}`), 'latin1');
      }
    }
    if (o.reencodeRequest === 'prettyJson' && /json/i.test(type)) {
      try {
        body = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
      } catch {
        /* not JSON: as is */
      }
    }
    if (o.reencodeRequest === 'cp1251') {
      path = percentTo1251(path);
      if (/x-www-form-urlencoded/i.test(type)) body = Buffer.from(percentTo1251(body.toString('latin1')), 'latin1');
      else if (/multipart|xml|text|json/i.test(type)) body = toCp1251(body.toString('utf8'));
    }
    return { body, path };
  };

  const transform = (req: IncomingMessage, reply: Reply): Reply => {
    let { status, body } = reply;
    let headers = reply.headers.slice();
    const get = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1];
    const set = (n: string, v: string) => {
      headers = headers.filter(([k]) => k.toLowerCase() !== n.toLowerCase());
      headers.push([n, v]);
    };
    const type = get('content-type') ?? '';
    if (o.errorPageAs200 && status >= 400) {
      status = 200;
      headers = [['Content-Type', 'text/html; charset=utf-8']];
      body = Buffer.from(
        `<html><head><title>Error</title></head><body><h1>Something went wrong</h1><p>code ${reply.status}</p></body></html>`,
      );
    }
    if (o.prettyJson && /json/i.test(type)) {
      try {
        body = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
      } catch {
        /* not JSON after all: forwarded as is */
      }
    }
    if (o.xmlReindent && /xml/i.test(type)) {
      body = Buffer.from(
        body
          .toString('utf8')
          .replace(/<([A-Za-z_][\w.-]*)>([^<]+)<\/\1>/g, (_m, n: string, v: string) => `<${n}>\n    ${v}\n  </${n}>`),
      );
    }
    if (o.httpUrls) {
      const loc = get('location');
      if (loc) set('Location', loc.replace(/^https:/i, 'http:'));
      body = Buffer.from(body.toString('utf8').replace(/https:\/\//g, 'http://'));
    }
    if (o.cp1251 && /(xml|json|html|text)/i.test(type)) body = toCp1251(body.toString('utf8'));
    if (o.xmlRewrite && /xml/i.test(type)) body = Buffer.from(rewriteXml(body.toString('utf8')));
    if (o.jsonRewrite && /json/i.test(type)) {
      try {
        body = Buffer.from(rewriteJson(JSON.parse(body.toString('utf8'))));
      } catch {
        /* not JSON after all: forwarded as is */
      }
    }
    if (o.cp1251Declared && /xml/i.test(type)) {
      const text = body.toString('utf8');
      const declared = /^(\uFEFF)?<\?xml[^>]*\?>/.test(text)
        ? text.replace(
            /^(\uFEFF)?<\?xml([^>]*?)\s+encoding=["'][^"']*["']([^>]*)\?>/,
            '<?xml$2 encoding="windows-1251"$3?>',
          )
        : `<?xml version="1.0" encoding="windows-1251"?>\n${text}`;
      body = toCp1251(
        /encoding="windows-1251"/.test(declared)
          ? declared
          : declared.replace(/^<\?xml([^>]*)\?>/, '<?xml$1 encoding="windows-1251"?>'),
      );
      set('Content-Type', `${type.split(';')[0]!.trim()}; charset=windows-1251`);
    }
    if (o.bom) body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    if (o.textFirst !== undefined) body = Buffer.concat([Buffer.from(o.textFirst), body]);
    if (o.truncateAt !== undefined && body.length > o.truncateAt) body = body.subarray(0, o.truncateAt);
    if (o.overwriteRequestId) set('X-Request-Id', `edge-${++edgeIds}`);
    if (o.dropReplyHeader) headers = headers.filter(([k]) => k.toLowerCase() !== o.dropReplyHeader);
    if (o.charsetParam && type) {
      const bare = type.split(';')[0]!.trim();
      set('Content-Type', `${bare.toUpperCase()}; Charset="UTF-8"`);
    }
    if (o.extraHeaders) {
      headers.push(['Set-Cookie', 'SERVERID=edge-b7; Path=/; HttpOnly']);
      headers.push(['Set-Cookie', '__cf_bm=q1w2e3; Path=/; Secure; SameSite=None']);
      headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
      headers.push(['X-Edge-Request-Id', `edge-${++edgeIds}`]);
      headers.push(['Server', 'cloudflare']);
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    if (o.compress && (o.compressAlways ? !accepts : acceptsCoding(accepts, o.compress))) {
      body =
        o.compress === 'gzip'
          ? gzipSync(body)
          : o.compress === 'deflate'
            ? deflateSync(body)
            : brotliCompressSync(body);
      set('Content-Encoding', o.compress);
      headers.push(['Vary', 'Accept-Encoding']);
    }
    if (o.oddCase) headers = headers.map(([k, v]) => [oddCase(k), v]);
    return { status, headers, body };
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    received++;
    encodings.push(String(req.headers['accept-encoding'] ?? ''));
    const body = await readAll(req);
    let reply: Reply;
    const getKey = o.cacheGets === 'path' ? (req.url ?? '/').split('?')[0] : req.url;
    const key =
      req.method === 'GET' && o.cacheGets
        ? `GET ${getKey}`
        : o.cachePosts === 'body'
          ? `${req.method} ${req.url} ${body.toString('base64')}`
          : `${req.method} ${req.url}`;
    const cyrillic =
      /[\u0400-\u04ff]/.test(body.toString('utf8') + decodeURIComponentSafe(req.url ?? '')) ||
      /%D[01]%[89AB]/i.test(body.toString('latin1') + (req.url ?? ''));
    if (o.badGatewayRedirect && (req.url ?? '/').split('?')[0] === o.badGatewayRedirect) {
      reply = errorPage();
    } else if (o.wafCyrillic && cyrillic) {
      reply = {
        status: 403,
        headers: [['Content-Type', 'text/html']],
        body: Buffer.from(
          '<html><body><h1>403 Forbidden</h1><p>Request blocked by the web application firewall.</p></body></html>',
        ),
      };
    } else if (
      o.waf &&
      /<|'|%3C|%27|\\u003c|\\u0027/i.test(body.toString('latin1') + decodeURIComponentSafe(req.url ?? ''))
    ) {
      reply = {
        status: 403,
        headers: [['Content-Type', 'text/html']],
        body: Buffer.from(
          '<html><body><h1>403 Forbidden</h1><p>Request blocked by the web application firewall.</p></body></html>',
        ),
      };
    } else if (o.redirect) {
      const to = /^[a-z][a-z0-9+.-]*:/i.test(o.redirect.to) ? o.redirect.to : `${o.redirect.to}${req.url ?? '/'}`;
      reply = {
        status: o.redirect.status,
        headers: [
          ['Location', to],
          ['Content-Type', 'text/html'],
        ],
        body: Buffer.from(`<html><body><h1>${o.redirect.status} Moved</h1><a href="${to}">here</a></body></html>`),
      };
    } else if ((o.cachePosts || (o.cacheGets && req.method === 'GET')) && cache.has(key)) {
      // a stored copy: a shared cache says so with Age (RFC 9111 5.1), as Varnish and CDNs do
      const stored = cache.get(key)!;
      reply = {
        ...stored,
        headers: [
          ...stored.headers,
          ['Age', String(Math.floor((Date.now() - (storedAt.get(key) ?? Date.now())) / 1000))],
          ['X-Cache', 'HIT'],
        ],
      };
    } else {
      const { body: inBody, path } = rewriteRequest(req, body);
      let upstream = forward(req, inBody, path);
      if (o.retryPostAfterMs && req.method === 'POST') {
        // the first attempt timed out: its answer is dropped, the request sent again (a second delivery)
        const first = upstream;
        const ms = o.retryPostAfterMs;
        upstream = new Promise<Reply>((resolve) => {
          let settled = false;
          void first.then((r) => {
            if (!settled) ((settled = true), resolve(r));
          });
          setTimeout(() => {
            if (!settled) ((settled = true), void forward(req, inBody, path).then(resolve));
          }, ms);
        });
      }
      if (o.cannedAnswer) {
        const c = o.cannedAnswer;
        upstream = Promise.race([
          upstream,
          delay(c.ms).then((): Reply => ({
            status: 200,
            headers: [['Content-Type', c.contentType]],
            body: Buffer.from(c.body),
          })),
        ]);
      }
      reply = transform(req, await upstream);
      const cacheable = req.method === 'GET' ? o.cacheGets && reply.status < 400 : o.cachePosts && reply.status === 200;
      if (cacheable) (cache.set(key, reply), storedAt.set(key, Date.now()));
    }
    for (let i = 0; i < Number(o.unsolicitedContinue ?? 0); i++) res.writeContinue();
    if (o.interim) {
      res.writeProcessing();
      res.writeEarlyHints({ link: '</static/app.css>; rel=preload; as=style' });
    }
    if (o.duplicateContentType) {
      const type = reply.headers.find(([k]) => k.toLowerCase() === 'content-type');
      if (type) reply = { ...reply, headers: [...reply.headers, type] };
    }
    if (o.http10) {
      // an HTTP/1.0 server: written straight to the socket, the connection closed after the body
      const sock = req.socket;
      const head =
        `HTTP/1.0 ${reply.status} ${STATUS_TEXT[reply.status] ?? 'Status'}\r\n` +
        reply.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') +
        (o.closeDelimited ? '' : `Content-Length: ${reply.body.length}\r\n`) +
        `Connection: close\r\n\r\n`;
      sock.write(head);
      sock.end(reply.body);
      return;
    }
    const flat: string[] = [];
    for (const [k, v] of reply.headers) flat.push(k, v);
    if (o.connectionClose) flat.push('Connection', 'close');
    if (o.chunkedTrailers) {
      flat.push('Trailer', 'X-Edge-Checksum', 'Transfer-Encoding', 'chunked');
      res.writeHead(reply.status, flat);
      for (let i = 0; i < reply.body.length; i += o.chunkedTrailers)
        res.write(reply.body.subarray(i, i + o.chunkedTrailers));
      res.addTrailers({ 'X-Edge-Checksum': String(reply.body.length) });
      res.end();
    } else if (o.drip) {
      res.writeHead(reply.status, flat);
      for (let i = 0; i < reply.body.length; i += o.drip) {
        res.write(reply.body.subarray(i, i + o.drip));
        await new Promise((r) => setTimeout(r, 15));
      }
      res.end();
    } else {
      flat.push(o.oddCase ? 'cONTENT-lENGTH' : 'Content-Length', String(reply.body.length));
      res.writeHead(reply.status, flat);
      res.end(reply.body);
    }
  });
  if (o.maxRequestsPerSocket) server.maxRequestsPerSocket = o.maxRequestsPerSocket;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    forwarded: () => forwarded,
    acceptEncodings: () => encodings,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// runs of %XX that decode as UTF-8 re-encoded as %XX of their windows-1251 bytes
function percentTo1251(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    const text = bytes.toString('utf8');
    if (text.includes('\ufffd')) return run;
    return [...toCp1251(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  });
}

function splitQuery(path: string): [string, string] {
  const i = path.indexOf('?');
  return i < 0 ? [path, ''] : [path.slice(0, i), path.slice(i + 1)];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Accept-Encoding: the coding (or *) listed with a q-value above 0
function acceptsCoding(header: string, coding: string): boolean {
  return header.split(',').some((part) => {
    const [token = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((x) => x.startsWith('q='));
    return (token === coding || token === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

// The flat children of the root (<name>text</name>, no nested elements) in reverse order, a comment
// before each, text in CDATA (a "]]>" in a value stays escaped text), an empty one self-closing
function rewriteXml(text: string): string {
  const m = /^([\s\S]*?<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>)([\s\S]*)(<\/\2>\s*)$/.exec(text);
  if (!m) return text;
  const [, open, , inner, close] = m;
  const children = [...inner!.matchAll(/<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g)];
  // only a reply whose root holds nothing but such elements and whitespace
  if (inner!.replace(/<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g, '').trim() !== '') return text;
  const rewritten = children
    .reverse()
    .map(([, name, value]) =>
      value === ''
        ? `<!-- ${name} --><${name}/>`
        : /\]\]>|&/.test(value!)
          ? `<!-- ${name} --><${name}>${value}</${name}>`
          : `<!-- ${name} --><${name}><![CDATA[${value}]]></${name}>`,
    )
    .join('\n');
  return `${open}\n${rewritten}\n${close}`;
}

// members reversed, non-ASCII and "/" escaped
function rewriteJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(rewriteJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .reverse()
      .map(([k, x]) => `${rewriteJson(k)}:${rewriteJson(x)}`)
      .join(',')}}`;
  if (typeof v === 'string')
    return JSON.stringify(v).replace(/[\u0080-\uffff\/]/g, (c) =>
      c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  return JSON.stringify(v);
}
