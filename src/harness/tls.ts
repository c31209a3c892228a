import { checkServerIdentity, connect, rootCertificates, type PeerCertificate, type TLSSocket } from 'node:tls';
import { isIP, type Socket } from 'node:net';
import { tunnelFor } from './egress.ts';

/** What a TLS handshake with an https endpoint shows about its certificate. */
export type TlsVerdict =
  | { kind: 'valid'; subject: string; validTo: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** One handshake's outcome: whether the chain verified against `ca` (and why not), the certificate. */
type Handshake =
  { authorized: boolean; error?: string; cert: PeerCertificate } | Exclude<TlsVerdict, { kind: 'valid' }>;

/** Connect to the URL's host and judge its certificate as a browser would: the chain to a trusted
 *  root, the dates, and the host name. Trusted means by the public roots Node ships (`roots`, default
 *  tls.rootCertificates), as the payer's browser and the bank trust: a certificate that chains only to
 *  a CA the tester gave Node (NODE_EXTRA_CA_CERTS; `ca` in tests), with which the run itself reaches
 *  the target, is said to be so and is not valid (probe 23: JY-MRD-09 passed on a private CA). A
 *  connection that never reaches the handshake is 'unreachable' (nothing could be judged). */
export async function probeTls(
  url: string,
  opts: { timeoutMs?: number; ca?: string; roots?: readonly string[] } = {},
): Promise<TlsVerdict> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const roots = [...(opts.roots ?? rootCertificates)];
  const pub = await handshake(u, host, roots, opts.timeoutMs);
  if ('kind' in pub) return pub;
  // Node reports a host mismatch (an IP host, no SNI) as the authorization error of a verified chain
  if (!pub.authorized && pub.error !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
    // with the tester's CA as well (Node's store: NODE_EXTRA_CA_CERTS), for the reason only
    const extra = opts.ca !== undefined || !!process.env.NODE_EXTRA_CA_CERTS;
    const mine = extra
      ? await handshake(u, host, opts.ca === undefined ? undefined : [...roots, opts.ca], opts.timeoutMs)
      : pub;
    // a chain that verifies with the tester's CA but names another host: Node reports the name as its error
    const misnamed = !('kind' in mine) && !mine.authorized && mine.error === 'ERR_TLS_CERT_ALTNAME_INVALID';
    const reason =
      !('kind' in mine) && (mine.authorized || misnamed)
        ? `certificate trusted only through the CA given to paycert in NODE_EXTRA_CA_CERTS, not by the public roots a payer's browser and the bank trust (${pub.error})${misnamed ? `, and it does not name ${host}` : ''}`
        : `certificate not trusted: ${'kind' in mine ? pub.error : mine.error}`;
    return { kind: 'invalid', reason };
  }
  // authorized covers the chain and dates; the host name is checked separately
  const err = checkServerIdentity(host, pub.cert);
  if (err) return { kind: 'invalid', reason: `certificate does not name ${host}: ${err.message}` };
  return { kind: 'valid', subject: String(pub.cert.subject?.CN ?? ''), validTo: pub.cert.valid_to };
}

/** A handshake with `u` verifying against `ca` (undefined: Node's store, NODE_EXTRA_CA_CERTS included). */
async function handshake(u: URL, host: string, ca: string[] | undefined, timeoutMs = 10_000): Promise<Handshake> {
  const port = Number(u.port || 443);
  // through the environment's proxy, when one applies: the handshake runs in its CONNECT tunnel
  let tunnel: Socket | undefined;
  try {
    tunnel = await tunnelFor(u, timeoutMs);
  } catch (e) {
    return { kind: 'unreachable', reason: (e as Error).message };
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: Handshake, s?: TLSSocket) => {
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
      ca,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () =>
      done(
        {
          authorized: socket.authorized,
          ...(!socket.authorized && { error: String(socket.authorizationError) }),
          cert: socket.getPeerCertificate(),
        },
        socket,
      ),
    );
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
