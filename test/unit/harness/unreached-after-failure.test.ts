// A check that failed a rule softly and went on may never reach another of its rules: the failure took it
// down another path (gl.tx.classic: a classic reply refused as badly signed is never read for its script
// name, GL-SIG-12). That rule was "skipped", as if not applicable, and passed by another check with no
// "partly" mark. Now it is undecided with the reason: inconclusive alone, partly beside another check's pass.
import { expect, test } from 'vitest';
import { runCheck } from '../../../src/harness/runner.ts';
import { profileCertificate } from '../../../src/report/certificate.ts';
import { jysanCheck, offlineSubject } from './offline-check.ts';

const subject = offlineSubject('reference');
const judge = (run: Parameters<typeof jysanCheck>[2], id = 'test.branch') =>
  runCheck(jysanCheck(id, ['JY-SIG-01', 'JY-SIG-02', 'JY-SIG-03', 'JY-SIG-04'], run), subject, {
    seed: 1,
    plan: 'full',
  });

test('a rule never reached after another rule failed is inconclusive with the reason, not skipped', async () => {
  const r = await judge(async (t) => {
    if (!t.expect('JY-SIG-01', false, 'the request was refused')) {
      t.notJudged('JY-SIG-03', 'not applicable to this reply');
      t.cannotJudge('JY-SIG-04', 'the reply shows nothing');
      return;
    }
    t.expect('JY-SIG-02', true, 'never reached');
  });
  expect(r.ruleOutcomes).toEqual({
    'JY-SIG-01': 'failed',
    'JY-SIG-02': 'inconclusive',
    'JY-SIG-03': 'skipped',
    'JY-SIG-04': 'inconclusive',
  });
  expect(r.ruleReasons?.['JY-SIG-02']).toBe(
    'test.branch never reached an assertion of JY-SIG-02 after the failure of JY-SIG-01: not judged; fix JY-SIG-01 and run again',
  );
  expect(r.ruleReasons?.['JY-SIG-03']).toBe('test.branch: not applicable to this reply');
  expect(r.notReached).toEqual(['JY-SIG-02']);
});

test('beside another check that passed it, such a rule is passed, marked partly with the reason', async () => {
  const failing = await judge(async (t) => {
    t.expect('JY-SIG-01', false, 'the request was refused');
  });
  const passing = await judge(async (t) => {
    for (const rule of ['JY-SIG-01', 'JY-SIG-02', 'JY-SIG-03', 'JY-SIG-04']) t.expect(rule, true, '');
  }, 'test.other');
  const cert = profileCertificate(subject, [failing, passing]);
  const rule = cert.rules.find((x) => x.id === 'JY-SIG-02')!;
  expect(rule.verdict).toBe('passed');
  expect(rule.partly).toEqual(['test.branch']);
  expect(rule.reason).toContain(
    'not reached past a failure: test.branch never reached an assertion of JY-SIG-02 after the failure of JY-SIG-01',
  );
  // alone, it stays undecided
  const alone = profileCertificate(subject, [failing]).rules.find((x) => x.id === 'JY-SIG-02')!;
  expect(alone.verdict).toBe('inconclusive');
});

test('a rule a check that failed nothing never reached stays skipped (its cases never met it)', async () => {
  const r = await judge(async (t) => {
    t.expect('JY-SIG-01', true, '');
  });
  expect(r.ruleOutcomes['JY-SIG-02']).toBe('skipped');
  expect(r.notReached).toBeUndefined();
});

test('past a warning (a departure the seed allows) a rule never reached stays skipped: it may not apply there', async () => {
  // JY-SIG-09 is INFERRED: against a real target its failure only warns
  const r = await runCheck(
    jysanCheck('test.warned', ['JY-SIG-09', 'JY-SIG-02'], async (t) => {
      t.expect('JY-SIG-09', false, 'a departure the seed allows');
    }),
    offlineSubject('real'),
    { seed: 1, plan: 'full' },
  );
  expect(r.ruleOutcomes['JY-SIG-02']).toBe('skipped');
  expect(r.notReached).toBeUndefined();
});
