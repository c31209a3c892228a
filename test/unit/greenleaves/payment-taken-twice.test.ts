// Found by probe20 (hostile-proxy, `./run.sh gl-retry-post greenleaves retry-post 1`): an edge sending each
// POST twice upstream made two payments of every order, and the gateway called result_url once for each.
// paycert read the second payment's first call as a retry of the first payment's call: GL-CB-06 "the retry
// after a failed first call allows rejection (pg_can_reject=1)", GL-CB-07 "the retry carries other payment
// data than the first call", GL-CB-10 "2 calls after a first call answered with HTTP 200", GL-CB-05 "29
// minutes after the first call there were 2 calls, want 1", and GL-CB-02 "pg_payment_id … is not the
// payment's …" on the other payment's call. The calls carry different pg_payment_ids: retries are judged
// within one payment. No rule of the seed forbids a second payment of an order (it asks nothing of one
// payment per request), so the other payment's calls are not judged: the retry rules pass on the payment's
// own calls, marked partly with why (the defect payment-taken-twice fails GL-OPS-01 alone, greenleaves.test.ts).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

let h: SandboxHandle;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway', ['payment-taken-twice']);
});

afterAll(async () => {
  await h?.close();
});

const RETRY_RULES = ['GL-CB-05', 'GL-CB-06', 'GL-CB-07', 'GL-CB-09', 'GL-CB-10'];

test('a payment request taken twice: no callback rule is failed, the retry rules are judged per payment', async () => {
  const { results, shown } = await judgeChecks(
    'greenleaves',
    [
      'gl.cb.result-call',
      'gl.cb.first-retry',
      'gl.cb.retry-schedule',
      'gl.cb.no-retry-after-200',
      'gl.cb.reject',
      'gl.cb.late-reject-ignored',
    ],
    subjectOf(h, 'gateway'),
  );
  const notPassed = results.flatMap((r) =>
    Object.entries(r.ruleOutcomes)
      .filter(([, o]) => o === 'failed' || o === 'inconclusive')
      .map(([rule, o]) => `${r.id} ${rule} ${o}`),
  );
  expect(notPassed, shown).toEqual([]);
  // the other payment's calls are not judged, and the reason says why
  const partly = new Map<string, string>();
  for (const r of results) for (const [rule, why] of Object.entries(r.partly ?? {})) partly.set(rule, why);
  expect([...partly.keys()].sort(), shown).toEqual(RETRY_RULES);
  for (const why of partly.values())
    expect(why).toMatch(/^calls for 2 payments of order \S+: the request was taken more than once/);
  // the result_url call judged is the payment's own; the other payment's is named in the evidence
  const call = results.find((r) => r.id === 'gl.cb.result-call')!;
  expect(call.notes.join('\n'), shown).toMatch(
    /the request was taken more than once; the payment's own call is judged/,
  );
});
