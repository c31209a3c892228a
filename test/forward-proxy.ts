// An egress proxy on loopback, as a CI runner's or an office's (Squid, tinyproxy): CONNECT tunnels for
// https, absolute-form forwarding for http. It resolves every `*.paycert.test` name to 127.0.0.1 (the
// port kept), so a test's target name only ever resolves through it; `denied.paycert.test` gets
// Squid's access-denied answer, `interim.paycert.test` an unasked 100 Continue before the reply.
// `login` ("user:password") makes it ask for Proxy-Authorization.
import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** what it was asked: "CONNECT host:port" or "METHOD absolute-url" */
  seen: string[];
  close(): Promise<void>;
}

const HOP = new Set(['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive', 'host']);

export async function startForwardProxy(o: { login?: string } = {}): Promise<ForwardProxy> {
  const seen: string[] = [];
  const tunnels = new Set<Socket>();
  const expected = o.login && `Basic ${Buffer.from(o.login).toString('base64')}`;
  const allowed = (req: IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected;
  /** 127.0.0.1 for a *.paycert.test name; undefined for any other (never resolved) */
  const local = (host: string) => (/\.paycert\.test$/i.test(host) ? '127.0.0.1' : undefined);

  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (!allowed(req))
      return void res.writeHead(407, { 'proxy-authenticate': 'Basic realm="egress"' }).end('login, please');
    const u = URL.canParse(req.url ?? '') ? new URL(req.url!) : undefined;
    const to = u && local(u.hostname);
    if (!u || !to || u.hostname.startsWith('denied.'))
      return void res
        .writeHead(403, { 'content-type': 'text/html', 'x-squid-error': 'ERR_ACCESS_DENIED 0' })
        .end('<html><head><title>ERROR: The requested URL could not be retrieved</title></head></html>');
    // an unasked 100 Continue before the reply (RFC 9110 15.2: a client must parse it)
    if (u.hostname.startsWith('interim.')) res.writeContinue();
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP.has(k)));
    const up = request(
      {
        host: to,
        port: u.port || 80,
        method: req.method,
        path: u.pathname + u.search,
        headers: { ...headers, host: u.host },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    client.on('error', () => {});
    if (!allowed(req))
      return void client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="egress"\r\n\r\n',
      );
    const [host, port] = (req.url ?? '').split(':');
    const to = host && local(host);
    if (!to || host!.startsWith('denied.')) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const up = connect(Number(port), to, () => {
      for (const s of [client, up]) {
        tunnels.add(s);
        s.once('close', () => tunnels.delete(s));
      }
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        for (const s of tunnels) s.destroy();
        server.close(() => r());
      }),
  };
}
