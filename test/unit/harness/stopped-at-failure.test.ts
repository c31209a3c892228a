// A probe's Jysan SDK with two bugs (P_SIGN over the wrong order, CURRENCY=398): the form check's
// property stopped at its first failing case (JY-SDK-01), and JY-SDK-09, asserted in the cases before
// it only, was certified passed; with a form sent by GET, the check stopped at JY-SDK-11 and JY-SDK-01
// (MUST), never reached, read "skipped" as if not applicable. A property that stops at a failure now runs
// again with the failed rule muted, so the others are judged on every case; what that cannot judge, or a
// check a hard assertion ended, is undecided: inconclusive, its reason naming the failure to fix first.
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
  rules: ['JY-SDK-01', 'JY-SDK-14', 'JY-SDK-09', 'JY-SDK-11'],
  run,
});
const judge = (c: Check, on = subject) => runCheck(c, on, { seed: 1, plan: 'full', runs: 20 });

test('a property stopped at a failure runs again with that rule muted: the others are judged on every case', async () => {
  let seen = 0;
  const r = await judge(
    check(async (t) => {
      await t.property('JY-SDK-01', fc.nat(100), async (n) => {
        seen++;
        t.expect('JY-SDK-09', true, 'format');
        t.expect('JY-SDK-01', n < 5, 'signature');
        t.expect('JY-SDK-11', n < 1000, 'address');
      });
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({ 'JY-SDK-01': 'failed', 'JY-SDK-09': 'passed', 'JY-SDK-11': 'passed' });
  expect(r.failures.map((f) => f.rule)).toEqual(['JY-SDK-01']);
  // the first run, its shrinking and replay, then all 20 cases again
  expect(seen).toBeGreaterThan(20);
});

test('a second rule failing in the run again is recorded too, and the rest judged after it', async () => {
  const r = await judge(
    check(async (t) => {
      await t.property(
        'JY-SDK-01',
        fc.integer({ min: 0, max: 100 }),
        async (n) => {
          t.expect('JY-SDK-01', n !== 7, 'signature');
          t.expect('JY-SDK-09', n < 50, 'format');
          t.expect('JY-SDK-11', true, 'address');
        },
        { examples: [7] },
      );
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({ 'JY-SDK-01': 'failed', 'JY-SDK-09': 'failed', 'JY-SDK-11': 'passed' });
  expect(r.failures[1]!.message).toMatch(/run again with JY-SDK-01 muted/);
});

test('a rule no case reached past the failed one stays undecided; one asserted before it is judged', async () => {
  const r = await judge(
    check(async (t) => {
      await t.property('JY-SDK-01', fc.nat(100), async () => {
        t.expect('JY-SDK-09', true, 'format');
        t.require('JY-SDK-01', false, 'no form');
        t.expect('JY-SDK-11', true, 'address');
      });
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({ 'JY-SDK-01': 'failed', 'JY-SDK-09': 'passed', 'JY-SDK-11': 'inconclusive' });
  expect(r.ruleReasons?.['JY-SDK-11']).toBe(
    'test.form stopped at the failure of JY-SDK-01 before judging JY-SDK-11 on all of its cases: not judged; fix JY-SDK-01 and run again',
  );
});

// what follows a muted rule's failure may rest on it (a refused payment is no card page): that case ends
// there, so a rule asserted after it is never failed as its consequence
test('a rule after the failed one is not failed as its consequence in the run again', async () => {
  const r = await judge(
    check(async (t) => {
      await t.property('JY-SDK-01', fc.nat(100), async (n) => {
        const refused = n >= 5;
        t.expect('JY-SDK-01', !refused, 'refused');
        t.expect('JY-SDK-09', !refused, 'no card page');
      });
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({ 'JY-SDK-01': 'failed', 'JY-SDK-09': 'passed' });
  expect(r.failures.map((f) => f.rule)).toEqual(['JY-SDK-01']);
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

// a warning (an INFERRED rule a real target broke) too: the property runs again with it muted, so a
// gateway answering violations with each field's own code has the field checks' MUST rules judged in full
test('a warned rule is muted in the run again as a failed one is', async () => {
  const c = check(async (t) => {
    await t.property('JY-SDK-14', fc.nat(100), async (n) => {
      t.expect('JY-SDK-14', n < 5, 'AMOUNT with three decimals');
      t.expect('JY-SDK-09', true, 'format');
    });
  });
  expect((await judge(c)).ruleOutcomes).toMatchObject({ 'JY-SDK-14': 'failed', 'JY-SDK-09': 'passed' });
  const reference = await judge(c, offlineSubject('reference', true));
  expect(reference.ruleOutcomes).toMatchObject({ 'JY-SDK-14': 'failed', 'JY-SDK-09': 'passed' });
});

// A probe's v5 gateway with refusals of its own form (flat {"error_code", …} with the right HTTP
// statuses): V5-ERR-01 (INFERRED) warned, and V5-ERR-04, asserted after it in every case of a property,
// was inconclusive "stopped at the failure of V5-ERR-01". A soft assertion whose failure is only a
// warning (the seed allows the departure) does not end the case in the run again: the check goes on,
// as it does outside a property. A failure that fails the run still ends it, and so does a hard one.
test('against a real target, a warned soft rule muted in the run again does not end the case', async () => {
  const c = check(async (t) => {
    await t.property('JY-SDK-14', fc.nat(100), async () => {
      t.expect('JY-SDK-14', false, 'AMOUNT with three decimals');
      t.expect('JY-SDK-09', true, 'format');
    });
  });
  const real = await judge(c);
  expect(real.ruleOutcomes).toMatchObject({ 'JY-SDK-14': 'failed', 'JY-SDK-09': 'passed' });
  expect(real.outcome).toBe('failed');
  // against a reference the same failure fails the run: what follows it is not judged on it
  const reference = await judge(c, offlineSubject('reference', true));
  expect(reference.ruleOutcomes).toMatchObject({ 'JY-SDK-14': 'failed', 'JY-SDK-09': 'inconclusive' });
});

test('a warned hard assertion still ends the case in the run again (a precondition stays one)', async () => {
  const r = await judge(
    check(async (t) => {
      await t.property('JY-SDK-14', fc.nat(100), async () => {
        t.require('JY-SDK-14', false, 'no reply to read');
        t.expect('JY-SDK-09', true, 'format');
      });
    }),
  );
  expect(r.ruleOutcomes).toMatchObject({ 'JY-SDK-14': 'failed', 'JY-SDK-09': 'inconclusive' });
});

// A probe's g2g shop with check_url behind a login: gl.merchant.check-url stopped at its hard assertion of
// GL-MCB-17 (INFERRED: a warning against a real target) and left GL-MCB-12 and GL-MCB-22, never judged,
// "skipped" as if not applicable: `--fail-on inconclusive` passed the run. A stop at a warning leaves the
// rules it kept the check from judging undecided, as a stop at a failure does, its reason naming the warning.
test('a warned hard assertion that ends the check leaves the rules not judged in full inconclusive', async () => {
  const r = await judge(
    check(async (t) => {
      await t.property('JY-SDK-09', fc.nat(100), async () => {
        t.expect('JY-SDK-09', true, 'format');
      });
      t.expect('JY-SDK-01', true, 'signature, on the first call');
      t.require('JY-SDK-14', false, 'a login wanted');
      t.expect('JY-SDK-01', true, 'signature, on the second call');
    }),
  );
  expect(r.ruleOutcomes).toEqual({
    'JY-SDK-01': 'inconclusive',
    'JY-SDK-09': 'passed',
    'JY-SDK-11': 'inconclusive',
    'JY-SDK-14': 'failed',
  });
  expect(r.ruleReasons?.['JY-SDK-11']).toBe(
    'test.form stopped at the warning of JY-SDK-14 before judging JY-SDK-11 on all of its cases: not judged while JY-SDK-14 does not hold',
  );
  // the rules a warning kept from being judged: another check's pass of them stands (certificate.ts)
  expect(r.pastWarning).toEqual(['JY-SDK-01', 'JY-SDK-11']);
  // against a reference the same stop is a failure's: no pass elsewhere stands beside it
  const reference = await judge(
    check(async (t) => {
      t.require('JY-SDK-14', false, 'a login wanted');
    }),
    offlineSubject('reference', true),
  );
  expect(reference.ruleReasons?.['JY-SDK-11']).toMatch(/stopped at the failure of JY-SDK-14/);
  expect(reference.pastWarning).toBeUndefined();
});

test('a deliberate skip stays skipped, whatever was asserted before it', async () => {
  const r = await judge(
    check(async (t) => {
      t.expect('JY-SDK-01', true, 'signature');
      t.skip('needs the subject capability clock');
    }),
  );
  expect(new Set(Object.values(r.ruleOutcomes))).toEqual(new Set(['skipped']));
  expect(r.pastWarning).toBeUndefined();
});
