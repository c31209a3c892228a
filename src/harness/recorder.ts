import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request, type Dispatcher } from 'undici';
import type { EvidenceLog } from './evidence.ts';
import { flatHeaders } from '../protocols/common/headers.ts';
import { localServer, readBody } from '../reference/server.ts';
import { Barrier } from './barrier.ts';
import { readReplyBody } from '../protocols/common/reply.ts';

/** One request the SDK under test sent to the gateway paycert plays. */
export interface Recorded {
  at: number;
  method: string;
  /** path and query as received */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  /** the status the SDK was given, or undefined when the connection was dropped */
  status?: number;
  replyText?: string;
  /** the reply was changed on purpose (a transform's change returned one) */
  changed?: boolean;
}

/** Two requests that are one: the same method, path, body bytes and `headers` (a resend, by the SDK or a proxy). */
export function sameRequest(a: Recorded, b: Recorded, headers: readonly string[] = []): boolean {
  return (
    a.method === b.method &&
    a.path === b.path &&
    headers.every((h) => a.headers[h] === b.headers[h]) &&
    a.body.equals(b.body)
  );
}

export interface Upstream {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** A request body the reference gateway behind the recorder would not read, in a form it reads, with
 *  a note for the evidence (the sdk rules judge the request as the SDK sent it); undefined: as it is. */
export type PassOn = (rec: Recorded) => { body: Buffer; contentType: string; note: string } | undefined;

/** What the gateway does with the next request: pass it to the reference gateway and hand back
 *  its reply (optionally changed), or process it and drop the connection before any reply. */
export type Behaviour =
  | { kind: 'pass'; hold?: Barrier }
  /** `change` returning undefined: the reply passed as it is (and is not logged as changed) */
  | { kind: 'transform'; change: (reply: Upstream, req: Recorded) => Upstream | undefined }
  | { kind: 'drop-after' };

export const MAX_BODY = 4 << 20;
const HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

/** A reply body as the SDK gets it: its UTF-8 bytes read back (a lone surrogate in a string comes
 *  out U+FFFD, as it does after the loopback exchange). */
function textOf(body: string | Buffer | undefined): string {
  if (body === undefined) return '';
  if (typeof body !== 'string') return body.toString('utf8');
  return (body as unknown as { isWellFormed(): boolean }).isWellFormed()
    ? body
    : Buffer.from(body, 'utf8').toString('utf8');
}

/** The headers that are not hop-by-hop (what a proxy passes on). */
function endToEnd(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP.has(k)));
}

/** The strict gateway an SDK is certified against: a loopback front of the reference gateway that
 *  records every request and can misbehave on purpose, one request at a time. */
export class RecordingGateway {
  readonly requests: Recorded[] = [];
  /** requests over MAX_BODY, answered 413 unread (SdkSession.call makes the check inconclusive) */
  readonly tooLarge: Array<{ method: string; path: string }> = [];
  private readonly plan: Behaviour[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** the reference gateway's origin: requests go there with their own path */
    private readonly origin: string,
    /** its Host header */
    private readonly host: string,
    private readonly dispatcher: Dispatcher,
    private readonly evidence: EvidenceLog,
    private readonly passOn?: PassOn,
  ) {}

  static async open(
    upstream: string,
    dispatcher: Dispatcher,
    evidence: EvidenceLog,
    passOn?: PassOn,
    /** `paycert run --sdk-tls`: serve HTTPS with this certificate (src/harness/sdk-tls.ts) */
    tls?: { cert: string; key: string },
  ): Promise<RecordingGateway> {
    let self: RecordingGateway | undefined;
    const handler = (req: IncomingMessage, res: ServerResponse) => void self!.handle(req, res);
    const server: Server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, handler) : createServer(handler);
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const base = new URL(upstream);
    self = new RecordingGateway(
      server,
      `${tls ? 'https' : 'http'}://127.0.0.1:${port}${base.pathname.replace(/\/$/, '')}`,
      base.origin,
      base.host,
      dispatcher,
      evidence,
      passOn,
    );
    return self;
  }

  /** Behaviours for the next requests, in order; afterwards requests pass. */
  next(...b: Behaviour[]): void {
    this.plan.push(...b);
  }

  /** Drop the behaviours not used yet (the SDK sent no request for the call they were meant for). */
  forget(): void {
    this.plan.length = 0;
  }

  /** The next `n` requests are answered only once all `n` have arrived (or `ms` passed): they overlap
   *  whatever the timing (a verdict on state shared by requests in flight must not depend on the clock). */
  together(n: number, ms: number): void {
    const hold = new Barrier(n, ms);
    this.next(...Array.from({ length: n }, () => ({ kind: 'pass' as const, hold })));
  }

  /** Wait until `n` requests have arrived (or the time is up). */
  async waitFor(n: number, ms: number): Promise<Recorded[]> {
    const until = Date.now() + ms;
    while (this.requests.length < n && Date.now() < until) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, until - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.requests;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY).catch(() => undefined);
    if (!body) {
      this.tooLarge.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
      res.writeHead(413, { 'content-type': 'text/plain' }).end('paycert: a request of more than 4 MiB is not read');
      for (const w of this.waiters.splice(0)) w();
      return;
    }
    const rec: Recorded = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: flatHeaders(req.headers),
      body,
      text: body.toString('utf8'),
    };
    this.requests.push(rec);
    const behaviour = this.plan.shift() ?? { kind: 'pass' };
    if (behaviour.kind === 'pass' && behaviour.hold) await behaviour.hold.arrive();
    const up = this.passOn?.(rec);
    const headers = endToEnd(rec.headers);
    if (up) headers['content-type'] = up.contentType;
    const sent = up ? up.body : body;
    let reply: Upstream;
    try {
      // the worker's own reference is called in process; any other gateway over HTTP
      const local = localServer(this.origin);
      if (local) {
        // with the headers its HTTP client would add: the handler sees what it would over loopback
        const wire = { ...headers, host: this.host, ...(sent.length ? { 'content-length': String(sent.length) } : {}) };
        const out = await local(rec.method, rec.path, wire, sent);
        reply = { status: out.status, headers: { ...out.headers }, text: textOf(out.body) };
      } else {
        const r = await request(`${this.origin}${rec.path}`, {
          method: rec.method as Dispatcher.HttpMethod,
          headers,
          body: up || sent.length ? sent : undefined,
          dispatcher: this.dispatcher,
        });
        reply = {
          status: r.statusCode,
          headers: flatHeaders(r.headers),
          // bounded as every reply paycert reads (the gateway over HTTP is a reference in another process)
          text: (await readReplyBody(r)).toString('utf8'),
        };
      }
    } catch (e) {
      reply = {
        status: 502,
        headers: { 'content-type': 'text/plain' },
        text: `paycert: the reference gateway behind the recorder failed: ${(e as Error).message}`,
      };
    }
    if (behaviour.kind === 'drop-after') {
      rec.replyText = reply.text; // what the gateway did, though the SDK never saw it
      this.log(rec, undefined, 'processed by the gateway, then the connection was dropped before any reply', up?.note);
      res.socket?.destroy();
    } else {
      const changed = behaviour.kind === 'transform' ? behaviour.change(reply, rec) : undefined;
      if (changed) {
        reply = changed;
        rec.changed = true;
      }
      rec.status = reply.status;
      rec.replyText = reply.text;
      res.writeHead(reply.status, endToEnd(reply.headers)).end(reply.text);
      this.log(rec, reply, changed ? 'the reply was changed on purpose' : undefined, up?.note);
    }
    for (const w of this.waiters.splice(0)) w();
  }

  private log(rec: Recorded, reply: Upstream | undefined, note?: string, passedOn?: string): void {
    this.evidence.add({
      at: new Date(rec.at).toISOString(),
      direction: 'received',
      method: rec.method,
      url: rec.path,
      requestHeaders: rec.headers,
      requestBody: rec.text,
      status: reply?.status,
      responseHeaders: reply?.headers,
      responseBody: reply?.text,
      note: [note ?? 'the SDK called the gateway', passedOn].filter(Boolean).join('; '),
    });
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }
}
