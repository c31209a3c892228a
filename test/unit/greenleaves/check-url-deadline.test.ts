// A check_url that never answers within the time the gateway waits (digest §3.6: no answer in time is a
// refusal; Platron's 30 s, a reference's 5 s) left GL-MCB-12, -17, -02 inconclusive on a transport
// timeout and the run "passed". GL-MCB-22 (INFERRED) fails when no call of the check is answered in
// time; a single call answered late among others in time stays inconclusive (a loaded machine).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { forwardRequest } from '../harness/request-proxy.ts';

const closing: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  await Promise.all(closing.map((c) => c()));
});

test('a check_url answering no call in time fails GL-MCB-22 only', async () => {
  const h: SandboxHandle = await startReference('greenleaves', 'merchant', ['check-answers-late']);
  closing.push(() => h.close());
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.check-url'], subjectOf(h, 'merchant'));
  const r = results[0]!;
  expect(r.ruleOutcomes, shown).toEqual({
    'GL-MCB-12': 'inconclusive',
    'GL-MCB-17': 'inconclusive',
    'GL-MCB-02': 'inconclusive',
    'GL-MCB-22': 'failed',
    'GL-MCB-03': 'inconclusive',
    // the answers it did give (result_url's, for the precondition) show no secret_key (shopChecks)
    'GL-MCB-25': 'passed',
  });
  expect(r.reason, shown).toMatch(/check_url answered none of its 3 calls within 5 s/);
  expect(r.ruleReasons?.['GL-MCB-12'], shown).toMatch(/GL-MCB-22/);
});

/** The reference's check_url behind a forwarder that leaves the first call unanswered. */
async function firstCheckHangs(h: SandboxHandle): Promise<string> {
  const to = new URL(h.checkUrl!);
  let seen = 0;
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (seen++ === 0) return void held.push(res);
      forwardRequest(to, req, res, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      }).end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closing.push(() => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${to.pathname}`;
}

test('one check_url call answered late among others in time leaves GL-MCB-22 inconclusive', async () => {
  const h: SandboxHandle = await startReference('greenleaves', 'merchant');
  closing.push(() => h.close());
  const subject = { ...subjectOf(h, 'merchant'), checkUrl: await firstCheckHangs(h) };
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.check-url'], subject);
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-MCB-22'], shown).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-MCB-22'], shown).toMatch(/1 of the 3 calls/);
  // the other calls are judged: rejected for an unknown and an expired order
  expect(r.ruleOutcomes['GL-MCB-12'], shown).toBe('passed');
  // the payable order's call got no answer in time: no genuine call taken for a forged one to be judged beside
  expect(r.ruleOutcomes['GL-MCB-03'], shown).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-MCB-03'], shown).toMatch(/check_url took no genuine call for a payable order/);
});
