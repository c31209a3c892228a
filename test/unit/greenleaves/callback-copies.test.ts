// Found by probe16 (CB-dup-gl): an edge in front of paycert's listener delivered each result_url call twice,
// byte for byte (the same pg_salt and pg_sig), and relayed the answer to the second. paycert counted the copy
// as a call of the gateway's: GL-CB-06 (MUST) failed "the retry after a failed first call allows rejection
// (pg_can_reject=1)" on the first call's copy, GL-CB-05 (MUST) "29 minutes after the first call there were 2
// calls, want 1", GL-CB-10 "2 calls after a first call answered with HTTP 200", and GL-CB-09 was
// inconclusive. A repeat by the gateway comes half an hour later (seed 001): a call that comes again with
// every byte the same before then is a copy made on the way, counted once and noted.
import { afterAll, beforeAll, expect, test } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { Listener } from '../../../src/harness/listener.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

let h: SandboxHandle;
let edge: http.Server;
let edgeUrl: string;
let lateEdge: http.Server;
let lateEdgeUrl: string;
let listenPort: number;

/** POST the request to the listener as it came; the listener's answer */
function forward(
  req: http.IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const up = http.request(
      { host: '127.0.0.1', port: listenPort, method: req.method, path: req.url, headers: req.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    up.on('error', reject);
    up.end(body);
  });
}

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  // the listener is one per process: its port, learnt from a route opened and closed again
  const probe = await Listener.open(new EvidenceLog(), {});
  listenPort = Number(new URL(probe.url('x')).port);
  probe.close();
  // the edge: every call delivered twice, byte for byte, the answer to the second relayed
  edge = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        await forward(req, body);
        const second = await forward(req, body);
        const { 'content-length': _l, 'transfer-encoding': _t, connection: _c, ...headers } = second.headers;
        res.writeHead(second.status, headers).end(second.body);
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  // an edge that relays the answer to the first delivery at once and delivers its copy of a call just
  // before the next call (a queue retrying on its own): the reference has its answer, and its clock move
  // has ended, before the copy comes (as when it gives up waiting for a slow edge on a loaded machine)
  const held: Array<() => Promise<unknown>> = [];
  lateEdge = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        for (const copy of held.splice(0)) await copy();
        const first = await forward(req, body);
        const { 'content-length': _l, 'transfer-encoding': _t, connection: _c, ...headers } = first.headers;
        res.writeHead(first.status, headers).end(first.body);
        held.push(() => forward(req, body));
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  for (const s of [edge, lateEdge]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  edgeUrl = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`;
  lateEdgeUrl = `http://127.0.0.1:${(lateEdge.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of [edge, lateEdge]) {
    s?.closeAllConnections();
    s?.close();
  }
  await h?.close();
});

test('byte-identical copies of the calls are counted once: no callback rule fails or stays undecided', async () => {
  const { results, shown } = await judgeChecks(
    'greenleaves',
    [
      'gl.cb.result-call',
      'gl.cb.first-retry',
      'gl.cb.retry-schedule',
      'gl.cb.retry-after-lifetime',
      'gl.cb.no-retry-after-200',
      'gl.cb.reject',
      'gl.cb.late-reject-ignored',
    ],
    { ...subjectOf(h, 'gateway'), callbackBase: edgeUrl, listenPort },
  );
  const notPassed = results.flatMap((r) =>
    Object.entries(r.ruleOutcomes)
      .filter(([, o]) => o === 'failed' || o === 'inconclusive')
      .map(([rule, o]) => `${r.id} ${rule} ${o}`),
  );
  expect(notPassed, shown).toEqual([]);
  // the copies are named in the evidence
  const noted = results.flatMap((r) => r.notes).filter((n) => /a copy made on the way/.test(n));
  expect(noted.length, shown).toBeGreaterThan(0);
  expect(noted[0]).toMatch(/came again byte for byte \(the same pg_salt and pg_sig\)/);
});

test('a copy the edge delivers after the reference had its answer (its clock move ended) is counted once', async () => {
  const { results, shown } = await judgeChecks('greenleaves', ['gl.cb.retry-schedule', 'gl.cb.no-retry-after-200'], {
    ...subjectOf(h, 'gateway'),
    callbackBase: lateEdgeUrl,
    listenPort,
  });
  const notPassed = results.flatMap((r) =>
    Object.entries(r.ruleOutcomes)
      .filter(([, o]) => o !== 'passed')
      .map(([rule, o]) => `${r.id} ${rule} ${o}`),
  );
  expect(notPassed, shown).toEqual([]);
  const noted = results.flatMap((r) => r.notes).filter((n) => /a copy made on the way/.test(n));
  expect(noted.length, shown).toBeGreaterThan(0);
});
