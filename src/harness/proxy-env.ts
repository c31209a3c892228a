import { BlockList, isIP } from 'node:net';

// A CI runner or a bank's office often reaches the internet only through an HTTP proxy named in the
// environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, as curl, pip and npm read them). paycert reaches a
// real test domain (or a shop) through it; loopback never goes through a proxy (the embedded
// references, paycert's own listeners).

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** The proxy variable that applies to a URL's scheme, if set (curl's order: the lower-case name first,
 *  ALL_PROXY when the scheme's own is not set). */
function proxyVariable(protocol: string, env = process.env): { name: string; value: string } | undefined {
  const names = [
    ...(protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']),
    'all_proxy',
    'ALL_PROXY',
  ];
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** The proxy a variable names: a URL, or host:port taken as http:// (as curl does). */
export function parseProxy(name: string, value: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  const u = URL.canParse(text) ? new URL(text) : undefined;
  if (!u || !['http:', 'https:', 'socks5:', 'socks:'].includes(u.protocol) || !u.hostname)
    throw new ProxySettingError(`${name} is not a proxy URL paycert can use (http://, https:// or socks5://host:port)`);
  return u;
}

export class ProxySettingError extends Error {}

/** A NO_PROXY entry's host (or range) and port: `[v6]:port`, a bare IPv6 address or range (its colons
 *  no port), `name:port`, `name`. */
function noProxyEntry(raw: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(raw);
  const [host, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : raw.split(':').length > 2
      ? [raw, undefined]
      : (raw.split(':') as [string, string?]);
  return {
    host: host
      .toLowerCase()
      .replace(/^\*?\./, '')
      .replace(/\.$/, ''),
    port: port === undefined ? undefined : Number(port),
  };
}

/** Whether NO_PROXY (or no_proxy) exempts this host and port: `*`, host names (a leading `.` or `*.`
 *  allowed; a name covers its subdomains), IP addresses and CIDR ranges, each with an optional :port. */
function exempt(host: string, port: number): boolean {
  const list = (process.env.no_proxy ?? process.env.NO_PROXY ?? '').split(/[\s,]+/).filter(Boolean);
  for (const raw of list) {
    if (raw === '*') return true;
    const entry = noProxyEntry(raw);
    if (entry.port !== undefined && entry.port !== port) continue;
    const [net, bits] = entry.host.split('/');
    const family = isIP(net!);
    if (bits !== undefined && family !== 0 && isIP(host) === family) {
      const range = new BlockList();
      try {
        range.addSubnet(net!, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
      } catch {
        continue; // a prefix length out of range exempts nothing
      }
      if (range.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true;
    } else if (host === entry.host || host.endsWith(`.${entry.host}`)) return true;
  }
  return false;
}

/** A URL's host as compared: no brackets, lower-case, and without a fully qualified name's trailing
 *  dot, which names the same host (`localhost.`, `api.bank.kz.`). */
const hostOf = (u: URL): string =>
  u.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

/** Whether a URL names this machine's loopback: localhost and its subdomains, 127.0.0.0/8, ::1 (and
 *  their IPv4-mapped forms). */
export const isLoopbackUrl = (url: string): boolean => isLoopbackHost(hostOf(new URL(url)));

function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

export interface ProxyRoute {
  url: URL;
  /** the variable that named it, for messages */
  variable: string;
}

/** The proxy the environment names for this URL, or undefined for a direct connection. */
export function proxyFor(target: string | URL): ProxyRoute | undefined {
  // the variable first: with none set (most runs), no URL is parsed per request
  const v = proxyVariable(
    typeof target === 'string' ? (/^https:/i.test(target) ? 'https:' : 'http:') : target.protocol,
  );
  if (!v) return undefined;
  const u = typeof target === 'string' ? new URL(target) : target;
  const host = hostOf(u);
  if (isLoopbackHost(host)) return undefined;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  if (exempt(host, port)) return undefined;
  return { url: parseProxy(v.name, v.value), variable: v.name };
}

/** Checks the environment's proxy variables once, before a run: a usage error names a malformed one. */
export function checkProxySettings(): void {
  for (const p of ['http:', 'https:']) {
    const v = proxyVariable(p);
    if (v) parseProxy(v.name, v.value);
  }
}

/** The proxy reaching this URL as "host:port (HTTPS_PROXY)", never its login; undefined when direct
 *  (or the variable is malformed: the run refuses it before it starts). */
export function proxyNamed(target: string): string | undefined {
  try {
    const r = proxyFor(target);
    return r && `${r.url.host} (${r.variable})`;
  } catch {
    return undefined;
  }
}

/** " through the proxy at host:port (HTTPS_PROXY)" for a message; '' when direct. */
export function viaProxy(target: string): string {
  const named = proxyNamed(target);
  return named ? ` through the proxy at ${named}` : '';
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];

/** The environment for a process paycert starts that calls paycert's own loopback servers (an SDK's
 *  adapter calling the strict gateway): with a proxy variable set, loopback added to NO_PROXY and
 *  no_proxy, since Python's requests, curl and PHP send even 127.0.0.1 through the proxy unless it
 *  is listed. Unchanged without a proxy variable. */
export function loopbackDirect(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!proxyVariable('http:', env) && !proxyVariable('https:', env)) return env;
  const listed = (env.no_proxy ?? env.NO_PROXY ?? '').split(/[\s,]+/).filter(Boolean);
  const value = [...listed, ...LOOPBACK_NAMES.filter((n) => !listed.includes(n))].join(',');
  return { ...env, no_proxy: value, NO_PROXY: value };
}
