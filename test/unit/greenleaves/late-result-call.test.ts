// Found by probe16 (free-cb_delay75): a gateway calling result_url 75 s after a failed payment failed GL-CB-01
// (MUST) "result_url was not called after a failed payment" when paycert's wait (60 s) ran out, though seed 001
// names no deadline ("После приема оплаты … или при невозможности совершить платеж Greenleavespay вызывает Result
// URL магазина"). The wait running out now fails GL-CB-19 (INFERRED: a warning against a real target) and leaves
// GL-CB-01 inconclusive; with --slow paycert waits through the retry schedule and judges the call that came. A
// reference's clock tells a late call (GL-CB-19 only) from none (GL-CB-01 too).
import { afterAll, expect, test } from 'vitest';
import { realSubjectOf, startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

const handles: SandboxHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

const failureCall = checks.find((c) => c.id === 'gl.cb.failure-call')!;

async function judge(variants: string[], defects: string[], as: 'real' | 'real --slow' | 'reference') {
  const h = await startReference('greenleaves', 'gateway', defects, variants);
  handles.push(h);
  // a reference judged as a real target waits 5 s for a call; the variant calls 8 s after the payment failed
  const subject =
    as === 'reference' ? subjectOf(h, 'gateway') : { ...realSubjectOf(h, 'gateway'), slow: as === 'real --slow' };
  const r = await runCheck(failureCall, subject, { seed: 1, plan: 'full' });
  return { outcomes: r.ruleOutcomes, why: JSON.stringify([r.reason, r.ruleReasons, r.notes]), reasons: r.ruleReasons };
}

test('a call later than the wait, against a real target: GL-CB-19 fails, GL-CB-01 is inconclusive (no deadline)', async () => {
  const { outcomes, reasons, why } = await judge(['failure-call-after-wait'], [], 'real');
  expect(outcomes['GL-CB-19'], why).toBe('failed');
  expect(outcomes['GL-CB-01'], why).toBe('inconclusive');
  expect(reasons?.['GL-CB-01'], why).toMatch(
    /no result_url call within 5 s of a failed payment \(the seed names no deadline/,
  );
  expect(outcomes['GL-CB-04'], why).toBe('inconclusive');
});

test('with --slow the late call is waited for: GL-CB-01, GL-CB-04 and GL-CB-12 are judged on it', async () => {
  const { outcomes, why } = await judge(['failure-call-after-wait'], [], 'real --slow');
  expect(outcomes, why).toMatchObject({
    'GL-CB-19': 'failed',
    'GL-CB-01': 'passed',
    'GL-CB-04': 'passed',
    'GL-CB-12': 'passed',
  });
});

test("on a reference's clock, a call 75 s late fails GL-CB-19 only; no call at all fails GL-CB-01 too", async () => {
  const late = await judge([], ['late-failure-call'], 'reference');
  expect(late.outcomes, late.why).toMatchObject({
    'GL-CB-19': 'failed',
    'GL-CB-01': 'passed',
    'GL-CB-04': 'passed',
    'GL-CB-12': 'passed',
  });
  const never = await judge([], ['no-failure-callback'], 'reference');
  expect(never.outcomes, never.why).toMatchObject({ 'GL-CB-19': 'failed', 'GL-CB-01': 'failed' });
});
