import { expect, test } from 'vitest';
import fc from 'fast-check';
import { runCheck } from '../../../src/harness/runner.ts';
import type { CheckContext } from '../../../src/harness/check.ts';
import { jysanCheck, offlineSubject } from './offline-check.ts';

const subject = offlineSubject('real');

/** A property over 0..100 judging JY-SIG-01 (JY-SIG-02 never judged) with `body` on each case. */
const check = (body: (t: CheckContext<'jysan'>, n: number) => void) =>
  jysanCheck('test.property-error', ['JY-SIG-01', 'JY-SIG-02'], async (t) => {
    await t.property('JY-SIG-01', fc.integer({ min: 0, max: 100 }), async (n) => body(t, n));
  });

// A stack overflow on a hostile SDK answer failed GL-SDK-01 ("Maximum call stack size exceeded",
// with a counterexample) and left the check's other rules inconclusive: an error no assertion raised
// blames no rule, in a property as outside one
test('an error no assertion raised inside a property blames no rule: the check is inconclusive with it', async () => {
  const c = check((t, n) => {
    if (n > 50) throw new RangeError('Maximum call stack size exceeded');
    t.expect('JY-SIG-01', true, '');
  });
  const r = await runCheck(c, subject, { seed: 3, plan: 'full', runs: 30 });
  expect(r.failures).toEqual([]);
  expect(r.outcome).toBe('inconclusive');
  expect(r.ruleOutcomes).toEqual({ 'JY-SIG-01': 'inconclusive', 'JY-SIG-02': 'inconclusive' });
  expect(r.reason).toMatch(/internal error of paycert in test\.property-error: RangeError: Maximum call stack/);
});

test('an assertion that rejects a case still fails its rule, with the counterexample', async () => {
  const c = check((t, n) => void t.expect('JY-SIG-01', n <= 50, `n = ${n}`));
  const r = await runCheck(c, subject, { seed: 3, plan: 'full', runs: 30 });
  expect(r.ruleOutcomes['JY-SIG-01']).toBe('failed');
  expect(r.failures[0]!.message).toMatch(/^n = 51 — counterexample 51/);
});

// A check drawing a new ORDER for each call (jy.sdk's payment form): the failure quoted the form of
// the shrink's last call (ORDER …400) beside the request of the counterexample's replay (ORDER …401)
test("a property failure's message and the request it quotes are of one call, the counterexample's replay", async () => {
  let calls = 0;
  const c = check((t, n) => {
    calls++;
    t.evidence.add({
      at: new Date().toISOString(),
      direction: 'sent',
      method: 'POST',
      url: `/pay?order=${calls}`,
      requestHeaders: {},
    });
    t.expect('JY-SIG-01', n <= 50, `the form of order ${calls} has n = ${n}`);
  });
  const r = await runCheck(c, subject, { seed: 3, plan: 'full', runs: 30 });
  expect(r.ruleOutcomes['JY-SIG-01']).toBe('failed');
  const m = /^the form of order (\d+) has n = 51 — sent: POST \/pay\?order=(\d+) /.exec(r.failures[0]!.message);
  expect(m, r.failures[0]!.message).not.toBeNull();
  expect(m![1]).toBe(m![2]);
});

// A gateway POSTing the result to the suite's listener while it answers the request: the failure quoted
// that callback ("sent: POST /cb/…/result order=… res_code=21"), received before paycert's own request
// was recorded, as the request paycert sent
test("a property failure quotes the request paycert sent, not a call the subject made to paycert's listener", async () => {
  const c = check((t, n) => {
    const at = new Date().toISOString();
    t.evidence.add({ at, direction: 'received', method: 'POST', url: '/cb/x/result', requestHeaders: {} });
    t.evidence.add({ at, direction: 'sent', method: 'POST', url: `/ecom/api?n=${n}`, requestHeaders: {} });
    t.expect('JY-SIG-01', n <= 50, `n = ${n}`);
  });
  const r = await runCheck(c, subject, { seed: 3, plan: 'full', runs: 30 });
  expect(r.failures[0]!.message).toMatch(/^n = 51 — sent: POST \/ecom\/api\?n=51 /);
});
