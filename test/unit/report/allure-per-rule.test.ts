import { describe, expect, test } from 'vitest';
import type { TestResult } from 'allure-js-commons';
import { perRule } from '../../../src/report/allure-per-rule.ts';

const step = (name: string, status: string, message?: string) =>
  ({ name, status, statusDetails: message ? { message, trace: 'Error: at vitest.ts' } : {}, steps: [] }) as never;

/** a check citing GL-SIG-04 (passed) and GL-ERR-01 (its `err` verdict), as src/harness/vitest.ts labels it */
function check(err: string, message?: string): TestResult {
  return {
    uuid: 'u1',
    name: 'gl.sig.tamper-any-field — a request with any field changed after signing is refused',
    historyId: 'greenleaves:gateway:gl.sig.tamper-any-field',
    testCaseId: 'greenleaves:gateway:gl.sig.tamper-any-field',
    status: 'failed',
    statusDetails: { message: `GL-ERR-01: ${message}`, trace: 'AssertionError: at finish (src/harness/vitest.ts)' },
    labels: [
      { name: 'epic', value: 'greenleaves' },
      { name: 'story', value: 'GL-SIG-04' },
      { name: 'story', value: 'GL-ERR-01' },
      { name: 'rule', value: 'GL-SIG-04' },
      { name: 'level', value: 'MUST' },
      { name: 'rule', value: 'GL-ERR-01' },
      { name: 'level', value: 'INFERRED' },
    ],
    steps: [
      step('GL-SIG-04: passed', 'passed'),
      step(`GL-ERR-01: ${err}`, err === 'failed' ? 'failed' : 'passed', message),
      { name: 'replay command', attachments: [{ name: 'replay command', source: 'a-attachment.txt' }] } as never,
    ],
  } as unknown as TestResult;
}

const labels = (r: TestResult, name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);

describe('perRule: one Allure result per rule a check cites', () => {
  test('a check that failed one rule is red only under that rule, with that rule message and no stack trace', () => {
    const [sig, err] = perRule(check('failed', 'pg_error_code "9999", want 1100'));
    expect([sig!.status, labels(sig!, 'story'), labels(sig!, 'rule'), labels(sig!, 'level')]).toEqual([
      'passed',
      ['GL-SIG-04'],
      ['GL-SIG-04'],
      ['MUST'],
    ]);
    expect(sig!.statusDetails).toEqual({});
    expect([err!.status, labels(err!, 'story'), labels(err!, 'level')]).toEqual([
      'failed',
      ['GL-ERR-01'],
      ['INFERRED'],
    ]);
    expect(err!.statusDetails).toEqual({ message: 'GL-ERR-01: pg_error_code "9999", want 1100' });
    // each its own result and history; the attachments stay with both
    expect(new Set([sig!.uuid, err!.uuid, 'u1']).size).toBe(3);
    expect(err!.historyId).toBe('greenleaves:gateway:gl.sig.tamper-any-field#failed');
    expect(err!.name).toMatch(/^gl\.sig\.tamper-any-field .* \[GL-ERR-01\]$/);
    for (const r of [sig!, err!]) expect(r.steps.map((s) => s.name)).toContain('replay command');
    expect(labels(sig!, 'epic')).toEqual(['greenleaves']);
  });

  test('a warned rule passes, as its check does, tagged "warning" with its message', () => {
    const [, err] = perRule(check('warning', 'pg_error_code "9999", want 1100'));
    expect([err!.status, labels(err!, 'tag'), err!.statusDetails.message]).toEqual([
      'passed',
      ['warning'],
      'GL-ERR-01: pg_error_code "9999", want 1100',
    ]);
  });

  test('one result per verdict: the rules that got it share it', () => {
    const r = check('failed', 'pg_error_code "9999", want 1100');
    r.labels.push(
      { name: 'story', value: 'GL-SIG-01' },
      { name: 'rule', value: 'GL-SIG-01' },
      { name: 'level', value: 'MUST' },
    );
    r.steps.splice(1, 0, step('GL-SIG-01: passed', 'passed'));
    const [passed, failed] = perRule(r);
    expect([passed!.status, labels(passed!, 'story'), labels(passed!, 'level')]).toEqual([
      'passed',
      ['GL-SIG-04', 'GL-SIG-01'],
      ['MUST', 'MUST'],
    ]);
    expect([failed!.status, labels(failed!, 'story')]).toEqual(['failed', ['GL-ERR-01']]);
  });

  test('a check whose rules all got one verdict stays one result, its status theirs', () => {
    const r = check('passed');
    expect(perRule(r)).toEqual([r]);
  });

  test('a result without rule steps is written as it is', () => {
    const r = { uuid: 'u2', name: 'greenleaves: not selected in this run', status: 'skipped', steps: [] } as never;
    expect(perRule(r)).toEqual([r]);
  });
});
