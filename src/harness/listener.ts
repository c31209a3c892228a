import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { EvidenceLog } from './evidence.ts';
import { parseFormBody } from '../protocols/common/form.ts';
import { readBody } from '../reference/server.ts';
import { applyServerTimeouts } from '../reference/server.ts';

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
}

async function ensureServer(listenPort: number): Promise<number> {
  if (server) return port;
  const s = createServer((req, res) => void handle(req, res));
  applyServerTimeouts(s);
  // an idle keep-alive connection (kept for a minute) must not keep the test process alive
  s.on('connection', (socket) => socket.unref());
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(listenPort, '127.0.0.1', () => resolve());
  });
  s.unref();
  server = s;
  port = (s.address() as AddressInfo).port;
  return port;
}

const MAX_BODY = 1 << 20;

/** A check's path prefix, `/cb/` and 12 hex digits. Found anywhere in the path: a tunnel to
 *  --listen-port (ngrok, a reverse proxy) may forward the public URL's path prefix as it is
 *  (`--callback-base https://hooks.example/paycert` arrives as `/paycert/cb/…`). */
export function routeOf(path: string): string | undefined {
  return /\/cb\/[0-9a-f]{12}(?=\/|$)/.exec(path.split('?', 1)[0]!)?.[0];
}

/** A fresh check prefix, as routeOf finds it. */
export const newRoute = (): string => `/cb/${randomBytes(6).toString('hex')}`;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req, MAX_BODY).catch(() => undefined);
  if (!raw) {
    res.writeHead(413).end();
    return;
  }
  const body = raw.toString('utf8');
  const path = req.url ?? '/';
  const prefix = routeOf(path);
  const route = prefix === undefined ? undefined : routes.get(prefix);
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  const url = new URL(path, 'http://listener');
  let parsed: Array<[string, string]>;
  try {
    parsed = parseFormBody(raw, String(req.headers['content-type'] ?? ''));
  } catch {
    parsed = []; // over the field limits: kept as received (body), with no parsed fields
  }
  const form = [...url.searchParams.entries(), ...parsed];
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const rec: Received = { at: Date.now(), method: req.method ?? 'GET', path, headers, body, form };
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

  static async open(evidence: EvidenceLog, opts: { listenPort?: number; publicBase?: string }): Promise<Listener> {
    const p = await ensureServer(opts.listenPort ?? 0);
    const prefix = newRoute();
    const route: Route = {
      received: [],
      answered: 0,
      responder: () => ({ status: 200, body: 'ok' }),
      waiters: [],
      arrivals: [],
      evidence,
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
   *  returned at once, and the check read the subject's state before the subject had the answer). */
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
    return [...this.route.received];
  }

  close(): void {
    routes.delete(this.prefix);
  }
}
