// A probe's Jysan SDK with two bugs (P_SIGN over the wrong order, CURRENCY=398): the form check's
// property stopped at its first failing case (JY-SDK-01), and JY-SDK-09, asserted in the cases before
// it only, was certified passed; with a form sent by GET, the check stopped at JY-SDK-11 and JY-SDK-01
// (MUST), never reached, read "skipped" as if not applicable. A rule a check stopped judging at another
// rule's failure is undecided: inconclusive, its reason naming the failure to fix first.
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { runCheck } from '../../../src/harness/runner.ts';
import type { Check, CheckContext } from '../../../src/harness/check.ts';
import { offlineSubject } from './offline-check.ts';

const subject = offlineSubject('real', true);
const check = (run: (t: CheckContext) => Promise<void>): Check => ({
  id: 'test.form',
  title: 't',
  profile: 'jysan',
  subject: 'gateway',
  area: 'x',
  rules: ['JY-SDK-01', 'JY-SDK-08', 'JY-SDK-09', 'JY-SDK-11'],
  run,
});
const judge = (c: Check, on = subject) => runCheck(c, on, { seed: 1, plan: 'full', runs: 20 });

test('a rule asserted in the cases before a property stopped at another rule is not passed', async () => {
  const r = await judge(
    check(async (t) => {
      await t.property('JY-SDK-01', fc.nat(100), async (n) => {
        t.expect('JY-SDK-09', true, 'format');
        t.expect('JY-SDK-01', n < 5, 'signature');
        t.expect('JY-SDK-11', true, 'address');
      });
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({
    'JY-SDK-01': 'failed',
    'JY-SDK-09': 'inconclusive',
    'JY-SDK-11': 'inconclusive',
  });
  expect(r.ruleReasons?.['JY-SDK-09']).toBe(
    'test.form stopped at the failure of JY-SDK-01 before judging JY-SDK-09 on all of its cases: not judged; fix JY-SDK-01 and run again',
  );
});

test('a rule a hard failure kept the check from reaching is inconclusive, not skipped', async () => {
  const r = await judge(
    check(async (t) => {
      t.require('JY-SDK-11', false, 'sent by GET');
      t.expect('JY-SDK-01', true, 'signature');
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({
    'JY-SDK-01': 'inconclusive',
    'JY-SDK-09': 'inconclusive',
    'JY-SDK-11': 'failed',
  });
  expect(r.ruleReasons?.['JY-SDK-01']).toMatch(
    /^test\.form stopped at the failure of JY-SDK-11 before judging JY-SDK-01/,
  );
});

test('rules judged in full stay passed: a property that ran every case, a soft failure elsewhere', async () => {
  const r = await judge(
    check(async (t) => {
      await t.property('JY-SDK-09', fc.nat(100), async () => {
        t.expect('JY-SDK-09', true, 'format');
      });
      // a soft assertion outside a property: the check goes on
      t.expect('JY-SDK-11', false, 'sent by GET');
      await t.property('JY-SDK-01', fc.nat(100), async () => {
        t.expect('JY-SDK-01', true, 'signature');
      });
      t.require('JY-SDK-11', false, 'and again');
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({ 'JY-SDK-01': 'passed', 'JY-SDK-09': 'passed', 'JY-SDK-11': 'failed' });
});

// a gateway answering a violation with its field's own code (allowed by the seed, an INFERRED rule
// warned) left every MUST of the field checks undecided when any failure cut them short: only a
// failure that fails the run does; against a reference every rule's does
test('a warning (an INFERRED rule broken by a real target) does not leave the rules it cut short undecided', async () => {
  const c = check(async (t) => {
    await t.property('JY-SDK-08', fc.nat(100), async (n) => {
      t.expect('JY-SDK-09', true, 'format');
      t.expect('JY-SDK-08', n < 5, 'uppercase hex');
    });
  });
  expect((await judge(c)).ruleOutcomes).toMatchObject({ 'JY-SDK-08': 'failed', 'JY-SDK-09': 'passed' });
  const reference = await judge(c, offlineSubject('reference', true));
  expect(reference.ruleOutcomes).toMatchObject({ 'JY-SDK-08': 'failed', 'JY-SDK-09': 'inconclusive' });
});
