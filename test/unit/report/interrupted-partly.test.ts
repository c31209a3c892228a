import { expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateReporter } from '../../../src/report/reporter.ts';
import { checkResult, jysanSubject } from './report-fixtures.ts';

// A probe of the certification workflow: SIGINT after 63 of 71 checks left GL-PAY-03 "passed", reason
// "3 check(s) passed", though 6 of its checks never ran; a rule none of whose checks ran said "no
// check ran for this rule in this run", as if the plan had left it out. An interrupted run's
// certificate marks both (the selected checks without a result are its `partly`).

const subject = jysanSubject;

const result = (id: string, rules: string[]) => checkResult(id, rules);

test('an interrupted run marks the rules whose checks it did not reach', () => {
  const out = mkdtempSync(join(tmpdir(), 'paycert-interrupted-'));
  const r = new CertificateReporter(
    out,
    { seed: 1, plan: 'full', subjects: [subject] },
    {
      checks: [result('a', ['JY-SIG-01']), result('b', ['JY-SIG-01']), result('c', ['JY-SIG-02'])],
      eta: false,
      mode: 'quiet',
    },
  );
  r.onTestCaseResult({ meta: () => ({ paycert: result('a', ['JY-SIG-01']) }) } as never);
  // what the run's signal handler does
  r.errors.push('interrupted (SIGINT)');
  r.write(false);
  const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8'));
  const rule = (id: string) => cert.profiles[0].rules.find((x: { id: string }) => x.id === id);
  expect(cert.verdict).toBe('partial');
  expect(rule('JY-SIG-01')).toMatchObject({
    verdict: 'passed',
    partly: ['b'],
    reason: 'passed by a; only partly judged, not run: the run did not finish: 1 of its checks never ran (b)',
  });
  expect(rule('JY-SIG-02')).toMatchObject({
    verdict: 'skipped',
    reason: 'not judged: the run did not finish: 1 of its checks never ran (c)',
  });
  // the summary's "~" line and certificate.html count it among the rules passed on part of their checks
  expect(readFileSync(join(out, 'certificate.html'), 'utf8')).toContain('1 of them only partly judged');
  // at the end, a check that gave no result is recorded inconclusive instead (noResult)
  r.onTestCaseResult({ meta: () => ({ paycert: result('b', ['JY-SIG-01']) }) } as never);
  r.onTestCaseResult({ meta: () => ({ paycert: result('c', ['JY-SIG-02']) }) } as never);
  r.errors.length = 0;
  r.onTestRunEnd(undefined, []);
  const done = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8'));
  expect(done.profiles[0].rules.find((x: { id: string }) => x.id === 'JY-SIG-01')).not.toHaveProperty('partly');
});
