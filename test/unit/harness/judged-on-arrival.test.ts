// GL-SIG-11 (every reply of a known merchant verifies) is judged on each g2g reply as it arrives, in every
// gateway check (suites/greenleaves/support.ts). A check that could not judge its own rules (a method not
// enabled for the shop: inconclusive; a saved-card URL not served: skipped; a hard assertion of another
// rule) left the replies it had judged undecided, and GL-SIG-11 inconclusive on every real target with one
// such method. A rule judged on arrival keeps what the check judged of it; a check that judged no reply
// leaves it as before.
import { expect, test } from 'vitest';
import { runCheck } from '../../../src/harness/runner.ts';
import type { Check, CheckContext } from '../../../src/harness/check.ts';
import { offlineSubject } from './offline-check.ts';

const check = (run: (t: CheckContext) => Promise<void>): Check => ({
  id: 'test.replies',
  title: 't',
  profile: 'greenleaves',
  subject: 'gateway',
  area: 'x',
  rules: ['GL-SIG-11', 'GL-OPS-05'],
  run,
});
const judge = (c: Check) => runCheck(c, offlineSubject('real', true), { seed: 1, plan: 'full', runs: 5 });

/** a reply judged as it arrived, then whatever the check does next */
const judgedThen = (next: (t: CheckContext) => void) =>
  check(async (t) => {
    t.judgedOnArrival('GL-SIG-11');
    t.expect('GL-SIG-11', true, '');
    next(t);
  });

test.each([
  ['inconclusive', (t: CheckContext) => t.inconclusive('refund is not enabled for this shop'), 'inconclusive'],
  ['skipped', (t: CheckContext) => t.skip('the saved-card URL is not served'), 'skipped'],
  ['ended by a hard assertion', (t: CheckContext) => t.require('GL-OPS-05', false, 'refused'), 'failed'],
] as const)('a check %s keeps the replies it judged on arrival', async (_, next, other) => {
  const r = await judge(judgedThen(next));
  expect(r.ruleOutcomes['GL-SIG-11'], JSON.stringify(r.ruleReasons)).toBe('passed');
  expect(r.ruleOutcomes['GL-OPS-05']).toBe(other);
});

test('a reply that failed stays failed; a check that judged no reply is not passed', async () => {
  const bad = await judge(
    check(async (t) => {
      t.judgedOnArrival('GL-SIG-11');
      t.expect('GL-SIG-11', false, 'pg_sig does not verify');
      t.inconclusive('then nothing more');
    }),
  );
  expect(bad.ruleOutcomes['GL-SIG-11']).toBe('failed');
  const none = await judge(
    check(async (t) => {
      t.judgedOnArrival('GL-SIG-11');
      t.inconclusive('no reply came');
    }),
  );
  expect(none.ruleOutcomes['GL-SIG-11']).toBe('inconclusive');
});

// A check of its own rule judged on arrival (an SDK's secret-in-answers, which drives it into its error
// paths) that ended before the rest of its plan judged the rule on part of it: passed, marked partly with
// why. A check citing the rule only for what arrives (Check.arrivalRules) judged all that arrived.
// (probe 21: an adapter exiting on the error paths left V5-SDK-20 passed in full.)
test('a check of its own arrival rule that ended early passes it partly, saying why', async () => {
  const r = await judge(judgedThen((t) => t.inconclusive('the SDK adapter exited')));
  expect(r.ruleOutcomes['GL-SIG-11']).toBe('passed');
  expect(r.partly?.['GL-SIG-11']).toMatch(/only on what arrived before the check ended \(the SDK adapter exited\)/);
  const aborted = await judge(judgedThen((t) => t.require('GL-OPS-05', false, 'refused')));
  expect(aborted.partly?.['GL-SIG-11']).toMatch(/stopped at GL-OPS-05/);
  const arrivalOnly = await judge({
    ...judgedThen((t) => t.inconclusive('the SDK adapter exited')),
    arrivalRules: ['GL-SIG-11'],
  });
  expect(arrivalOnly.ruleOutcomes['GL-SIG-11']).toBe('passed');
  expect(arrivalOnly.partly?.['GL-SIG-11']).toBeUndefined();
  const done = await judge(judgedThen(() => undefined));
  expect(done.partly?.['GL-SIG-11']).toBeUndefined();
});
