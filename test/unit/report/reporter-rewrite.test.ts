import { afterEach, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateReporter } from '../../../src/report/reporter.ts';
import { checkResult, jysanSubject } from './report-fixtures.ts';

afterEach(() => vi.useRealTimers());

const subject = jysanSubject;

const result = (id: string) => checkResult(id);
const testCase = (id: string) => ({ meta: () => ({ paycert: result(id) }), result: () => ({ state: 'passed' }) });

test('results reach results.ndjson at once; the certificate follows within a second, and at once at the end', () => {
  vi.useFakeTimers();
  const out = mkdtempSync(join(tmpdir(), 'paycert-reporter-'));
  const r = new CertificateReporter(out, { seed: 1, plan: 'full', subjects: [subject] });
  const inCertificate = () =>
    (
      JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as {
        profiles: Array<{ summary: { checks: number } }>;
      }
    ).profiles[0]!.summary.checks;
  const lines = () => readFileSync(join(out, 'results.ndjson'), 'utf8').trim().split('\n').length;
  r.onTestCaseResult(testCase('a') as never);
  expect(inCertificate()).toBe(1); // the first is written at once
  r.onTestCaseResult(testCase('b') as never);
  r.onTestCaseResult(testCase('c') as never);
  expect(lines()).toBe(3);
  expect(inCertificate()).toBe(1); // not rewritten per check
  vi.advanceTimersByTime(1000);
  expect(inCertificate()).toBe(3); // caught up
  r.onTestCaseResult(testCase('d') as never);
  r.onTestRunEnd(undefined, []);
  const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as { complete: boolean };
  expect(cert.complete).toBe(true);
  expect(inCertificate()).toBe(4);
  expect(vi.getTimerCount()).toBe(0);
});

// a test worker killed mid-run (the OOM killer, kill -9): vitest ends the run with the pool's error, and
// the checks that worker held never report. Their rules were "skipped: no check ran for this rule in
// this run", as if the plan had left them out
test('a selected check that gave no result by the end is inconclusive, its rules too, and the run names it as an error', () => {
  const out = mkdtempSync(join(tmpdir(), 'paycert-reporter-'));
  // as the run gives them: the registry's checks, with their run function and plans
  const expected = (id: string, rules: string[]) => ({ ...result(id), rules, plans: ['full'], run: async () => {} });
  const r = new CertificateReporter(
    out,
    { seed: 1, plan: 'full', subjects: [subject] },
    { checks: [expected('a', ['JY-SIG-01']), expected('b', ['JY-SIG-01', 'JY-SIG-02'])], eta: false, mode: 'quiet' },
  );
  r.onTestCaseResult(testCase('a') as never);
  r.onTestRunEnd(undefined, [{ message: '[vitest-pool]: Worker forks emitted error.' }]);
  const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as {
    verdict: string;
    verdictReason: string;
    profiles: Array<{ rules: Array<{ id: string; verdict: string; reason: string }> }>;
  };
  const rules = Object.fromEntries(cert.profiles[0]!.rules.map((x) => [x.id, `${x.verdict}: ${x.reason}`]));
  expect(rules['JY-SIG-01']).toMatch(/^inconclusive: b: gave no result: the test worker running it ended/);
  expect(rules['JY-SIG-02']).toMatch(/^inconclusive: b: gave no result/);
  expect(cert.verdict).toBe('error');
  expect(cert.verdictReason).toMatch(
    /^paycert error: 1 of 2 checks gave no result \(a test worker died\?\): b \(\+1 more\)/,
  );
  const lines = readFileSync(join(out, 'results.ndjson'), 'utf8').trim().split('\n');
  expect(lines.map((l) => (JSON.parse(l) as { id: string; outcome: string }).outcome)).toEqual([
    'passed',
    'inconclusive',
  ]);
  // a result line like any other: the check's names and outcome (and its verdicts), nothing of the check's definition
  expect(Object.keys(JSON.parse(lines[1]!) as object).sort()).toEqual(
    [...Object.keys(result('b')), 'reason', 'verdict', 'ruleVerdicts'].sort(),
  );
});

// a probe's shop: "[1/1] FAIL gl.merchant.result-ok" printed for an INFERRED rule against a real target,
// while the summary said "0 failed, 1 warning" and the run exited 0
test('the progress line marks a check by its verdict: a real target warned is WARN, a reference failed is FAIL', () => {
  const lines = (target: string) => {
    const printed: string[] = [];
    const r = new CertificateReporter(
      mkdtempSync(join(tmpdir(), 'paycert-reporter-')),
      { seed: 1, plan: 'full', subjects: [{ ...subject, target } as typeof subject] },
      { checks: [], eta: false, mode: 'plain' },
      undefined,
      (s) => printed.push(s),
    );
    r.onTestCaseResult({
      meta: () => ({ paycert: checkResult('x', ['JY-STA-03'], 'failed') }),
      result: () => ({ state: 'failed' }),
    } as never);
    r.onTestCaseResult({
      meta: () => ({ paycert: checkResult('y', ['JY-SIG-01'], 'failed') }),
      result: () => ({ state: 'failed' }),
    } as never);
    return printed.map((l) => l.split(' ')[1]);
  };
  expect(lines('real')).toEqual(['WARN', 'FAIL']);
  expect(lines('reference')).toEqual(['FAIL', 'FAIL']);
});
