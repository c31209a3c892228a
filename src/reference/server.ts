import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FormError, parseFormBody } from '../protocols/common/form.ts';

export interface Incoming {
  method: string;
  /** path without the query */
  path: string;
  url: URL;
  headers: Record<string, string>;
  /** the header names as they arrived, in their letter case (a merchant defect reading one spelling
   *  only); absent where the request did not come over HTTP (localServer) */
  names?: readonly string[];
  raw: Buffer;
  text: string;
}

export interface Outgoing {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Handler = (req: Incoming) => Promise<Outgoing> | Outgoing;

export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

/** Server-side timeouts of every reference server (sandboxes, merchants, the suite's callback
 *  listener). An idle keep-alive connection stays open for a minute, far longer than any paycert
 *  client keeps one pooled (HttpClient: 1 s, callback delivery: 0.5 s, both capped so the
 *  `Keep-Alive: timeout=` hint cannot stretch them). Node's default (5 s) was shorter than the time
 *  a client's event loop can be blocked under load: the client then wrote its next request on a
 *  socket the server had just closed ("other side closed", ECONNRESET), and the rule came out
 *  inconclusive. headersTimeout/requestTimeout bound a request that is slow to arrive. */
export const SERVER_TIMEOUTS = { keepAliveTimeout: 65_000, headersTimeout: 30_000, requestTimeout: 60_000 } as const;

export function applyServerTimeouts(server: Server): void {
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeout;
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeout;
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeout;
}

/** A small HTTP server on loopback (or the given host) for the reference implementations. */
export async function serve(handler: Handler, opts: { port?: number; host?: string } = {}): Promise<Running> {
  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => void dispatch(handler, req, res));
  applyServerTimeouts(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // an IPv6 address is bracketed in a URL (`--host ::1` printed http://::1:PORT, which no client reads)
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  inProcess.set(url, handler);
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (inProcess.get(url) === handler) inProcess.delete(url);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The handlers of the servers this process serves, by origin (`http://127.0.0.1:PORT`). */
const inProcess = new Map<string, Handler>();

/** The reference served at `origin` by this process, called without a loopback exchange: what its
 *  server would answer `method target` (path and query) with these headers and body, 413, 400 and
 *  500 included. Undefined when no server of this process listens there. For a paycert component in
 *  the same process (the sdk subject's recording gateway in front of the worker's own reference
 *  gateway: a second HTTP exchange per SDK request, ~a tenth of an sdk case). */
export function localServer(
  origin: string,
): ((method: string, target: string, headers: Record<string, string>, raw: Buffer) => Promise<Outgoing>) | undefined {
  const handler = inProcess.get(origin);
  if (!handler) return undefined;
  return async (method, target, headers, raw) => {
    if (raw.length > MAX_BODY) return TOO_LARGE;
    try {
      return await handle(handler, method, target, headers, raw);
    } catch (e) {
      return refusal(e, method, target);
    }
  };
}

/** The request body, or undefined once it passes `max` bytes (the rest is drained, not kept).
 *  Event-based: `for await` over a request costs about a millisecond per request. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TOO_LARGE: Outgoing = { status: 413 };

/** A request target as a URL: the absolute form (http://host/v5/g2g/create, RFC 9112 §3.2.2) names the
 *  same path as the origin form, and dot segments are removed (RFC 3986 §5.2.4). An origin-form target
 *  is a path as sent: "//v5/g2g/create" (a base URL ending in "/") is not read as the host "v5". */
const targetUrl = (target: string): URL =>
  target.startsWith('/') ? new URL(`http://sandbox${target}`) : new URL(target, 'http://sandbox');

/** The path a request target names, as the references read it (and the SDK checks judge it). */
export const requestPath = (target: string): string => targetUrl(target).pathname;

function handle(
  handler: Handler,
  method: string,
  target: string,
  headers: Record<string, string>,
  raw: Buffer,
  names?: readonly string[],
) {
  const url = targetUrl(target);
  return handler({
    method,
    path: url.pathname,
    url,
    headers,
    ...(names && { names }),
    raw,
    text: raw.toString('utf8'),
  });
}

/** The answer to a request its handler threw on: a form it cannot read is the client's fault (400);
 *  anything else is ours, and the reply never carries internal messages or paths (stderr only). */
function refusal(e: unknown, method: string, target: string): Outgoing {
  if (e instanceof FormError)
    return {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: `malformed form body: ${e.message}`,
    };
  console.error(`paycert sandbox: internal error on ${method} ${target}:`, e);
  return { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'internal error' };
}

async function dispatch(handler: Handler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const raw = await readBody(req, MAX_BODY);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const names = req.rawHeaders.filter((_, i) => i % 2 === 0);
    const out = raw ? await handle(handler, req.method ?? 'GET', req.url ?? '/', headers, raw, names) : TOO_LARGE;
    res.writeHead(out.status, out.headers ?? {}).end(out.body ?? '');
  } catch (e) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const out = refusal(e, req.method ?? 'GET', req.url ?? '/');
    res.writeHead(out.status, out.headers).end(out.body);
  }
}

const parsedFields = new WeakMap<Incoming, ReadonlyArray<[string, string]>>();

/** Form fields of a request, in order: query string, then an urlencoded or multipart body.
 *  Parsed once per request (a handler asks several times); each caller gets its own array. */
export function formFields(req: Incoming): Array<[string, string]> {
  let pairs = parsedFields.get(req);
  if (!pairs) {
    pairs = [...req.url.searchParams.entries(), ...parseFormBody(req.raw, req.headers['content-type'] ?? '')];
    parsedFields.set(req, pairs);
  }
  return pairs.map(([k, v]) => [k, v]);
}

export function xml(body: string, status = 200, type = 'application/xml; charset=utf-8'): Outgoing {
  return { status, headers: { 'content-type': type }, body };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Outgoing {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function html(body: string, status = 200): Outgoing {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

export function text(body: string, status = 200): Outgoing {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}
