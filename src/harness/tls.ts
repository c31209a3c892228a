import { checkServerIdentity, connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { isIP, type Socket } from 'node:net';
import { tunnelFor } from './egress.ts';

/** What a TLS handshake with an https endpoint shows about its certificate. */
export type TlsVerdict =
  | { kind: 'valid'; subject: string; validTo: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** Connect to the URL's host and judge its certificate as a browser would: the chain to a trusted
 *  root (Node's CA store, plus `ca` when given), the dates, and the host name. A connection that
 *  never reaches the handshake is 'unreachable' (nothing could be judged). */
export async function probeTls(url: string, opts: { timeoutMs?: number; ca?: string } = {}): Promise<TlsVerdict> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 443);
  // through the environment's proxy, when one applies: the handshake runs in its CONNECT tunnel
  let tunnel: Socket | undefined;
  try {
    tunnel = await tunnelFor(u, opts.timeoutMs ?? 10_000);
  } catch (e) {
    return { kind: 'unreachable', reason: (e as Error).message };
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: TlsVerdict, s?: TLSSocket) => {
      if (settled) return;
      settled = true;
      s?.destroy();
      resolve(v);
    };
    const socket = connect({
      socket: tunnel,
      host,
      port,
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      ca: opts.ca,
      timeout: opts.timeoutMs ?? 10_000,
    });
    socket.once('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      if (!socket.authorized)
        return done(
          { kind: 'invalid', reason: `certificate not trusted: ${String(socket.authorizationError)}` },
          socket,
        );
      // authorized covers the chain and dates; the host name is checked separately
      const err = checkServerIdentity(host, cert);
      if (err) return done({ kind: 'invalid', reason: `certificate does not name ${host}: ${err.message}` }, socket);
      done({ kind: 'valid', subject: String(cert.subject?.CN ?? ''), validTo: cert.valid_to }, socket);
    });
    socket.once('timeout', () => done({ kind: 'unreachable', reason: `no TLS handshake within the timeout` }, socket));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      // a handshake that failed on the server's side (no TLS there, a broken certificate) is judged
      const tlsFault = /^ERR_SSL_|^EPROTO$/.test(e.code ?? '');
      done(
        tlsFault
          ? { kind: 'invalid', reason: `TLS handshake failed: ${e.message}` }
          : { kind: 'unreachable', reason: e.message },
        socket,
      );
    });
  });
}
