import { expect, test } from 'vitest';
import fc from 'fast-check';
import { runCheck } from '../../../src/harness/runner.ts';
import type { Check } from '../../../src/harness/check.ts';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';

const subject: Subject = {
  profile: 'jysan',
  kind: 'gateway',
  target: 'real',
  baseUrl: 'http://127.0.0.1:9',
  capabilities: [],
  limits: LIMITS.real,
  slow: false,
};

const check = (body: (n: number) => void): Check => ({
  id: 'test.property-error',
  title: 't',
  profile: 'jysan',
  subject: 'gateway',
  area: 'x',
  rules: ['JY-SIG-01', 'JY-SIG-02'],
  run: async (t) => {
    await t.property('JY-SIG-01', fc.integer({ min: 0, max: 100 }), async (n) => {
      body(n);
      t.expect('JY-SIG-01', true, '');
    });
  },
});

// A stack overflow on a hostile SDK answer failed GL-SDK-01 ("Maximum call stack size exceeded",
// with a counterexample) and left the check's other rules inconclusive: an error no assertion raised
// blames no rule, in a property as outside one
test('an error no assertion raised inside a property blames no rule: the check is inconclusive with it', async () => {
  const r = await runCheck(
    check((n) => {
      if (n > 50) throw new RangeError('Maximum call stack size exceeded');
    }),
    subject,
    { seed: 3, plan: 'full', runs: 30 },
  );
  expect(r.failures).toEqual([]);
  expect(r.outcome).toBe('inconclusive');
  expect(r.ruleOutcomes).toEqual({ 'JY-SIG-01': 'inconclusive', 'JY-SIG-02': 'inconclusive' });
  expect(r.reason).toMatch(/internal error of paycert in test\.property-error: RangeError: Maximum call stack/);
});

test('an assertion that rejects a case still fails its rule, with the counterexample', async () => {
  const c = check((n) => {
    if (n > 50) throw new Error('unreached');
  });
  c.run = async (t) => {
    await t.property('JY-SIG-01', fc.integer({ min: 0, max: 100 }), async (n) => {
      t.expect('JY-SIG-01', n <= 50, `n = ${n}`);
    });
  };
  const r = await runCheck(c, subject, { seed: 3, plan: 'full', runs: 30 });
  expect(r.ruleOutcomes['JY-SIG-01']).toBe('failed');
  expect(r.failures[0]!.message).toMatch(/^n = 51 — counterexample 51/);
});
