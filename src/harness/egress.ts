import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { Agent, Dispatcher, Pool, ProxyAgent, buildConnector } from 'undici';
import { interimTolerant } from './interim.ts';
import { proxyFor } from './proxy-env.ts';

// The dispatchers paycert reaches a target with: direct, or through the proxy the environment names
// (src/harness/proxy-env.ts).

/** The dispatcher for a target: an undici Agent with these options (connections opened within
 *  `connectTimeoutMs`) for a direct connection, and for each proxy the environment names a ProxyAgent
 *  (https tunnelled with CONNECT, http forwarded in absolute form, as curl does). Either way the
 *  interim replies that open a connection are dropped (interimTolerant). The variables are read per
 *  request (a test sets them after the process's first agent was made). */
export function egressAgent(opts: Agent.Options & { connectTimeoutMs: number }): Dispatcher {
  const { connectTimeoutMs, ...agentOpts } = opts;
  return new Egress(
    new Agent({ ...agentOpts, connect: interimTolerant(buildConnector({ timeout: connectTimeoutMs })) }),
    agentOpts,
  );
}

/** undici's Pool, its connections (a tunnel's, or to a forwarding proxy) tolerant of interim replies */
const tolerantPool = (origin: string | URL, o: Pool.Options) =>
  new Pool(origin, { ...o, connect: typeof o.connect === 'function' ? interimTolerant(o.connect) : o.connect });

class Egress extends Dispatcher {
  private readonly proxies = new Map<string, ProxyAgent>();
  constructor(
    private readonly direct: Agent,
    private readonly opts: Agent.Options,
  ) {
    super();
  }

  private pick(origin: string): Dispatcher {
    const route = proxyFor(origin);
    if (!route) return this.direct;
    const key = route.url.href;
    let p = this.proxies.get(key);
    if (!p) {
      p = new ProxyAgent({ ...this.opts, uri: key, proxyTunnel: false, factory: tolerantPool });
      this.proxies.set(key, p);
    }
    return p;
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.pick(String(opts.origin)).dispatch(opts, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    return this.onEach((d) => d.close(), callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    return this.onEach((d) => d.destroy(err), callback);
  }

  /** close or destroy: the direct agent and every proxy's, then the callback (or a promise) */
  private onEach(fn: (d: Dispatcher) => Promise<void>, callback?: () => void): Promise<void> | void {
    const done = Promise.all([this.direct, ...this.proxies.values()].map(fn)).then(() => {});
    if (!callback) return done;
    void done.then(callback);
  }
}

/** A TCP connection to host:port, through the environment's proxy when one applies (an HTTP CONNECT
 *  tunnel), for what is not an HTTP request (a TLS handshake judged on its own). Undefined when the
 *  connection is direct; a rejection names the proxy's refusal. */
export function tunnelFor(target: URL, timeoutMs: number): Promise<Socket> | undefined {
  const route = proxyFor(target);
  if (!route) return undefined;
  const p = route.url;
  if (p.protocol !== 'http:' && p.protocol !== 'https:')
    return Promise.reject(new Error(`a ${p.protocol} proxy (${route.variable}) carries no handshake paycert probes`));
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const auth = p.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}`
    : undefined;
  return new Promise((resolve, reject) => {
    const req = (p.protocol === 'https:' ? httpsRequest : httpRequest)({
      host: p.hostname.replace(/^\[|\]$/g, ''),
      port: p.port || (p.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers: { host: `${target.hostname}:${port}`, ...(auth ? { 'proxy-authorization': auth } : {}) },
      timeout: timeoutMs,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`the proxy at ${p.host} (${route.variable}) refused the tunnel: HTTP ${res.statusCode}`));
    });
    req.once('timeout', () => req.destroy(new Error(`the proxy at ${p.host} (${route.variable}) did not answer`)));
    req.once('error', (e) => reject(new Error(`the proxy at ${p.host} (${route.variable}): ${e.message}`)));
    req.end();
  });
}
