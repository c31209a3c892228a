import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { egressAgent } from '../../../src/harness/egress.ts';
import { ProxySettingError, loopbackDirect, proxyFor, viaProxy } from '../../../src/harness/proxy-env.ts';
import { frontWall } from '../../../src/harness/edge-page.ts';
import { isLoopback, reachable } from '../../../src/harness/targets.ts';
import { hasOpenssl, selfSigned } from '../../self-signed.ts';
import { probeTls } from '../../../src/harness/tls.ts';
import { startForwardProxy, type ForwardProxy } from '../../forward-proxy.ts';

const VARS = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'all_proxy',
  'ALL_PROXY',
  'no_proxy',
  'NO_PROXY',
];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
function setEnv(vars: Record<string, string>): void {
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, vars);
}
afterEach(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const via = (url: string) => proxyFor(url)?.url.host;

describe('proxyFor reads the environment as curl does', () => {
  test('none set: direct', () => {
    setEnv({});
    expect(proxyFor('https://test.greenleavespay.example/g2g/payment')).toBeUndefined();
  });

  test('HTTPS_PROXY for https, HTTP_PROXY for http; the lower-case name first', () => {
    setEnv({ HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'plain:8080' });
    expect(via('https://gw.example/x')).toBe('lower:3128');
    // host:port without a scheme is an http:// proxy
    expect(proxyFor('http://gw.example/x')?.url.href).toBe('http://plain:8080/');
    setEnv({ HTTP_PROXY: 'http://p:1' });
    expect(via('https://gw.example/')).toBeUndefined();
    // ALL_PROXY when the scheme's own is not set
    setEnv({ HTTP_PROXY: 'http://p:1', ALL_PROXY: 'socks5://s:1080' });
    expect(proxyFor('https://gw.example/')?.url.href).toBe('socks5://s:1080');
    expect(via('http://gw.example/')).toBe('p:1');
  });

  test('loopback is never proxied', () => {
    setEnv({ HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1' });
    // the last ones: an IPv4-mapped IPv6 address, and names written as fully qualified (a trailing dot)
    for (const u of [
      'http://127.0.0.1:8080/',
      'http://127.9.9.9/',
      'https://localhost/',
      'http://[::1]:80/',
      'http://[::ffff:127.0.0.1]:8080/',
      'http://localhost.:8080/',
    ])
      expect(proxyFor(u), u).toBeUndefined();
  });

  test('NO_PROXY: names with their subdomains, a port, IP ranges, *', () => {
    setEnv({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '.corp.example, bank.example.:8443 10.0.0.0/8,[fd00::1]' });
    expect(via('https://corp.example/')).toBeUndefined();
    expect(via('https://api.corp.example/')).toBeUndefined();
    expect(via('https://notcorp.example/')).toBe('p:1');
    expect(via('https://bank.example:8443/')).toBeUndefined();
    expect(via('https://bank.example/')).toBe('p:1');
    expect(via('https://10.20.30.40/')).toBeUndefined();
    expect(via('https://11.0.0.1/')).toBe('p:1');
    expect(via('https://[fd00::1]/')).toBeUndefined();
    expect(via('https://api.corp.example./')).toBeUndefined();
    setEnv({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '10.0.0.0/99,x/8' });
    expect(via('https://10.0.0.1/')).toBe('p:1');
    setEnv({ HTTPS_PROXY: 'http://p:1', no_proxy: '*' });
    expect(via('https://anywhere.example/')).toBeUndefined();
  });

  test('a value that names no proxy is a clear error, never a direct connection', () => {
    setEnv({ HTTPS_PROXY: 'ftp://p:21' });
    expect(() => proxyFor('https://gw.example/')).toThrow(ProxySettingError);
    expect(() => proxyFor('https://gw.example/')).toThrow(/HTTPS_PROXY is not a proxy URL/);
  });

  test('messages name the proxy without its login', () => {
    setEnv({ HTTPS_PROXY: 'http://ci:s3cret-pass@proxy.corp:3128' });
    expect(viaProxy('https://gw.example/')).toBe(' through the proxy at proxy.corp:3128 (HTTPS_PROXY)');
    expect(viaProxy('http://127.0.0.1:1/')).toBe('');
  });
});

describe("an SDK's adapter calls paycert's loopback gateway directly", () => {
  test('loopback joins NO_PROXY when a proxy variable is set; nothing changes otherwise', () => {
    const env = { PATH: '/bin', HTTPS_PROXY: 'http://p:1', NO_PROXY: '.corp,localhost' };
    expect(loopbackDirect(env)).toEqual({
      ...env,
      NO_PROXY: '.corp,localhost,127.0.0.1,::1',
      no_proxy: '.corp,localhost,127.0.0.1,::1',
    });
    const plain = { PATH: '/bin' };
    expect(loopbackDirect(plain)).toBe(plain);
  });

  const python = (() => {
    try {
      execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  test.runIf(python)(
    "Python's urllib (as requests reads it) sends 127.0.0.1 through HTTP_PROXY unless NO_PROXY lists it",
    () => {
      const bypass = (env: NodeJS.ProcessEnv) =>
        execFileSync('python3', ['-c', "import urllib.request as u; print(u.proxy_bypass_environment('127.0.0.1'))"], {
          env,
        })
          .toString()
          .trim();
      const env = { PATH: process.env.PATH, HTTP_PROXY: 'http://proxy.corp:3128' };
      expect(bypass(env)).toBe('False');
      expect(bypass(loopbackDirect(env))).toBe('True');
    },
  );
});

describe('through a proxy on loopback', () => {
  let proxy: ForwardProxy;
  let guarded: ForwardProxy;
  let origin: Server;
  let port = 0;
  beforeAll(async () => {
    proxy = await startForwardProxy();
    guarded = await startForwardProxy({ login: 'ci:right-pass' });
    origin = createServer((q, s) => s.end(`origin saw ${q.method} ${q.url} for ${q.headers.host}`));
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
    port = (origin.address() as AddressInfo).port;
  });
  afterAll(async () => {
    origin.close();
    await Promise.all([proxy.close(), guarded.close()]);
  });

  test("the harness's agent forwards http through it (a name only the proxy resolves)", async () => {
    const agent = egressAgent({ connectTimeoutMs: 5_000 });
    try {
      setEnv({});
      await expect(request(`http://gw.paycert.test:${port}/g2g/status`, { dispatcher: agent })).rejects.toThrow();
      setEnv({ HTTP_PROXY: proxy.url });
      const res = await request(`http://gw.paycert.test:${port}/g2g/status?x=1`, { dispatcher: agent });
      expect(await res.body.text()).toBe(`origin saw GET /g2g/status?x=1 for gw.paycert.test:${port}`);
      expect(proxy.seen).toContain(`GET http://gw.paycert.test:${port}/g2g/status?x=1`);
      // loopback goes direct, proxy or not
      const before = proxy.seen.length;
      await (await request(`http://127.0.0.1:${port}/`, { dispatcher: agent })).body.text();
      expect(proxy.seen.length).toBe(before);
    } finally {
      await agent.close();
    }
  });

  test('an interim reply the proxy relays before the final one is dropped (RFC 9110 15.2)', async () => {
    setEnv({ HTTP_PROXY: proxy.url });
    const agent = egressAgent({ connectTimeoutMs: 5_000 });
    try {
      const res = await request(`http://interim.paycert.test:${port}/g2g/status`, { dispatcher: agent });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe(`origin saw GET /g2g/status for interim.paycert.test:${port}`);
    } finally {
      await agent.close();
    }
  });

  test('https goes through a CONNECT tunnel', async () => {
    const agent = egressAgent({ connectTimeoutMs: 5_000 });
    try {
      setEnv({ HTTPS_PROXY: proxy.url });
      // the origin speaks plain HTTP, so the TLS handshake inside the tunnel fails: reached through it
      await expect(request(`https://gw.paycert.test:${port}/`, { dispatcher: agent })).rejects.toThrow();
      expect(proxy.seen).toContain(`CONNECT gw.paycert.test:${port}`);
    } finally {
      await agent.close();
    }
  });

  test("the proxy's refusal is named, its login never printed", async () => {
    setEnv({ HTTP_PROXY: guarded.url.replace('//', '//ci:wrong-pass@'), HTTPS_PROXY: guarded.url });
    const http = await reachable(`http://gw.paycert.test:${port}/`, 5_000);
    expect(http).toBe('the proxy refused to connect to it (HTTP 407: it wants a login, user:password@ in its URL)');
    const https = await reachable(`https://gw.paycert.test:${port}/`, 5_000);
    expect(https).toBe('the proxy refused to connect to it (HTTP 407: it wants a login, user:password@ in its URL)');
    setEnv({ HTTP_PROXY: guarded.url.replace('//', '//ci:right-pass@') });
    expect(await reachable(`http://gw.paycert.test:${port}/`, 5_000)).toBe(true);
  });

  test("Squid's own refusal of a forwarded request is a wall, not the gateway's reply", async () => {
    setEnv({ HTTP_PROXY: proxy.url });
    const agent = egressAgent({ connectTimeoutMs: 5_000 });
    try {
      const res = await request(`http://denied.paycert.test:${port}/g2g/payment`, { dispatcher: agent });
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
      const text = await res.body.text();
      expect(frontWall({ status: res.statusCode, headers, text })).toBe(
        "a proxy's own refusal (Squid ERR_ACCESS_DENIED)",
      );
    } finally {
      await agent.close();
    }
    expect(frontWall({ status: 403, headers: { 'proxy-status': 'edge.corp; error=destination_ip_prohibited' } })).toBe(
      "a proxy's own refusal (Proxy-Status error=destination_ip_prohibited)",
    );
    // a relayed reply (Proxy-Status without an error) is the API's
    expect(frontWall({ status: 403, headers: { 'proxy-status': 'edge.corp; received-status=403' } })).toBeUndefined();
  });
});

describe.runIf(hasOpenssl())("a shop's certificate judged through the proxy's tunnel (JY-MRD-09)", () => {
  let dir: string;
  let cert: string;
  let server: Server;
  let proxy: ForwardProxy;
  let port = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paycert-egress-'));
    let key: string;
    ({ cert, key } = selfSigned(dir, 'shop.paycert.test'));
    server = createHttps({ cert, key }, (_q, s) => s.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    proxy = await startForwardProxy({ login: 'ci:right-pass' });
  });
  afterAll(async () => {
    server.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('valid through the tunnel; the refusal named, without the login', async () => {
    const url = `https://shop.paycert.test:${port}/backref`;
    setEnv({});
    expect((await probeTls(url, { roots: [cert], timeoutMs: 5_000 })).kind).toBe('unreachable');
    setEnv({ HTTPS_PROXY: proxy.url.replace('//', '//ci:right-pass@') });
    expect(await probeTls(url, { roots: [cert], timeoutMs: 5_000 })).toMatchObject({
      kind: 'valid',
      subject: 'shop.paycert.test',
    });
    expect(proxy.seen).toContain(`CONNECT shop.paycert.test:${port}`);
    setEnv({ HTTPS_PROXY: proxy.url.replace('//', '//ci:wrong-pass@') });
    const refused = await probeTls(url, { roots: [cert], timeoutMs: 5_000 });
    expect(refused).toEqual({
      kind: 'unreachable',
      reason: `the proxy at ${new URL(proxy.url).host} (HTTPS_PROXY) refused the tunnel: HTTP 407`,
    });
  });
});

test('a target on this machine (its callbacks need no tunnel): loopback as the proxy rules see it', async () => {
  const { isLoopback } = await import('../../../src/harness/targets.ts');
  for (const u of [
    'http://127.0.0.1:1/',
    'http://127.5.5.5/',
    'http://LOCALHOST.:8080/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]:9/',
  ])
    expect(isLoopback(u), u).toBe(true);
  for (const u of ['http://10.0.0.1/', 'http://localhost.evil.example/', 'http://128.0.0.1/', 'http://[::2]/'])
    expect(isLoopback(u), u).toBe(false);
});
