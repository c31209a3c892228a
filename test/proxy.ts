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
  /** an unsolicited 100 Continue before every final reply (RFC 9110 15.2: a client MUST be able to parse it) */
  unsolicitedContinue?: boolean;
  /** the reply body sent in pieces of this many bytes, 15 ms apart */
  drip?: number;
  /** the edge closes a kept-alive connection after this many requests */
  maxRequestsPerSocket?: number;

  // ---- defects
  /** caches POST replies by URL, ignoring the body: a different request to the same URL gets the old reply */
  cachePosts?: boolean;
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

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 403: 'Forbidden', 502: 'Bad Gateway' };

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
  let edgeIds = 0;

  const forward = (req: IncomingMessage, body: Buffer): Promise<Reply> =>
    new Promise((resolve) => {
      const headers: IncomingHttpHeaders = { ...req.headers, host: to.host, 'x-forwarded-for': '203.0.113.7' };
      headers['x-forwarded-proto'] = 'https';
      // the edge talks to the gateway without compression and decodes nothing itself
      delete headers['accept-encoding'];
      delete headers['expect'];
      if (o.dropRequestHeader) delete headers[o.dropRequestHeader];
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
      const up = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers },
        async (r) => {
          forwarded++;
          const b = await readAll(r);
          const h: Array<[string, string]> = [];
          for (let i = 0; i < r.rawHeaders.length; i += 2) {
            const name = r.rawHeaders[i]!;
            if (!HOP_BY_HOP.has(name.toLowerCase())) h.push([name, r.rawHeaders[i + 1]!]);
          }
          resolve({ status: r.statusCode ?? 502, headers: h, body: b });
        },
      );
      up.on('error', () =>
        resolve({
          status: 502,
          headers: [['Content-Type', 'text/html']],
          body: Buffer.from('<h1>502 Bad Gateway</h1>'),
        }),
      );
      up.end(body);
    });

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
    if (o.bom) body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
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
    const key = `${req.method} ${req.url}`;
    if (o.waf && /<|'|%3C|%27|\\u003c|\\u0027/i.test(body.toString('latin1') + decodeURIComponentSafe(req.url ?? ''))) {
      reply = {
        status: 403,
        headers: [['Content-Type', 'text/html']],
        body: Buffer.from(
          '<html><body><h1>403 Forbidden</h1><p>Request blocked by the web application firewall.</p></body></html>',
        ),
      };
    } else if (o.cachePosts && cache.has(key)) {
      reply = cache.get(key)!;
    } else {
      reply = transform(req, await forward(req, body));
      if (o.cachePosts && reply.status === 200) cache.set(key, reply);
    }
    if (o.unsolicitedContinue) res.writeContinue();
    if (o.interim) {
      res.writeProcessing();
      res.writeEarlyHints({ link: '</static/app.css>; rel=preload; as=style' });
    }
    if (o.http10) {
      // an HTTP/1.0 server: written straight to the socket, the connection closed after the body
      const sock = req.socket;
      const head =
        `HTTP/1.0 ${reply.status} ${STATUS_TEXT[reply.status] ?? 'Status'}\r\n` +
        reply.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') +
        `Content-Length: ${reply.body.length}\r\nConnection: close\r\n\r\n`;
      sock.write(head);
      sock.end(reply.body);
      return;
    }
    const flat: string[] = [];
    for (const [k, v] of reply.headers) flat.push(k, v);
    if (o.drip) {
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
