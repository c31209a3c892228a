// --listen-port is held by the run from the check before the run to its end: another process (a second
// run given the same port) cannot take it in between. Probe 22: the port let go after the pre-run check
// was taken by a parallel run, and every callback check was inconclusive with "internal error of
// paycert … listen EADDRINUSE" (and a result_url refused for a minute was read as "not called").
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { freePort } from './serve.ts';
import { passOn, startFront } from '../front.ts';
import { inProcess, realRun, referenceEnv } from './cli.ts';

/** Whether something listens on 127.0.0.1:`port`. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

/** Another process's server that takes `port` as soon as it is free (a second run on that port), and
 *  answers every call 404, as that run's listener answers a route of no check of its own. */
function thief(port: number): { took: () => boolean; stop: () => void } {
  let server: Server | undefined;
  let trying = false;
  const timer = setInterval(() => {
    if (server || trying) return;
    trying = true;
    const s = createServer((_, res) => void res.writeHead(404).end());
    s.once('error', () => (trying = false));
    s.listen(port, '127.0.0.1', () => ((server = s), (trying = false)));
  }, 1);
  return { took: () => server !== undefined, stop: () => (clearInterval(timer), server?.close()) };
}

test('a second process waiting for --listen-port never gets it during the run: the callback rules are judged', async () => {
  const h = await startReference('greenleaves-v5', 'gateway');
  // the gateway judged as a real one: its control API hidden
  const target = await startFront((req, body, res) =>
    req.url?.startsWith('/__paycert') ? void res.writeHead(404).end() : passOn(h.url, req, body, res),
  );
  const port = await freePort();
  const tunnel = await startFront((req, body, res) => passOn(`http://127.0.0.1:${port}`, req, body, res));
  const dir = mkdtempSync(join(tmpdir(), 'paycert-held-'));
  const started = inProcess(
    realRun(
      'greenleaves-v5',
      target.url,
      '--check',
      'v5.cb.result-call',
      '--callback-base',
      tunnel.url,
      '--listen-port',
      String(port),
      '--out',
      dir,
    ),
    referenceEnv('greenleaves-v5'),
  );
  // once the run listens there (its pre-run check), the thief waits for the port to be let go
  while (!(await listening(port))) await new Promise((r) => setTimeout(r, 2));
  const other = thief(port);
  try {
    const r = await started;
    const rules = (
      JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')).profiles[0] as {
        rules: Array<{ id: string; verdict: string; reason: string }>;
      }
    ).rules.filter((x) => x.verdict !== 'skipped');
    expect(
      rules.filter((x) => x.verdict !== 'passed').map((x) => `${x.id} ${x.verdict}: ${x.reason}`),
      `exit ${r.code} ${r.line}`,
    ).toEqual([]);
    expect(rules.map((x) => x.id)).toContain('V5-CB-01');
    expect(other.took()).toBe(false);
  } finally {
    other.stop();
    target.close();
    tunnel.close();
    await h.close();
  }
});
