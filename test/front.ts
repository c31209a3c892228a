// A front for a gateway in a test (a queue, a login wall, a skewed clock): an HTTP server on loopback
// whose handler decides, per request, to answer itself or to pass the request on to the gateway.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const HOP = ['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding'];

/** The request sent on to `upstream` (a base URL), its reply written back: the hop-by-hop headers
 *  (and `drop`) left out both ways, `reply` applied to the reply's headers before they are written. */
export async function passOn(
  upstream: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  o: { drop?: string[]; reply?: (headers: Record<string, string>) => void } = {},
): Promise<void> {
  const skip = [...HOP, ...(o.drop ?? [])];
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !skip.includes(k)) headers[k] = v;
  const up = await fetch(`${upstream}${req.url}`, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    redirect: 'manual',
  });
  const out: Record<string, string> = {};
  // (fetch has decoded the body: its Content-Encoding no longer applies)
  up.headers.forEach((v, k) => {
    if (![...skip, 'content-encoding'].includes(k)) out[k] = v;
  });
  o.reply?.(out);
  res.writeHead(up.status, out).end(Buffer.from(await up.arrayBuffer()));
}

/** A front on a free loopback port; `handle` gets each request with its whole body. When passing it
 *  on fails (nothing listens upstream), the front answers 502 itself, as an edge (or ngrok) does. */
export async function startFront(
  handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      Promise.resolve()
        .then(() => handle(req, Buffer.concat(chunks), res))
        .catch(() => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('upstream refused');
        }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => void server.close() };
}

/** nginx's auth_basic refusing a request without the login it wants. */
export function askLogin(res: ServerResponse, realm: string): void {
  res.writeHead(401, { 'www-authenticate': `Basic realm="${realm}"`, 'content-type': 'text/html' });
  res.end('<html><head><title>401 Authorization Required</title></head></html>');
}
