// Probe 23's Java g2g shop. (1) It answered every "rejected" with its signed XML but HTTP 500 and passed
// everything: seed 001 has the gateway call a result_url answered "не со статусом 200" again, and on a
// later call the shop may no longer refuse ("в последующих вызовах Result URL не позволяет магазину
// отказаться от платежа"), so it never refuses a payment. A refusal counts only answered HTTP 200:
// GL-MCB-01 (the answer's form), GL-MCB-13, GL-MCB-18 and GL-MCB-19 (the refusals it must give) fail;
// check_url's refusals stay refusals (no answer there is one too, digest §3.6). (2) A check_url verifying
// with result_url's script name was reported "pg_status=error" only: the reason now says which name it
// takes. (3) A blank pg_description of a rejection was reported missing.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

async function judged(defects: string[], checks: string[]) {
  const h = await startReference('greenleaves', 'merchant', defects);
  started.push(h);
  return judgeChecks('greenleaves', checks, subjectOf(h, 'merchant'));
}

const outcome = (r: { results: Array<{ id: string; ruleOutcomes: Record<string, string> }> }, id: string) =>
  r.results.find((x) => x.id === id)!.ruleOutcomes;
/** The failure messages of `rule` in check `id` (a warning's too), one a line. */
const reason = (
  r: { results: Array<{ id: string; failures: Array<{ rule: string; message: string }> }> },
  id: string,
  rule: string,
) =>
  r.results
    .find((x) => x.id === id)!
    .failures.filter((f) => f.rule === rule)
    .map((f) => f.message)
    .join('\n');

test('rejections answered HTTP 500 fail GL-MCB-01, GL-MCB-13, GL-MCB-18 and GL-MCB-19; check_url refusals so answered pass GL-MCB-12', async () => {
  const r = await judged(
    ['rejects-with-500'],
    ['gl.merchant.can-reject', 'gl.merchant.other-amount', 'gl.merchant.check-url'],
  );
  expect(outcome(r, 'gl.merchant.can-reject'), r.shown).toMatchObject({
    'GL-MCB-01': 'failed',
    'GL-MCB-13': 'failed',
    'GL-MCB-18': 'failed',
    'GL-MCB-05': 'passed',
    'GL-MCB-16': 'passed',
    'GL-MCB-24': 'passed',
  });
  expect(outcome(r, 'gl.merchant.other-amount')['GL-MCB-19'], r.shown).toBe('failed');
  expect(outcome(r, 'gl.merchant.check-url')['GL-MCB-12'], r.shown).toBe('passed');
  expect(reason(r, 'gl.merchant.can-reject', 'GL-MCB-13'), r.shown).toMatch(
    /answered HTTP 500 with pg_status=rejected .*calls again.*не позволяет магазину отказаться/,
  );
});

test('the reference (rejections answered HTTP 200) passes those rules', async () => {
  const r = await judged([], ['gl.merchant.can-reject', 'gl.merchant.other-amount']);
  expect(outcome(r, 'gl.merchant.can-reject'), r.shown).toMatchObject({
    'GL-MCB-01': 'passed',
    'GL-MCB-13': 'passed',
    'GL-MCB-18': 'passed',
  });
  expect(outcome(r, 'gl.merchant.other-amount')['GL-MCB-19'], r.shown).toBe('passed');
});

test('a check_url verifying with result_url\'s script name: GL-MCB-12 fails, the reason names "result"', async () => {
  const r = await judged(['check-verifies-as-result'], ['gl.merchant.check-url']);
  expect(outcome(r, 'gl.merchant.check-url')['GL-MCB-12'], r.shown).toBe('failed');
  expect(reason(r, 'gl.merchant.check-url', 'GL-MCB-12'), r.shown).toMatch(
    /the same check signed with the script name "result" ok: .*verifies calls with "result".*not with "check"/,
  );
});

test('a rejection with a blank pg_description is said to have a blank one, not none', async () => {
  const r = await judged(['rejects-with-blank-reason'], ['gl.merchant.can-reject']);
  expect(outcome(r, 'gl.merchant.can-reject')['GL-MCB-16'], r.shown).toBe('failed');
  expect(reason(r, 'gl.merchant.can-reject', 'GL-MCB-16'), r.shown).toMatch(/rejected with a blank pg_description " "/);
});

// Review of probe 23: a bare HTTP 500 (no XML) to a call of another amount passed GL-MCB-19 while the same
// refusal in XML with HTTP 500 failed it. Seed 001 goes by the status ("не со статусом 200"): any answer
// not HTTP 200 is called again, and then the shop may no longer refuse.
test('rejections answered a bare HTTP 500 fail GL-MCB-13, GL-MCB-18 and GL-MCB-19 alike', async () => {
  const r = await judged(['rejects-with-bare-500'], ['gl.merchant.can-reject', 'gl.merchant.other-amount']);
  expect(outcome(r, 'gl.merchant.can-reject'), r.shown).toMatchObject({ 'GL-MCB-13': 'failed', 'GL-MCB-18': 'failed' });
  expect(outcome(r, 'gl.merchant.other-amount')['GL-MCB-19'], r.shown).toBe('failed');
  expect(reason(r, 'gl.merchant.other-amount', 'GL-MCB-19'), r.shown).toMatch(/HTTP 500.*calls again/);
});
