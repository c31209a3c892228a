import { createServer, maxHeaderSize, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EvidenceLog } from './evidence.ts';
import { Inconclusive } from './outcome.ts';
import { parseFormBody } from '../protocols/common/form.ts';
import { readBody } from '../reference/server.ts';
import { applyServerTimeouts } from '../reference/server.ts';
import { newRoute, relaySocket, routeOf } from './callback-route.ts';

export { newRoute, routeOf };

/** A request the subject sent to the suite (a callback). */
export interface Received {
  at: number;
  method: string;
  /** path and query as received */
  path: string;
  headers: Record<string, string>;
  body: string;
  /** form fields (urlencoded body or query), in order */
  form: Array<[string, string]>;
  /** why the call came but was not read (its body over 1 MiB, its header block over Node's limit, a
   *  form past the field limits). What it lacks (`body` and `form`, and `headers` when those were not
   *  read either) is unknown: reading it ends the check inconclusive with this reason, so that no
   *  rule about its content is judged on a call that seems to carry nothing. */
  unread?: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Responder = (req: Received, index: number) => Reply | Promise<Reply>;

/** One listener per process, on loopback; each check gets its own path prefix. */
let server: Server | undefined;
let port = 0;
const routes = new Map<string, Route>();

interface Route {
  received: Received[];
  /** how many of them have been answered */
  answered: number;
  responder: Responder;
  /** woken once a call has been answered */
  waiters: Array<() => void>;
  /** woken as soon as a call arrives, before its answer */
  arrivals: Array<() => void>;
  evidence: EvidenceLog;
  /** when the check opened it (a call refused before that, unattributed, was not the check's) */
  opened: number;
}

/** Calls refused whose URL could not be read (a header block over Node's limit, the request line not
 *  in the packet that overflowed): any check waiting for a call since may have missed its own. */
const unattributed: Array<{ at: number; why: string }> = [];

/** With the run's relay (listener-relay.ts): this process's routes begin with it, and its socket is named by it. */
let tag: string | undefined;

/** The listener of this process: on 127.0.0.1:`listenPort` (0: any), or, when the run holds the port
 *  (`relay`, its directory), on a socket of the relay's, which passes the calls on. A port or socket it
 *  cannot listen on leaves the check inconclusive, saying why: no internal error of paycert's. */
async function ensureServer(listenPort: number, relay?: string): Promise<number> {
  if (server) return port;
  const s = createServer((req, res) => void handle(req, res));
  applyServerTimeouts(s);
  s.on('clientError', refuseClient);
  // an idle keep-alive connection (kept for a minute) must not keep the test process alive
  s.on('connection', (socket) => socket.unref());
  const own = relay === undefined ? undefined : randomBytes(3).toString('hex');
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      if (own === undefined) s.listen(listenPort, '127.0.0.1', () => resolve());
      else s.listen(relaySocket(relay!, own), () => resolve());
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new Inconclusive(
      own !== undefined
        ? `the callback listener cannot listen on its socket in ${relay} (${code})`
        : `the callback listener cannot listen on 127.0.0.1:${listenPort}${listenPort ? ' (--listen-port)' : ''}: ${code === 'EADDRINUSE' ? 'the port is taken by another process (another run given the same --listen-port?)' : code}`,
    );
  }
  s.unref();
  server = s;
  tag = own;
  port = own === undefined ? (s.address() as AddressInfo).port : listenPort;
  return port;
}

const MAX_BODY = 1 << 20;

const routeFor = (path: string): Route | undefined => {
  const prefix = routeOf(path);
  return prefix === undefined ? undefined : routes.get(prefix);
};

/** `rec` without `lacking` (not read): reading one of them ends the check inconclusive with `why`. */
function unread(rec: Received, lacking: Array<'headers' | 'body' | 'form'>, why: string): Received {
  rec.unread = why;
  const unknown = (): never => {
    throw new Inconclusive(`the ${rec.method} call to ${rec.path} came but was not read: ${why}`);
  };
  for (const m of lacking) Object.defineProperty(rec, m, { get: unknown, enumerable: false });
  return rec;
}

/** A call refused before its responder (too large to read): recorded, answered `status`, so that a
 *  check sees that it came (never "not called") and judges nothing it carried. */
function refused(route: Route, rec: Received, status: number, headers: Record<string, string> | undefined): void {
  route.evidence.add({
    at: new Date(rec.at).toISOString(),
    direction: 'received',
    method: rec.method,
    url: rec.path,
    requestHeaders: headers ?? {},
    requestBody: `(not read: ${rec.unread})`,
    status,
    responseHeaders: {},
    responseBody: '',
  });
  route.received.push(rec);
  route.answered++;
  for (const w of route.arrivals.splice(0)) w();
  for (const w of route.waiters.splice(0)) w();
}

const HEADER_LIMIT = `its header block exceeded ${maxHeaderSize / 1024} KiB (Node's limit), refused with HTTP 431`;
const REQUEST_LINE = /^([A-Z]+) ([^\s]+) HTTP\/1\.[01]\r?\n/;
/** What Node answers a request it could not parse when nobody listens for 'clientError'. */
const CLIENT_ERROR: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};
const noted = new WeakSet<Duplex>();

/** A request the HTTP parser refused. A header block over Node's limit is a call that came: it is
 *  recorded for its check when the packet that overflowed begins with its request line, else noted
 *  for any check waiting for a call. Answered as Node answers without a listener. */
function refuseClient(err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  if (err.code === 'HPE_HEADER_OVERFLOW' && !noted.has(socket)) {
    noted.add(socket);
    const line = REQUEST_LINE.exec(err.rawPacket?.subarray(0, 8192).toString('latin1') ?? '');
    const route = line ? routeFor(line[2]!) : undefined;
    if (line && route) {
      const rec = { at: Date.now(), method: line[1]!, path: line[2]! } as Received;
      refused(route, unread(rec, ['headers', 'body', 'form'], HEADER_LIMIT), 431, undefined);
    } else if (!line) {
      unattributed.push({ at: Date.now(), why: HEADER_LIMIT });
      if (unattributed.length > 100) unattributed.shift();
    }
  }
  const http = socket as Duplex & { _httpMessage?: { headersSent?: boolean } };
  if (err.code !== 'ECONNRESET' && socket.writable && !http._httpMessage?.headersSent)
    socket.write(`HTTP/1.1 ${CLIENT_ERROR[err.code ?? ''] ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
  socket.destroy();
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // behind the run's relay (listener-relay.ts), which routes a connection by its first request: the next
  // request of a kept-alive client, maybe another worker's, comes on a new connection
  if (tag !== undefined) res.shouldKeepAlive = false;
  const path = req.url ?? '/';
  const route = routeFor(path);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  // undefined: over MAX_BODY; null: the request broke off
  const raw = await readBody(req, MAX_BODY).catch(() => null);
  if (!raw) {
    if (raw === undefined && route) {
      const size = headers['content-length'] ? ` (Content-Length ${headers['content-length']})` : '';
      const rec = { at: Date.now(), method: req.method ?? 'GET', path, headers } as Received;
      refused(
        route,
        unread(rec, ['body', 'form'], `its body is over 1 MiB${size}, refused with HTTP 413`),
        413,
        headers,
      );
    }
    res.writeHead(413).end();
    return;
  }
  const body = raw.toString('utf8');
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  const url = new URL(path, 'http://listener');
  let parsed: Array<[string, string]> | undefined;
  let formError = '';
  try {
    parsed = parseFormBody(raw, String(req.headers['content-type'] ?? ''));
  } catch (e) {
    formError = (e as Error).message; // over the field limits: kept as received (body), its form unread
  }
  const form = [...url.searchParams.entries(), ...(parsed ?? [])];
  let rec: Received = { at: Date.now(), method: req.method ?? 'GET', path, headers, body, form };
  if (parsed === undefined) rec = unread(rec, ['form'], `its form was not read (${formError})`);
  const index = route.received.push(rec) - 1;
  for (const w of route.arrivals.splice(0)) w();
  let reply: Reply;
  try {
    reply = await route.responder(rec, index);
  } catch {
    reply = { status: 500, body: 'listener responder failed' };
  }
  route.evidence.add({
    at: new Date(rec.at).toISOString(),
    direction: 'received',
    method: rec.method,
    url: path,
    requestHeaders: headers,
    requestBody: body,
    status: reply.status,
    responseHeaders: reply.headers ?? {},
    responseBody: reply.body ?? '',
  });
  res.writeHead(reply.status, reply.headers ?? { 'content-type': 'text/plain' }).end(reply.body ?? '');
  route.answered++;
  for (const w of route.waiters.splice(0)) w();
}

export class Listener {
  private constructor(
    private readonly prefix: string,
    private readonly base: string,
    private readonly route: Route,
  ) {}

  static async open(
    evidence: EvidenceLog,
    opts: { listenPort?: number; publicBase?: string; relay?: string },
  ): Promise<Listener> {
    const p = await ensureServer(opts.listenPort ?? 0, opts.relay);
    // behind the relay, the route names this process's socket (routeTag)
    const prefix = tag === undefined ? newRoute() : `/cb/${tag}${randomBytes(3).toString('hex')}`;
    const route: Route = {
      received: [],
      answered: 0,
      responder: () => ({ status: 200, body: 'ok' }),
      waiters: [],
      arrivals: [],
      evidence,
      opened: Date.now(),
    };
    routes.set(prefix, route);
    const base = (opts.publicBase ?? `http://127.0.0.1:${p}`).replace(/\/$/, '');
    return new Listener(prefix, base, route);
  }

  /** The URL the subject should call; `path` is kept as the last segment (script name!). */
  url(path: string): string {
    return `${this.base}${this.prefix}/${path.replace(/^\//, '')}`;
  }

  respond(fn: Responder): void {
    this.route.responder = fn;
  }

  get received(): Received[] {
    return this.route.received;
  }

  /** Wait until `count` requests have arrived and been answered, or the time is up; returns what
   *  arrived (the check judges whether a missing call breaks a rule). Answered: what the subject
   *  does with the answer may follow (a call that had arrived, its answer not yet written, once
   *  returned at once, and the check read the subject's state before the subject had the answer).
   *  Short of `count`, when a call whose URL could not be read was refused since the listener opened,
   *  the check is inconclusive with that reason: the call waited for may have been that one. */
  async waitFor(count: number, timeoutMs: number): Promise<Received[]> {
    return this.wait(this.route.waiters, () => this.route.answered, count, timeoutMs);
  }

  /** Like waitFor, but returns as soon as the calls have arrived, while they may still be held
   *  by the responder (a check that keeps a call unanswered on purpose). */
  async waitForArrival(count: number, timeoutMs: number): Promise<Received[]> {
    return this.wait(this.route.arrivals, () => this.route.received.length, count, timeoutMs);
  }

  private async wait(
    wake: Array<() => void>,
    done: () => number,
    count: number,
    timeoutMs: number,
  ): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (done() < count) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        wake.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    const missed = done() < count ? unattributed.find((u) => u.at >= this.route.opened) : undefined;
    if (missed)
      throw new Inconclusive(
        `a call to the listener was refused: ${missed.why}; its URL could not be read, so it may have been the call waited for here`,
      );
    return [...this.route.received];
  }

  close(): void {
    routes.delete(this.prefix);
  }
}
