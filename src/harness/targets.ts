import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';
import { request } from 'undici';
import { egressAgent } from './egress.ts';
import { PROFILES, SPECS, type ProfileId } from '../spec/paths.ts';
import type { ReferenceInfo } from './control.ts';
import { CAPABILITIES } from './subject.ts';
import { readReplyBody } from '../protocols/common/reply.ts';
import { decodeBody } from '../protocols/common/charset.ts';
import { HEADERS_OVERFLOW, notHttpReason, sentTo } from './http.ts';
import { quote } from './clip.ts';
import { isLoopbackUrl } from './proxy-env.ts';

export interface ProductionHost {
  host: string;
  profiles: ProfileId[];
  testPorts?: number[];
  source: string;
}

/** specs/targets.json's production list, checked against PROFILES: a profile with no production host
 *  there is an error (a forgotten profile would otherwise never be refused), as is an unknown one. */
export function productionList(
  data: { production: ProductionHost[] },
  profiles: readonly string[] = PROFILES,
): ProductionHost[] {
  const named = new Set(data.production.flatMap((p) => p.profiles as string[]));
  const unknown = [...named].filter((p) => !profiles.includes(p));
  if (unknown.length) throw new Error(`specs/targets.json names unknown profile(s) ${unknown.join(', ')}`);
  const missing = profiles.filter((p) => !named.has(p));
  if (missing.length)
    throw new Error(
      `specs/targets.json names no production host for ${missing.join(', ')}: add the hosts its documents name`,
    );
  return data.production;
}

export const PRODUCTION = productionList(
  JSON.parse(readFileSync(join(SPECS, 'targets.json'), 'utf8')) as { production: ProductionHost[] },
);

/** The host as DNS sees it: new URL already lower-cases, percent-decodes and applies IDNA
 *  (so `%2E`, full-width letters and `。` are caught); trailing dots name the same host. */
export function normalHost(url: string): string {
  const h = new URL(url).hostname.replace(/\.+$/, '');
  return (domainToASCII(h) || h).toLowerCase();
}

/** The production host (of any profile) this URL points at, if any. */
export function productionHost(url: string): ProductionHost | undefined {
  const u = new URL(url);
  const host = normalHost(url);
  const port = Number(u.port || (u.protocol === 'http:' ? 80 : 443));
  return PRODUCTION.find((p) => (host === p.host || host.endsWith(`.${p.host}`)) && !p.testPorts?.includes(port));
}

/** Whether the target is on this machine (its callbacks reach paycert's listener without a tunnel). */
export { isLoopbackUrl as isLoopback } from './proxy-env.ts';

// fresh connection per probe (reset: true): a probe must not fail on a socket the unknown server closed
const probeAgent = egressAgent({ connectTimeoutMs: 10_000 });

/** Can anything be reached at all at this URL's origin? Any HTTP answer counts: its status line and
 *  headers are enough, the body is not read (a body trickling in a byte a second, or never ending,
 *  kept the run from starting: undici's timeouts each bound one pause, never the whole). The bounds
 *  are hang guards, not a speed the target must have: a sandbox just started on a loaded machine
 *  (load 30) took over 5 s to answer its first request, and the run said it could not reach it. */
export async function reachable(url: string, timeoutMs = 30_000): Promise<true | string> {
  const r = await reach(url, timeoutMs);
  return r === true ? true : r.reason;
}

/** reachable; `untrusted`: what stopped it is only a TLS certificate Node does not accept (its code
 *  and message), which a check judging that certificate (JY-MRD-09) can still judge. */
export async function reach(url: string, timeoutMs = 30_000): Promise<true | { reason: string; untrusted?: string }> {
  try {
    sentTo(url);
    const res = await request(url, {
      method: 'GET',
      dispatcher: probeAgent,
      reset: true,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    res.body.on('error', () => {}).destroy();
    return true;
  } catch (e) {
    const err = e as Error & { code?: string };
    const reason = unreachableReason(err, timeoutMs);
    return CERT_REFUSED.test(err.code ?? '')
      ? { reason, untrusted: `${err.code}: ${quote(err.message, 200)}` }
      : { reason };
  }
}

/** Node's names for a certificate it does not accept (OpenSSL's verify codes, and the host check's) */
const CERT_REFUSED = /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)/;

/** Why Node refused the target's certificate, with the advice for that cause (probe 22: an expired
 *  certificate and another host's were told to give Node the CA, which was given and trusted): only an
 *  issuer Node does not know is helped by NODE_EXTRA_CA_CERTS. */
export function certificateRefused(e: Error & { code?: string }, env: NodeJS.ProcessEnv = process.env): string {
  const code = e.code ?? '';
  const ca = env.NODE_EXTRA_CA_CERTS;
  const advice = /EXPIRED/.test(code)
    ? 'the certificate the server shows has expired: renew it there (or check the clock of this machine)'
    : /NOT_YET_VALID/.test(code)
      ? "the certificate the server shows is not yet valid: check the clock of this machine (or the certificate's start date)"
      : /ALTNAME|HOSTNAME_MISMATCH/.test(code)
        ? 'the certificate does not name the host of --target: give --target the host name the certificate is for, or have the server show one naming this host'
        : /UNABLE_TO_(?:GET|VERIFY)|SELF_SIGNED/.test(code)
          ? `a test domain signed by your own CA (or re-signed by a proxy that inspects TLS)${ca ? ` (the NODE_EXTRA_CA_CERTS given, ${quote(ca, 120)}, does not hold its issuer, or the server does not send its intermediate certificates)` : ''}: give the CA to Node, NODE_EXTRA_CA_CERTS=/path/ca.pem`
          : 'have the server show a valid certificate';
  return `its TLS certificate is not accepted (${code}: ${quote(e.message, 200)}), as a client of the API would not accept it; ${advice}`;
}

/** Why nothing usable answered: a refused connection is not the same mistake as an answer paycert
 *  cannot read (10,000 headers, not HTTP at all), and the one line says which. */
function unreachableReason(e: Error & { code?: string }, timeoutMs: number): string {
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `nothing answered (${e.code}; check the URL, VPN or firewall)`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return HEADERS_OVERFLOW;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `it accepted the connection but sent no HTTP answer within ${timeoutMs} ms`;
    default: {
      if (CERT_REFUSED.test(e.code ?? '')) return certificateRefused(e);
      // undici's words for a proxy's refusal: of a tunnel (https), of a forwarded request (http)
      const proxy = /^Proxy response \((\d{3})\)|^Proxy Authentication Required \((407)\)/.exec(e.message);
      if (proxy) {
        const status = proxy[1] ?? proxy[2];
        return `the proxy refused to connect to it (HTTP ${status}${status === '407' ? ': it wants a login, user:password@ in its URL' : ''})`;
      }
      if (e.name === 'TimeoutError' || e.name === 'AbortError')
        return `it sent no complete HTTP status line and headers within ${timeoutMs} ms`;
      return (
        notHttpReason(e) ?? quote(`no HTTP answer paycert can read: ${(e.code ? `${e.code} ` : '') + e.message}`, 300)
      );
    }
  }
}

/** Where a paycert reference answers `/__paycert/info` for this target: under a gateway's base URL (its
 *  path prefix kept: at the origin root, on a shared test domain, it asked a path that belongs to none of
 *  the APIs under test, probe 24), at the origin of a merchant's (its --target is a page's URL, not a
 *  base). The same for a reference served at an origin root (`paycert serve`). Once lookUp found it at
 *  the origin root instead (infoBases), there: its control API is under it. */
export function infoBase(url: string, kind: string): string {
  return foundAt.get(`${kind} ${url}`) ?? (kind === 'gateway' ? url.replace(/\/+$/, '') : new URL(url).origin);
}

/** Per kind and target, where lookUp found a reference when that is not infoBase's first answer. */
const foundAt = new Map<string, string>();

/** Where lookUp asks `/__paycert/info`, in turn: infoBase, then, for a target on this machine (loopback:
 *  127.0.0.0/8, ::1, localhost) whose base has a path, its origin root. A paycert reference serves its
 *  control API at the root only, and one given `--target http://127.0.0.1:PORT/g2g` answered 404 under
 *  the path and was judged as a real target. A real domain keeps the prefix only (a shared test domain's
 *  root belongs to none of the APIs under test). */
export function infoBases(url: string, kind: string): string[] {
  const first = infoBase(url, kind);
  const root = new URL(url).origin;
  return first !== root && isLoopbackUrl(url) ? [first, root] : [first];
}

/** A paycert reference implementation answers `/__paycert/info`; a real system does not. The whole
 *  exchange is bounded (`timeoutMs`), not just each pause in it: a real target's answer trickling in
 *  is no reference. A hang guard too: a reference slow to answer under load was taken for a real
 *  target (and asked for credentials). `kind`: where it is asked (infoBase). */
export async function discover(
  url: string,
  timeoutMs = 15_000,
  kind = 'merchant',
): Promise<ReferenceInfo | ReferenceInfoError | undefined> {
  return (await lookUp(url, timeoutMs, kind)).found;
}

/** discover, and whether anything answered over HTTP at all (then the target is reachable, and the
 *  run sends no other start-up probe: reach). The request counts for the pacing of the next in this
 *  process (sentTo: the pre-flight's), not of the checks', which run in worker processes of their own. */
export async function lookUp(
  url: string,
  timeoutMs = 15_000,
  kind = 'merchant',
): Promise<{ found: ReferenceInfo | ReferenceInfoError | undefined; answered: boolean }> {
  let answered = false;
  for (const base of infoBases(url, kind)) {
    const at = await askInfo(base, url, timeoutMs);
    answered ||= at.answered;
    if (at.found !== undefined) {
      if (base !== infoBase(url, kind)) foundAt.set(`${kind} ${url}`, base);
      return { found: at.found, answered };
    }
  }
  return { found: undefined, answered };
}

/** One `/__paycert/info` asked under `base` (lookUp). */
async function askInfo(
  base: string,
  url: string,
  timeoutMs: number,
): Promise<{ found: ReferenceInfo | ReferenceInfoError | undefined; answered: boolean }> {
  let answered = false;
  try {
    sentTo(url);
    const res = await request(`${base}/__paycert/info`, {
      dispatcher: probeAgent,
      reset: true,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    answered = true;
    if (res.statusCode !== 200) {
      res.body.on('error', () => {}).destroy();
      return { found: undefined, answered };
    }
    // a real target's answer to a path it does not know: read no more than an info document needs
    const text = decodeBody(await readReplyBody(res, 64 << 10), res.headers['content-type']).text;
    const info = JSON.parse(text) as ReferenceInfo;
    if (info?.implementation !== 'paycert-reference') return { found: undefined, answered };
    const problem = infoProblem(info);
    if (problem !== undefined) return { found: new ReferenceInfoError(problem), answered };
    return { found: info, answered };
  } catch {
    return { found: undefined, answered };
  }
}

/** A target that says it is a paycert reference with an info document paycert never writes (a real
 *  target mimicking one would be judged as a reference, by capabilities it named itself, and the
 *  certificate would carry its words). */
export class ReferenceInfoError extends Error {}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** What is wrong with an info document that names paycert-reference, or undefined. */
function infoProblem(info: ReferenceInfo): string | undefined {
  const list = (v: unknown, ok: (x: string) => boolean) =>
    Array.isArray(v) && v.length <= 200 && v.every((x) => typeof x === 'string' && ok(x));
  if (!(PROFILES as readonly unknown[]).includes(info.profile)) return 'an unknown profile';
  if (info.role !== 'gateway' && info.role !== 'merchant') return 'an unknown role';
  if (typeof info.version !== 'string' || !/^[0-9A-Za-z.+-]{1,40}$/.test(info.version))
    return 'no version paycert writes';
  if (!list(info.capabilities, (c) => (CAPABILITIES as readonly string[]).includes(c))) return 'an unknown capability';
  if (!list(info.defects, (d) => ID.test(d))) return 'a defect id paycert does not write';
  return undefined;
}
