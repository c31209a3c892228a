import {
  createServer,
  request,
  type ClientRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { startReference } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import type { ProfileId } from '../../../src/spec/paths.ts';

/** `req` sent on to `to`'s host (its method, path and headers, Host made `to`'s), the reply to `onReply`;
 *  `res` answered 502 when nothing answers there. The caller ends the request returned with the body
 *  (or pipes `req` into it). */
export function forwardRequest(
  to: URL,
  req: IncomingMessage,
  res: ServerResponse,
  onReply: (reply: IncomingMessage) => void,
): ClientRequest {
  const up = request(
    { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
    onReply,
  );
  up.on('error', () => res.writeHead(502).end());
  return up;
}

/** A loopback proxy in front of `upstream` that may rewrite each request's body on the way in
 *  (the replies pass untouched). */
export async function requestRewritingProxy(
  upstream: string,
  rewrite: (req: IncomingMessage, body: string) => string,
): Promise<{ url: string; close: () => void }> {
  const to = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = rewrite(req, Buffer.concat(chunks).toString('utf8'));
      const headers = { ...req.headers, host: to.host, 'content-length': String(Buffer.byteLength(body)) };
      const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** What a reply rewriter sees: the request (its path and body as sent) and the reply's status and
 *  headers, which it may change (Content-Length and Transfer-Encoding are already gone). */
export interface ReplyContext {
  url: string;
  sent: Buffer;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A loopback proxy in front of `upstream` that may rewrite each reply's body on the way out (the
 *  requests pass untouched). */
export async function replyRewritingProxy(
  upstream: string,
  rewrite: (body: string, ctx: ReplyContext) => string,
): Promise<{ url: string; close: () => void }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sent = Buffer.concat(chunks);
      const up = request(new URL(req.url!, upstream), { method: req.method, headers: req.headers }, (ur) => {
        const got: Buffer[] = [];
        ur.on('data', (c: Buffer) => got.push(c));
        ur.on('end', () => {
          const headers: ReplyContext['headers'] = { ...ur.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          const ctx: ReplyContext = { url: req.url!, sent, status: ur.statusCode ?? 502, headers };
          const body = rewrite(Buffer.concat(got).toString('utf8'), ctx);
          res.writeHead(ctx.status, ctx.headers).end(body);
        });
      });
      up.on('error', () => res.writeHead(502).end());
      up.end(sent);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** A reference started once for the test file (beforeAll), and the proxies put in front of it, all
 *  closed after it (afterAll). */
export function referenceBehindProxies(profile: ProfileId, kind: 'gateway' | 'merchant' = 'gateway') {
  let h: SandboxHandle | undefined;
  const proxies: Array<{ close: () => void }> = [];
  beforeAll(async () => {
    h = await startReference(profile, kind);
  });
  afterAll(async () => {
    for (const p of proxies) p.close();
    await h?.close();
  });
  return {
    get handle(): SandboxHandle {
      if (!h) throw new Error('the reference is started in beforeAll');
      return h;
    },
    /** `p`, closed after the file's tests */
    keep<T extends { close: () => void }>(p: T): T {
      proxies.push(p);
      return p;
    },
  };
}
