// A rule a check passed on part of what it set out to judge it on (an SDK without some of the operations
// the check sends: CheckContext.judgedInPart, CheckResult.partly) is marked `partly` in the certificate,
// as a rule one of whose checks did not run is, and its reason says what was not judged. Before, a g2g
// SDK without clearing, cancel and refund had the request rules skipped (the whole check) although a
// dozen of its requests had been judged.
import { expect, test } from 'vitest';
import { profileCertificate } from '../../../src/report/certificate.ts';
import { resultBase } from './report-fixtures.ts';

const result = resultBase('greenleaves', 'sdk', 'sdk');

const cert = (results: unknown[]) =>
  profileCertificate(
    { profile: 'greenleaves', kind: 'sdk', target: 'real', baseUrl: 'http://127.0.0.1:1', capabilities: [] } as never,
    results as never,
  );

test('a rule passed by a check that judged it in part is marked partly, with why', () => {
  const why = 'the SDK does not support payment.clearing, so no request of it was judged';
  const requests = {
    ...result,
    id: 'gl.sdk.requests',
    rules: ['GL-SDK-01', 'GL-SDK-02'],
    outcome: 'passed' as const,
    ruleOutcomes: { 'GL-SDK-01': 'passed' as const, 'GL-SDK-02': 'passed' as const },
    partly: { 'GL-SDK-01': why },
  };
  const rules = cert([requests]).rules;
  const one = rules.find((r) => r.id === 'GL-SDK-01')!;
  expect(one.verdict).toBe('passed');
  expect(one.partly).toEqual(['gl.sdk.requests']);
  expect(one.reason).toBe(`passed by gl.sdk.requests; only partly judged, judged in part: gl.sdk.requests: ${why}`);
  const two = rules.find((r) => r.id === 'GL-SDK-02')!;
  expect(two.partly).toBeUndefined();
  expect(two.reason).toBe('passed by gl.sdk.requests');
});

test('beside a check that did not run, both are named', () => {
  const inPart = {
    ...result,
    id: 'gl.sdk.requests',
    rules: ['GL-SDK-01'],
    outcome: 'passed' as const,
    ruleOutcomes: { 'GL-SDK-01': 'passed' as const },
    partly: { 'GL-SDK-01': 'the SDK refused 2 of 28 inputs' },
  };
  const notRun = {
    ...result,
    id: 'gl.sdk.other',
    rules: ['GL-SDK-01'],
    outcome: 'skipped' as const,
    reason: 'not in the smoke plan',
    ruleOutcomes: { 'GL-SDK-01': 'skipped' as const },
  };
  const one = cert([inPart, notRun]).rules.find((r) => r.id === 'GL-SDK-01')!;
  expect(one.partly).toEqual(['gl.sdk.other', 'gl.sdk.requests']);
  expect(one.reason).toBe(
    'passed by gl.sdk.requests; only partly judged, not run: gl.sdk.other: not in the smoke plan; judged in part: gl.sdk.requests: the SDK refused 2 of 28 inputs',
  );
});

test('a failed rule is not marked partly, whatever the check judged it on', () => {
  const failed = {
    ...result,
    id: 'gl.sdk.requests',
    rules: ['GL-SDK-02'],
    outcome: 'failed' as const,
    failures: [{ rule: 'GL-SDK-02', message: 'pg_salt "x" was sent twice' }],
    ruleOutcomes: { 'GL-SDK-02': 'failed' as const },
    partly: { 'GL-SDK-02': 'the SDK does not support payment.refund' },
  };
  const two = cert([failed]).rules.find((r) => r.id === 'GL-SDK-02')!;
  expect(two.verdict).toBe('warning');
  expect(two.partly).toBeUndefined();
});
