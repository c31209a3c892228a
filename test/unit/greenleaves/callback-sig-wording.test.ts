// Found by probe16 (CB-amount-gl, CB-cur-gl): an edge in front of paycert's listener changed pg_amount (or
// pg_currency) in the gateway's calls, pg_sig left as it was. GL-CB-03 read "pg_sig does not verify with the
// script name "pay-result"" and GL-CB-11 "not signed with the script name "pay-check"": a wrong script name
// blamed where a value was changed (GL-CB-18 names that). A pg_sig that verifies with no name paycert tries
// does not verify over the values received; a name is blamed only where the pg_sig verifies with it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { Listener } from '../../../src/harness/listener.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { checkOnReference, closeReferences, judgeChecks } from '../harness/judge-checks.ts';

let h: SandboxHandle;
let listenPort: number;
const started: Array<{ close: () => void }> = [];

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  // the listener is one per process: its port, learnt from a route opened and closed again
  const probe = await Listener.open(new EvidenceLog(), {});
  listenPort = Number(new URL(probe.url('x')).port);
  probe.close();
});
afterAll(async () => {
  for (const p of started) p.close();
  await h?.close();
  await closeReferences();
});

/** The reference whose calls to paycert pass an edge that rewrites their bodies with `rewrite`. */
async function behindEdge(rewrite: (body: string) => string) {
  const edge = await requestRewritingProxy(`http://127.0.0.1:${listenPort}`, (_req, body) => rewrite(body));
  started.push(edge);
  return { ...subjectOf(h, 'gateway'), callbackBase: edge.url, listenPort };
}

const amountUp = (body: string) =>
  body.replace(/(name="pg_amount"\r\n\r\n)([0-9.]+)/, (_, a: string, v: string) => a + String(Number(v) + 1));

test('a call whose amount was changed on the way: its pg_sig does not verify over the values received, no script name blamed', async () => {
  const { results, shown } = await judgeChecks(
    'greenleaves',
    ['gl.cb.result-call', 'gl.cb.check-url'],
    await behindEdge(amountUp),
  );
  const failed = results.flatMap((r) => r.failures.map((f) => `${f.rule}: ${f.message}`));
  const of = (rule: string) => failed.filter((f) => f.startsWith(`${rule}:`)).join('\n');
  expect(of('GL-CB-18'), shown).toMatch(/pg_amount="501.5" in the result_url call, the payment sent "500.50"/);
  for (const rule of ['GL-CB-03', 'GL-CB-11']) {
    expect(of(rule), shown).toMatch(/pg_sig does not verify over the values received/);
    expect(of(rule), shown).not.toMatch(/(not signed|does not verify) with the script name/);
  }
});

test.each([
  [
    'callback-script-result',
    'gl.cb.result-call',
    'GL-CB-03',
    /pg_sig verifies with the script name "result", not with "pay-result" \(the last segment of the result_url\)/,
  ],
  [
    'callback-wrong-script-name',
    'gl.cb.result-call',
    'GL-CB-03',
    /pg_sig verifies with the script name "result_url", not with "pay-result"/,
  ],
  [
    'check-script-check',
    'gl.cb.check-url',
    'GL-CB-11',
    /pg_sig verifies with the script name "check", not with "pay-check" \(the last segment of the check_url\)/,
  ],
])('%s: the call is blamed on the script name it verifies with', async (defect, id, rule, why) => {
  const r = await checkOnReference('greenleaves', [defect], id);
  expect(r.ruleOutcomes[rule], r.why).toBe('failed');
  expect(r.failures.find((f) => f.rule === rule)?.message, r.why).toMatch(why);
});
