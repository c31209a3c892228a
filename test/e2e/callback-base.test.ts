// A real gateway reaches paycert's callback listener through a tunnel (ngrok, cloudflared, a reverse
// proxy: --callback-base is its public URL, --listen-port the local port it forwards to). A tunnel
// that forwards the public URL's path prefix as it is must still reach the checks; one that forwards
// nowhere must leave the gateway's callback rules unjudged, not failed: GL-CB-01 (MUST) failed on a
// conformant gateway when the tunnel pointed at the wrong port.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { freePort } from './serve.ts';
import { passOn, startFront } from '../front.ts';
import { inProcess, realRun, referenceEnv } from './cli.ts';

const fronts: Array<Awaited<ReturnType<typeof startFront>>> = [];
let gateway: Awaited<ReturnType<typeof startReference>>;
let target = '';

/** A tunnel to 127.0.0.1:port, the path kept as it came (502 when nothing listens there, as ngrok's
 *  ERR_NGROK_8012); `hide` paths answered 404 (a reference's /__paycert, so that the gateway is
 *  judged as a real one). */
async function forwarder(port: number, hide?: string): Promise<string> {
  const f = await startFront((req, body, res) =>
    hide && req.url?.startsWith(hide)
      ? void res.writeHead(404).end()
      : passOn(`http://127.0.0.1:${port}`, req, body, res),
  );
  fronts.push(f);
  return f.url;
}

beforeAll(async () => {
  gateway = await startReference('greenleaves', 'gateway');
  target = await forwarder(Number(new URL(gateway.url).port), '/__paycert');
});
afterAll(async () => {
  for (const f of fronts) f.close();
  await gateway.close();
});

const CREDS = referenceEnv('greenleaves');
const out = () => mkdtempSync(join(tmpdir(), 'paycert-cbbase-'));
const run = (...args: string[]) => realRun('greenleaves', target, '--check', 'gl.cb.result-call', ...args);
/** The run's certificate for the gateway: its target, and the rules that were not skipped. */
function certificate(dir: string) {
  const p = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')).profiles[0] as {
    target: { callbacks?: string };
    rules: Array<{ id: string; verdict: string; reason: string }>;
  };
  return { target: p.target, judged: p.rules.filter((r) => r.verdict !== 'skipped') };
}

test('a tunnel that keeps the public path prefix (/hooks/cb/…) reaches the checks: the callback rules pass', async () => {
  const port = await freePort();
  const tunnel = await forwarder(port);
  const dir = out();
  const r = await inProcess(
    run('--callback-base', `${tunnel}/hooks`, '--listen-port', String(port), '--out', dir),
    CREDS,
  );
  const { target: reached, judged } = certificate(dir);
  expect(r, JSON.stringify(judged)).toEqual({ code: 0, line: '' });
  expect(judged.map((x) => x.id)).toContain('GL-CB-01');
  expect(judged.filter((x) => x.verdict !== 'passed')).toEqual([]);
  expect(reached.callbacks).toBe(`${tunnel}/hooks (reached before the checks)`);
});

test('a tunnel that reaches no listener: the callback rules are inconclusive, naming the tunnel; none failed', async () => {
  const port = await freePort();
  const tunnel = await forwarder(port); // the tunnel forwards to this port …
  const dir = out();
  const wrong = await freePort(); // … while paycert listens here
  const r = await inProcess(run('--callback-base', tunnel, '--listen-port', String(wrong), '--out', dir), CREDS);
  expect(r.code).toBe(3); // nothing could be judged
  const { target: reached, judged } = certificate(dir);
  expect(reached.callbacks).toMatch(/^http:\/\/127\.0\.0\.1:\d+ \(not reached before the checks: /);
  expect(judged.find((x) => x.id === 'GL-CB-01')).toMatchObject({ verdict: 'inconclusive' });
  expect(judged.filter((x) => x.verdict !== 'inconclusive')).toEqual([]);
  expect(judged[0]!.reason).toMatch(
    new RegExp(
      `a request to --callback-base \\(${tunnel}/cb/[0-9a-f]{12}/probe\\) did not reach paycert's listener on 127\\.0\\.0\\.1:${wrong}: it was answered HTTP 502 by something else`,
    ),
  );
});

test('--callback-base without --listen-port, a port that is taken, or --listen-port alone against another host, is a usage error', async () => {
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
  // a gateway on another host cannot call 127.0.0.1: the port alone would leave every callback check
  // skipped, as if no port had been given (nothing is sent: the host need not exist)
  expect(
    await inProcess(
      realRun('greenleaves', 'https://test.gateway.invalid', '--listen-port', '47001', '--out', out()),
      CREDS,
    ),
  ).toEqual({
    code: 2,
    line: "paycert: --listen-port needs --callback-base against test.gateway.invalid: the public URL a tunnel forwards to 127.0.0.1:47001, which the gateway's calls reach",
  });
});
