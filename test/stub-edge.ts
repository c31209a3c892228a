// A stub edge for the meta-tests: each request forwarded to the origin, then a function of the request and
// the origin's reply decides what the caller gets (a hostile answer, a PHP notice printed before it).
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the stub answers a request with: a reply, or `raw` writes the reply to the socket itself. */
export type Answer = Upstream | { raw: (res: ServerResponse) => void };

/** A stub edge in front of `origin`: each request is forwarded, then `answer` decides the reply. */
export async function startStub(
  origin: string,
  answer: (req: IncomingMessage, body: Buffer, up: Upstream) => Answer,
): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(origin);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const up = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (r) => {
          const got: Buffer[] = [];
          r.on('data', (c: Buffer) => got.push(c));
          r.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(r.headers))
              if (typeof v === 'string' && !['transfer-encoding', 'connection', 'keep-alive'].includes(k)) h[k] = v;
            const a = answer(req, body, { status: r.statusCode ?? 502, headers: h, body: Buffer.concat(got) });
            if ('raw' in a) return a.raw(res);
            res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
            res.end(a.body);
          });
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
