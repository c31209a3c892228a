import { expect, test } from 'vitest';
import { runCheck } from '../../../src/harness/runner.ts';
import type { Check } from '../../../src/harness/check.ts';
import { offlineSubject } from './offline-check.ts';

test('a rule left inconclusive by a check that failed another rule keeps the inconclusive reason', async () => {
  const check: Check = {
    id: 'test.fails-then-stops',
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'x',
    rules: ['JY-SIG-01', 'JY-SIG-02'],
    async run(t) {
      t.expect('JY-SIG-01', false, 'the first rule failed');
      t.inconclusive('setup: nothing to judge the second rule on');
    },
  };
  const subject = offlineSubject('real');
  const r = await runCheck(check, subject, { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes).toEqual({ 'JY-SIG-01': 'failed', 'JY-SIG-02': 'inconclusive' });
  expect(r.ruleReasons?.['JY-SIG-02']).toBe('test.fails-then-stops: setup: nothing to judge the second rule on');
});
