// A probe's g2g shop with check_url behind a login: gl.merchant.check-url stopped at the warning of
// GL-MCB-17 (INFERRED), and `--fail-on inconclusive` passed the run: GL-MCB-12 and GL-MCB-22 were
// "skipped", and GL-MCB-02, passed by gl.merchant.result-ok, was passed with no "partly" mark though
// its check_url half was never judged. The runner now leaves those rules inconclusive (pastWarning);
// the certificate keeps them so where no other check passed them, and where one did, the pass stands
// on that check's evidence, marked partly with the reason.
import { expect, test } from 'vitest';
import { overall, profileCertificate } from '../../../src/report/certificate.ts';
import { resultBase } from './report-fixtures.ts';

const base = resultBase('greenleaves', 'merchant', 'merchant-callbacks');
const stopped = (rule: string) =>
  `gl.merchant.check-url stopped at the warning of GL-MCB-17 before judging ${rule} on all of its cases: not judged while GL-MCB-17 does not hold`;

const resultOk = {
  ...base,
  id: 'gl.merchant.result-ok',
  rules: ['GL-MCB-01', 'GL-MCB-02'],
  outcome: 'passed' as const,
  failures: [],
  ruleOutcomes: { 'GL-MCB-01': 'passed' as const, 'GL-MCB-02': 'passed' as const },
};
const checkUrl = {
  ...base,
  id: 'gl.merchant.check-url',
  rules: ['GL-MCB-12', 'GL-MCB-17', 'GL-MCB-02', 'GL-MCB-22'],
  outcome: 'failed' as const,
  failures: [{ rule: 'GL-MCB-17', message: 'check_url asks for authentication (HTTP 401)' }],
  ruleOutcomes: {
    'GL-MCB-12': 'inconclusive' as const,
    'GL-MCB-17': 'failed' as const,
    'GL-MCB-02': 'inconclusive' as const,
    'GL-MCB-22': 'inconclusive' as const,
  },
  ruleReasons: {
    'GL-MCB-12': stopped('GL-MCB-12'),
    'GL-MCB-02': stopped('GL-MCB-02'),
    'GL-MCB-22': stopped('GL-MCB-22'),
  },
  pastWarning: ['GL-MCB-12', 'GL-MCB-02', 'GL-MCB-22'],
};

const cert = (results: unknown[]) =>
  profileCertificate(
    {
      profile: 'greenleaves',
      kind: 'merchant',
      target: 'real',
      baseUrl: 'http://127.0.0.1:1',
      capabilities: [],
    } as never,
    results as never,
  );

test('rules a check stopped at a warning before judging: inconclusive, unless another check passed them (partly)', () => {
  const p = cert([resultOk, checkUrl]);
  const rule = (id: string) => p.rules.find((r) => r.id === id)!;
  expect(rule('GL-MCB-17').verdict).toBe('warning');
  for (const id of ['GL-MCB-12', 'GL-MCB-22']) {
    expect(rule(id).verdict).toBe('inconclusive');
    expect(rule(id).reason).toBe(stopped(id));
  }
  expect(rule('GL-MCB-02').verdict).toBe('passed');
  expect(rule('GL-MCB-02').partly).toEqual(['gl.merchant.check-url']);
  expect(rule('GL-MCB-02').reason).toBe(
    `passed by gl.merchant.result-ok; only partly judged, not judged past a warning: ${stopped('GL-MCB-02')}`,
  );
  expect(rule('GL-MCB-01').partly).toBeUndefined();
  // --fail-on inconclusive fails the run on the rules no check judged
  const o = overall([p], true, [], 'inconclusive');
  expect(o.exit).toBe(1);
  expect(o.inconclusive.map((r) => r.id)).toEqual(['GL-MCB-12', 'GL-MCB-22']);
});

test('an inconclusive of another kind beside a pass stays inconclusive, and a failure (a warning here) stays one', () => {
  const undecided = {
    ...checkUrl,
    pastWarning: undefined,
    ruleReasons: { ...checkUrl.ruleReasons, 'GL-MCB-02': 'gl.merchant.check-url: no answer to judge' },
  };
  expect(cert([resultOk, undecided]).rules.find((r) => r.id === 'GL-MCB-02')!.verdict).toBe('inconclusive');
  const failing = {
    ...resultOk,
    outcome: 'failed' as const,
    failures: [{ rule: 'GL-MCB-02', message: 'pg_sig does not verify' }],
    ruleOutcomes: { 'GL-MCB-01': 'passed' as const, 'GL-MCB-02': 'failed' as const },
  };
  const two = cert([failing, checkUrl]).rules.find((r) => r.id === 'GL-MCB-02')!;
  expect(two.verdict).toBe('warning'); // GL-MCB-02 is INFERRED
  expect(two.partly).toBeUndefined();
});
