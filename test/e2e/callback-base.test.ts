// A real gateway reaches paycert's callback listener through a tunnel (ngrok, cloudflared, a reverse
// proxy: --callback-base is its public URL, --listen-port the local port it forwards to). A tunnel
// that forwards the public URL's path prefix as it is must still reach the checks; one that forwards
// nowhere must leave the gateway's callback rules unjudged, not failed: GL-CB-01 (MUST) failed on a
// conformant gateway when the tunnel pointed at the wrong port.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { inProcess } from './cli.ts';

const servers: Server[] = [];
let gateway: Awaited<ReturnType<typeof startReference>>;
let target = '';

/** An HTTP forwarder to 127.0.0.1:port, the path kept as it came; `hide` paths answered 404 (a
 *  reference's /__paycert, so that the gateway is judged as a real one). */
async function forwarder(port: () => number, hide?: string): Promise<string> {
  const s = createServer((req, res) => {
    if (hide && req.url?.startsWith(hide)) return void res.writeHead(404).end();
    const up = request(
      { host: '127.0.0.1', port: port(), method: req.method, path: req.url, headers: req.headers },
      (r) => (res.writeHead(r.statusCode ?? 502, r.headers), r.pipe(res)),
    );
    // what ngrok answers when nothing listens on the port it forwards to
    up.on('error', () => res.writeHead(502, { 'content-type': 'text/plain' }).end('ERR_NGROK_8012: upstream refused'));
    req.pipe(up);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** A port nothing listens on (for the moment). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  gateway = await startReference('greenleaves', 'gateway');
  target = await forwarder(() => Number(new URL(gateway.url).port), '/__paycert');
});
afterAll(async () => {
  for (const s of servers) s.close();
  await gateway.close();
});

const CREDS = { PAYCERT_GREENLEAVES_MERCHANT_ID: '123456', PAYCERT_GREENLEAVES_SECRET_KEY: 's3cr3tKey' };
const out = () => mkdtempSync(join(tmpdir(), 'paycert-cbbase-'));
const run = (...args: string[]) => [
  'run',
  '--profile',
  'greenleaves',
  '--target',
  target,
  '--pace',
  '0',
  '--check',
  'gl.cb.result-call',
  ...args,
];
const certTarget = (dir: string) => JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')).profiles[0].target;
const rules = (dir: string) =>
  (
    JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')).profiles[0].rules as Array<{
      id: string;
      verdict: string;
      reason: string;
    }>
  ).filter((r) => r.verdict !== 'skipped');

test('a tunnel that keeps the public path prefix (/hooks/cb/…) reaches the checks: the callback rules pass', async () => {
  const port = await freePort();
  const tunnel = await forwarder(() => port);
  const dir = out();
  const r = await inProcess(
    run('--callback-base', `${tunnel}/hooks`, '--listen-port', String(port), '--out', dir),
    CREDS,
  );
  expect(r, JSON.stringify(rules(dir))).toEqual({ code: 0, line: '' });
  const judged = rules(dir);
  expect(judged.map((x) => x.id)).toContain('GL-CB-01');
  expect(judged.filter((x) => x.verdict !== 'passed')).toEqual([]);
  expect(certTarget(dir).callbacks).toBe(`${tunnel}/hooks (reached before the checks)`);
});

test('a tunnel that reaches no listener: the callback rules are inconclusive, naming the tunnel; none failed', async () => {
  const port = await freePort();
  const tunnel = await forwarder(() => port); // the tunnel forwards to this port …
  const dir = out();
  const wrong = await freePort(); // … while paycert listens here
  const r = await inProcess(run('--callback-base', tunnel, '--listen-port', String(wrong), '--out', dir), CREDS);
  expect(r.code).toBe(3); // nothing could be judged
  expect(certTarget(dir).callbacks).toMatch(/^http:\/\/127\.0\.0\.1:\d+ \(not reached before the checks: /);
  const judged = rules(dir);
  expect(judged.find((x) => x.id === 'GL-CB-01')).toMatchObject({ verdict: 'inconclusive' });
  expect(judged.filter((x) => x.verdict !== 'inconclusive')).toEqual([]);
  expect(judged[0]!.reason).toMatch(
    new RegExp(
      `a request to --callback-base \\(${tunnel}/cb/[0-9a-f]{12}/probe\\) did not reach paycert's listener on 127\\.0\\.0\\.1:${wrong}: it was answered HTTP 502 by something else`,
    ),
  );
});

test('--callback-base without --listen-port, or with a port that is taken, is a usage error', async () => {
  expect(await inProcess(run('--callback-base', 'https://hooks.example', '--out', out()), CREDS)).toEqual({
    code: 2,
    line: 'paycert: --callback-base needs --listen-port: the local port its tunnel forwards to',
  });
  const taken = Number(new URL(target).port);
  expect(
    await inProcess(
      run('--callback-base', 'https://hooks.example', '--listen-port', String(taken), '--out', out()),
      CREDS,
    ),
  ).toEqual({ code: 2, line: `paycert: --listen-port ${taken} is taken by another process on 127.0.0.1` });
});
