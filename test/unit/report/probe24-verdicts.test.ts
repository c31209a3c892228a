// Probe 24 (a Jysan gateway in Perl; a paced staging domain): rules passed by many checks were
// inconclusive where one check could not judge them because of another rule's departure (JY-RED-05 in
// another check; JY-ERR-09's failure in its own); a pass read "1 check(s) passed" where 15 more checks
// cited the rule; results.ndjson said "failed" where every report said warning.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCheck } from '../../../src/harness/runner.ts';
import { profileCertificate } from '../../../src/report/certificate.ts';
import { appendResult, resultLine } from '../../../src/report/write.ts';
import { jysanCheck, offlineSubject } from '../harness/offline-check.ts';

const run = (target: 'real' | 'reference', id: string, rules: string[], body: Parameters<typeof jysanCheck>[2]) =>
  runCheck(jysanCheck(id, rules, body), offlineSubject(target), { seed: 1, plan: 'full' });

const passing = (target: 'real' | 'reference', rules: string[]) =>
  run(target, 'test.passing', rules, async (t) => {
    for (const r of rules) t.expect(r, true, '');
  });

test.each(['real', 'reference'] as const)(
  'a check that cannot judge because another check’s rule departs (after): passed partly beside a pass, else inconclusive (%s)',
  async (target) => {
    const errorPost = await run(target, 'test.error-post', ['JY-RED-04', 'JY-PAY-23'], async (t) => {
      t.inconclusive('no result reaches BACKREF by server POST either (JY-RED-05)', { after: 'JY-RED-05' });
    });
    expect(errorPost.outcome).toBe('inconclusive');
    // JY-RED-05 is INFERRED: a warning against a real target, a failure against a reference
    const list = target === 'real' ? errorPost.pastWarning : errorPost.notReached;
    expect(list).toEqual(['JY-RED-04', 'JY-PAY-23']);
    const serverPost = (held: boolean) =>
      run(target, 'test.server-post', ['JY-RED-05'], async (t) => {
        t.expect('JY-RED-05', held, 'no server POST');
      });
    const cert = profileCertificate(offlineSubject(target), [
      errorPost,
      await passing(target, ['JY-PAY-23']),
      await serverPost(false),
    ]);
    const rule = (id: string) => cert.rules.find((r) => r.id === id)!;
    expect(rule('JY-PAY-23').verdict).toBe('passed');
    expect(rule('JY-PAY-23').partly).toEqual(['test.error-post']);
    // JY-RED-05 held in the run (a server POST that came late to one check): no departure behind the stop
    const held = profileCertificate(offlineSubject(target), [
      errorPost,
      await passing(target, ['JY-PAY-23']),
      await serverPost(true),
    ]);
    expect(held.rules.find((r) => r.id === 'JY-PAY-23')!.verdict).toBe('inconclusive');
    expect(rule('JY-PAY-23').reason).toMatch(
      /^passed by test\.passing; only partly judged, not (judged past a warning|reached past a failure): test\.error-post: no result reaches BACKREF by server POST either \(JY-RED-05\)$/,
    );
    // judged by no other check: undecided
    expect(rule('JY-RED-04').verdict).toBe('inconclusive');
  },
);

test('a check without `after` that stops inconclusive leaves a rule inconclusive beside a pass', async () => {
  const trouble = await run('real', 'test.trouble', ['JY-PAY-23'], async (t) => t.inconclusive('HTTP 503'));
  const cert = profileCertificate(offlineSubject('real'), [trouble, await passing('real', ['JY-PAY-23'])]);
  expect(cert.rules.find((r) => r.id === 'JY-PAY-23')!.verdict).toBe('inconclusive');
});

test('a check stopped at a failure: the rules it had not judged are passed partly where another check passed them', async () => {
  // jy.rec.extended-sign stopped at JY-ERR-09 (MUST) while 29 other checks passed JY-ERR-01
  const stopped = await run('real', 'test.extended-sign', ['JY-ERR-09', 'JY-ERR-01'], async (t) => {
    t.require('JY-ERR-09', false, 'refused with code 99, not 21');
    t.expect('JY-ERR-01', true, '');
  });
  expect(stopped.ruleOutcomes).toEqual({ 'JY-ERR-09': 'failed', 'JY-ERR-01': 'inconclusive' });
  expect(stopped.notReached).toEqual(['JY-ERR-01']);
  const cert = profileCertificate(offlineSubject('real'), [stopped, await passing('real', ['JY-ERR-01'])]);
  const rule = (id: string) => cert.rules.find((r) => r.id === id)!;
  expect(rule('JY-ERR-09').verdict).toBe('failed');
  expect(rule('JY-ERR-01').verdict).toBe('passed');
  expect(rule('JY-ERR-01').partly).toEqual(['test.extended-sign']);
  expect(rule('JY-ERR-01').reason).toContain(
    'not reached past a failure: test.extended-sign stopped at the failure of JY-ERR-09 before judging JY-ERR-01',
  );
  // alone, undecided
  expect(profileCertificate(offlineSubject('real'), [stopped]).rules.find((r) => r.id === 'JY-ERR-01')!.verdict).toBe(
    'inconclusive',
  );
});

test('a pass names the checks that judged the rule and counts those that ran without reaching it', async () => {
  const kat = await passing('real', ['JY-SIG-01']);
  const quiet = (id: string) =>
    run('real', id, ['JY-SIG-01', 'JY-SIG-02'], async (t) => {
      t.expect('JY-SIG-02', true, '');
    });
  const cert = profileCertificate(offlineSubject('real'), [kat, await quiet('test.a'), await quiet('test.b')]);
  expect(cert.rules.find((r) => r.id === 'JY-SIG-01')!.reason).toBe(
    'passed by test.passing; 2 other checks citing it ran without reaching it',
  );
  const many = await Promise.all(
    ['a', 'b', 'c', 'd'].map((x) => passing('real', ['JY-SIG-03']).then((r) => ({ ...r, id: x }))),
  );
  expect(profileCertificate(offlineSubject('real'), many).rules.find((r) => r.id === 'JY-SIG-03')!.reason).toBe(
    'passed by 4 checks (a, b, c, …)',
  );
});

test('results.ndjson records the verdict the reports show beside the raw outcome', async () => {
  // JY-RED-05 INFERRED broken by a real target: failed as an outcome, a warning as a verdict
  const warned = await run('real', 'test.server-post', ['JY-RED-05', 'JY-RED-01'], async (t) => {
    t.expect('JY-RED-01', true, '');
    t.expect('JY-RED-05', false, 'no server POST');
  });
  const line = JSON.parse(resultLine(warned, 'real'));
  expect(line).toMatchObject({
    outcome: 'failed',
    ruleOutcomes: { 'JY-RED-05': 'failed', 'JY-RED-01': 'passed' },
    verdict: 'warning',
    ruleVerdicts: { 'JY-RED-05': 'warning', 'JY-RED-01': 'passed' },
  });
  // against a reference the same outcome is a failure
  expect(JSON.parse(resultLine(warned, 'reference'))).toMatchObject({
    verdict: 'failed',
    ruleVerdicts: { 'JY-RED-05': 'failed' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'paycert-ndjson-'));
  try {
    appendResult(dir, warned, 'real');
    expect(JSON.parse(readFileSync(join(dir, 'results.ndjson'), 'utf8')).verdict).toBe('warning');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
