// A CI runner that reaches its test domain only through the proxy the environment names
// (HTTP_PROXY/HTTPS_PROXY with a login, as a bank's or a hosted runner's network has it). The target's
// name resolves only through the proxy (test/forward-proxy.ts): without paycert going through it, the
// run cannot reach the gateway at all.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { startForwardProxy, type ForwardProxy } from '../forward-proxy.ts';
import { inProcess } from './cli.ts';
import { findings } from './scan.ts';

let proxy: ForwardProxy;
let gateway: Awaited<ReturnType<typeof startReference>>;
let target = '';
beforeAll(async () => {
  proxy = await startForwardProxy({ login: 'ci-runner:proxy-pass-7731' });
  gateway = await startReference('greenleaves', 'gateway');
  target = `http://gw.paycert.test:${new URL(gateway.url).port}`;
});
afterAll(async () => {
  await Promise.all([proxy.close(), gateway.close()]);
});

const out = () => mkdtempSync(join(tmpdir(), 'paycert-egress-'));
const run = () => ['run', '--profile', 'greenleaves', '--subject', 'gateway', '--target', target];
const login = (pass: string) => proxy.url.replace('//', `//ci-runner:${pass}@`);
const NO_VARS = {
  HTTPS_PROXY: '',
  https_proxy: '',
  http_proxy: '',
  ALL_PROXY: '',
  all_proxy: '',
  NO_PROXY: '',
  no_proxy: '',
};

test('a run reaches the gateway through HTTP_PROXY, says so in its certificate, and never writes the login', async () => {
  const dir = out();
  const r = await inProcess([...run(), '--check', 'gl.sig.tamper-any-field', '--out', dir], {
    ...NO_VARS,
    HTTP_PROXY: login('proxy-pass-7731'),
  });
  expect(r).toEqual({ code: 0, line: '' });
  const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
  expect(cert.verdict).toBe('passed');
  expect(cert.profiles[0].target).toMatchObject({
    kind: 'reference',
    origin: target,
    via: `${new URL(proxy.url).host} (HTTP_PROXY)`,
  });
  expect(readFileSync(join(dir, 'certificate.html'), 'utf8')).toContain(
    `${target} through the proxy at ${new URL(proxy.url).host} (HTTP_PROXY)`,
  );
  // every request of the run's checks (the discovery, the control API, the payments) went through it
  expect(proxy.seen.filter((s) => s.startsWith(`POST ${target}/`)).length).toBeGreaterThan(3);
  expect(findings(dir, ['proxy-pass-7731', Buffer.from('ci-runner:proxy-pass-7731').toString('base64')])).toEqual([]);
});

test("the proxy's refusal is one line naming the proxy, not its login", async () => {
  const dir = out();
  const r = await inProcess([...run(), '--out', dir], { ...NO_VARS, HTTP_PROXY: login('wrong-pass-5512') });
  expect(r.code).toBe(3);
  expect(r.line).toBe(
    `paycert: cannot reach ${target} through the proxy at ${new URL(proxy.url).host} (HTTP_PROXY): the proxy refused to connect to it (HTTP 407: it wants a login, user:password@ in its URL)`,
  );
});

test('a proxy variable that names no proxy is a usage error', async () => {
  const r = await inProcess([...run(), '--out', out()], { ...NO_VARS, HTTP_PROXY: 'ftp://proxy.corp:21' });
  expect(r).toEqual({
    code: 2,
    line: 'paycert: HTTP_PROXY is not a proxy URL paycert can use (http://, https:// or socks5://host:port)',
  });
});
