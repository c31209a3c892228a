import { expect, test } from 'vitest';
import fc from 'fast-check';
import { runCheck, checkBudgetMs } from '../../../src/harness/runner.ts';
import type { Check } from '../../../src/harness/check.ts';
import { LIMITS } from '../../../src/harness/subject.ts';
import { offlineSubject } from './offline-check.ts';

const subject = (target: 'real' | 'reference') => offlineSubject(target, true);

test('a check cut short by its time budget is inconclusive with the reason, never skipped or passed', async () => {
  const check: Check = {
    id: 'test.never-ends',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01'],
    run: (t) =>
      new Promise(() => {
        t.expect('JY-SIG-01', true, '');
      }),
  };
  const r = await runCheck(check, subject('reference'), { seed: 1, plan: 'full', budgetMs: 50 });
  expect(r.outcome).toBe('inconclusive');
  expect(r.ruleOutcomes['JY-SIG-01']).toBe('inconclusive');
  expect(r.reason).toMatch(/time budget of 0 s/);
});

test('slow checks get hours against a real target, minutes elsewhere', () => {
  const slow = { slow: true } as Check;
  expect(checkBudgetMs(slow, subject('real'))).toBeGreaterThanOrEqual(2 * 3600_000 + 30 * 60_000);
  expect(checkBudgetMs(slow, subject('reference'))).toBeLessThan(600_000);
  // a field check against a real target: every violation kind of a g2g payment (58) and its extra
  // cases, 1.5 s apart, fits
  const paced = (58 + 15) * (LIMITS.real.minIntervalMs + 1_000);
  expect(checkBudgetMs({} as Check, subject('real'))).toBeGreaterThan(paced);
  expect(checkBudgetMs({} as Check, subject('real'))).toBeLessThanOrEqual(30 * 60_000);
});

test("with --slow, a check waiting for the subject's calls gets hours against a real target (a call may come late)", () => {
  // gl.cb.failure-call waits through the retry schedule (2 hours) before GL-CB-01 calls a result_url call absent
  const waits = { needs: ['callbacks'] } as Check;
  expect(checkBudgetMs(waits, { ...subject('real'), slow: true })).toBeGreaterThanOrEqual(2 * 3600_000 + 5 * 60_000);
  expect(checkBudgetMs(waits, { ...subject('real'), slow: false })).toBeLessThanOrEqual(30 * 60_000);
  expect(checkBudgetMs({} as Check, { ...subject('real'), slow: true })).toBeLessThanOrEqual(30 * 60_000);
});

test('a rule a check ends without judging is skipped with the reason the check gave, if it gave one', async () => {
  const check: Check = {
    id: 'test.optional-field',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01', 'JY-SIG-02'],
    run: async (t) => {
      t.expect('JY-SIG-01', true, '');
      t.notJudged('JY-SIG-02', 'no payment form carried a NONCE');
    },
  };
  const r = await runCheck(check, subject('reference'), { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes).toEqual({ 'JY-SIG-01': 'passed', 'JY-SIG-02': 'skipped' });
  expect(r.ruleReasons?.['JY-SIG-02']).toBe('test.optional-field: no payment form carried a NONCE');
});

test('a rule the subject did not let a check judge is inconclusive with the reason, the others judged', async () => {
  // the Jysan shop down behind its edge: JY-MRD-05 (BACKREF asks no credentials) was skipped, so a run
  // against a shop that answered nothing but 502 showed it as not applicable instead of undecided
  const check: Check = {
    id: 'test.shop-down',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01', 'JY-SIG-02', 'JY-SIG-03'],
    run: async (t) => {
      t.expect('JY-SIG-01', true, '');
      t.cannotJudge('JY-SIG-02', 'a genuine redirect was answered HTTP 502: not shown');
      t.cannotJudge('JY-SIG-03', 'not shown at first');
      t.expect('JY-SIG-03', true, ''); // judged after all
    },
  };
  const r = await runCheck(check, subject('reference'), { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes).toEqual({ 'JY-SIG-01': 'passed', 'JY-SIG-02': 'inconclusive', 'JY-SIG-03': 'passed' });
  expect(r.ruleReasons?.['JY-SIG-02']).toBe('test.shop-down: a genuine redirect was answered HTTP 502: not shown');
});

test('a rule a check said it could not judge keeps that reason when the check then ends inconclusive', async () => {
  // the WAF's 403 page behind a g2g merchant: GL-MCB-02 (the answer's signature) was not judged for want
  // of an XML answer; the check's own last words were about another rule
  const check: Check = {
    id: 'test.unreadable-answer',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01', 'JY-SIG-02', 'JY-SIG-03'],
    run: async (t) => {
      t.expect('JY-SIG-01', true, '');
      t.notJudged('JY-SIG-02', 'the answer is an HTML page, no signature to judge');
      t.inconclusive('the answer does not show whether the call was read');
    },
  };
  const r = await runCheck(check, subject('reference'), { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes).toEqual({
    'JY-SIG-01': 'inconclusive',
    'JY-SIG-02': 'inconclusive',
    'JY-SIG-03': 'inconclusive',
  });
  expect(r.ruleReasons?.['JY-SIG-02']).toBe(
    'test.unreadable-answer: the answer is an HTML page, no signature to judge',
  );
  expect(r.ruleReasons?.['JY-SIG-03']).toBe(
    'test.unreadable-answer: the answer does not show whether the call was read',
  );
});

test("a check's exchanges are redacted when a report reads them, not when the check ends", async () => {
  const pan = '4716047261941981';
  const check: Check = {
    id: 'test.evidence-lazy',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01'],
    run: async (t) => {
      t.evidence.add({
        at: '',
        direction: 'sent',
        method: 'POST',
        url: 'http://h/',
        requestHeaders: {},
        requestBody: `card=${pan}`,
      });
      t.expect('JY-SIG-01', true, '');
    },
  };
  const r = await runCheck(check, subject('reference'), { seed: 1, plan: 'full' });
  // a copy of the result (the reporter's meta, JSON) carries no exchanges and redacts nothing
  expect(Object.keys({ ...r })).not.toContain('evidence');
  expect(JSON.stringify(r)).not.toContain('"evidence"');
  // read: redacted, once
  expect(r.evidence[0]!.requestBody).toBe('card=471604******1981');
  expect(r.evidence).toBe(r.evidence);
});

test('a property whose every case found nothing to judge passes nothing: its rule is not passed', async () => {
  // a merchant answering every pg_can_reject=0 call with an unreadable page: GL-MCB-05 ("never
  // rejected") was passed by the property alone, though no answer was read
  const check: Check = {
    id: 'test.nothing-read',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01', 'JY-SIG-02'],
    run: async (t) => {
      await t.property('JY-SIG-01', fc.nat(), async () => {
        /* no answer could be read: nothing asserted */
      });
      await t.property('JY-SIG-02', fc.nat(), async (n) => {
        t.expect('JY-SIG-02', n >= 0, '');
      });
    },
  };
  const r = await runCheck(check, subject('reference'), { seed: 1, plan: 'full', runs: 3 });
  expect(r.ruleOutcomes).toEqual({ 'JY-SIG-01': 'skipped', 'JY-SIG-02': 'passed' });
  expect(r.ruleReasons?.['JY-SIG-01']).toMatch(/never reached an assertion of JY-SIG-01/);
});

test('a rule a skipped check said it could not learn is inconclusive, its other rules skipped', async () => {
  // a g2g gateway not serving paycert's inferred saved-card URL: GL-CARD-01 (the seed documents the
  // two stages for every gateway) read "not applicable" with the whole check skipped
  const check: Check = {
    id: 'test.endpoint-not-found',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01', 'JY-SIG-02'],
    run: async (t) => {
      t.cannotJudge('JY-SIG-01', 'the endpoint is not served at the inferred URL');
      t.skip('the endpoint is not served at the inferred URL');
    },
  };
  const r = await runCheck(check, subject('reference'), { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes).toEqual({ 'JY-SIG-01': 'inconclusive', 'JY-SIG-02': 'skipped' });
  expect(r.ruleReasons?.['JY-SIG-01']).toBe('test.endpoint-not-found: the endpoint is not served at the inferred URL');
});
