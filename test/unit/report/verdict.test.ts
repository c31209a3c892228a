import { describe, expect, test } from 'vitest';
import {
  EXIT,
  checkVerdict,
  overallVerdict,
  ruleVerdict,
  type SubjectVerdicts,
  type Verdict,
} from '../../../src/report/verdict.ts';
import type { TargetKind } from '../../../src/harness/subject.ts';
import { resultBase } from './report-fixtures.ts';

describe('verdict policy', () => {
  test.each([
    ['MUST', 'reference', 'failed'],
    ['SHOULD', 'reference', 'failed'],
    ['INFERRED', 'reference', 'failed'],
    ['MUST', 'real', 'failed'],
    ['SHOULD', 'real', 'warning'],
    ['INFERRED', 'real', 'warning'],
  ] as const)('a failed %s rule against a %s target is %s', (level, target, verdict) => {
    expect(ruleVerdict('failed', level, target)).toBe(verdict);
  });

  test.each(['passed', 'inconclusive', 'skipped'] as const)('%s stays %s whatever the level and target', (o) => {
    for (const t of ['reference', 'real'] as const)
      for (const l of ['MUST', 'SHOULD', 'INFERRED'] as const) expect(ruleVerdict(o, l, t)).toBe(o);
  });

  test('a check fails when any rule it failed fails; a real target warns when only SHOULD/INFERRED failed', () => {
    expect(checkVerdict('failed', ['SHOULD', 'INFERRED'], 'real')).toBe('warning');
    expect(checkVerdict('failed', ['SHOULD', 'MUST'], 'real')).toBe('failed');
    expect(checkVerdict('failed', ['SHOULD'], 'reference')).toBe('failed');
  });
});

const subject = (
  kind: TargetKind,
  counts: Partial<Record<'passed' | 'failed' | 'warning' | 'inconclusive' | 'skipped', number>>,
  inconclusive: string[] = [],
): SubjectVerdicts => ({
  profile: 'greenleaves',
  subject: 'gateway',
  target: { kind },
  summary: { passed: 0, failed: 0, warning: 0, inconclusive: inconclusive.length, skipped: 0, ...counts },
  rules: inconclusive.map((id) => ({ id, verdict: 'inconclusive' as const, reason: `${id}: connection reset` })),
});

describe('overall verdict and exit code', () => {
  test('a failed rule: failed, exit 1', () => {
    expect(overallVerdict([subject('real', { passed: 3, failed: 1 })], { complete: true })).toMatchObject({
      verdict: 'failed',
      exit: EXIT.failed,
    });
  });

  test('an inconclusive rule against a reference fails the run (a paycert defect) and is named with its reason', () => {
    const o = overallVerdict([subject('reference', { passed: 5 }, ['GL-SIG-04'])], { complete: true });
    expect(o).toMatchObject({ verdict: 'inconclusive', exit: EXIT.failed });
    expect(o.reason).toMatch(/defect of paycert/);
    expect(o.reason).toContain('GL-SIG-04 (greenleaves/gateway: GL-SIG-04: connection reset)');
    expect(o.inconclusive).toEqual([expect.objectContaining({ id: 'GL-SIG-04', fails: true })]);
  });

  test('rules inconclusive for the same reason are named together, each rule still named', () => {
    const s = subject('real', { passed: 1 }, ['GL-TX-01', 'GL-TX-02', 'GL-SIG-04']);
    s.rules = s.rules.map((r) => ({ ...r, reason: r.id === 'GL-SIG-04' ? 'gl.sig: reset' : 'gl.tx: HTTP 403 wall' }));
    expect(overallVerdict([s], { complete: true }).reason).toBe(
      'no rule failed; 3 inconclusive: GL-TX-01, GL-TX-02 (greenleaves/gateway: gl.tx: HTTP 403 wall); GL-SIG-04 (greenleaves/gateway: gl.sig: reset)',
    );
  });

  test('against a real target an inconclusive rule passes by default, is still named, and fails with --fail-on inconclusive', () => {
    const s = [subject('real', { passed: 5 }, ['GL-CB-01'])];
    const dflt = overallVerdict(s, { complete: true });
    expect(dflt).toMatchObject({ verdict: 'passed', exit: EXIT.ok });
    expect(dflt.reason).toContain('GL-CB-01');
    expect(overallVerdict(s, { complete: true, failOn: 'inconclusive' })).toMatchObject({
      verdict: 'inconclusive',
      exit: EXIT.failed,
    });
  });

  test('a warned rule passes the run by default, fails it with --fail-on warning, unless the baseline knows it', () => {
    const s = [subject('real', { passed: 5, warning: 2 })];
    expect(overallVerdict(s, { complete: true })).toMatchObject({ verdict: 'passed', exit: EXIT.ok });
    expect(overallVerdict(s, { complete: true, failOn: 'inconclusive' })).toMatchObject({ verdict: 'passed' });
    const strict = overallVerdict(s, { complete: true, failOn: 'warning' });
    expect(strict).toMatchObject({ verdict: 'failed', exit: EXIT.failed });
    expect(strict.reason).toMatch(/^2 rule\(s\) warned, and --fail-on warning counts warnings/);
    const known = { tolerated: 0, toleratedWarnings: 2, problems: [] };
    expect(overallVerdict(s, { complete: true, failOn: 'warning', baseline: known })).toMatchObject({
      verdict: 'passed',
      exit: EXIT.ok,
    });
    const oneKnown = { ...known, toleratedWarnings: 1 };
    expect(overallVerdict(s, { complete: true, failOn: 'warning', baseline: oneKnown }).reason).toMatch(
      /^1 rule\(s\) warned/,
    );
  });

  test('nothing judged: exit 3; paycert errors or an unfinished run: exit 4', () => {
    expect(overallVerdict([subject('real', { skipped: 4 }, ['GL-A-01'])], { complete: true })).toMatchObject({
      verdict: 'unjudged',
      exit: EXIT.unjudged,
    });
    expect(
      overallVerdict([subject('real', { passed: 4, failed: 1 })], { complete: true, errors: ['suite did not load'] }),
    ).toMatchObject({ verdict: 'error', exit: EXIT.internal });
    expect(overallVerdict([subject('real', { passed: 4 })], { complete: false })).toMatchObject({
      verdict: 'partial',
      exit: EXIT.internal,
    });
  });

  // a stub answering every Jysan request with the same XML: 0 passed, 6 warned, 64 inconclusive was
  // "passed (no rule failed, 6 warning(s); …)", exit 0
  test('no rule passed: unjudged (exit 3) even with warnings; --fail-on warning still fails it', () => {
    const s = [subject('real', { warning: 6, inconclusive: 64 }, ['JY-A-01'])];
    const v = overallVerdict(s, { complete: true });
    expect(v).toMatchObject({ verdict: 'unjudged', exit: EXIT.unjudged });
    expect(v.reason).toMatch(/^no rule was shown to hold: none passed, 6 warned/);
    expect(overallVerdict(s, { complete: true, failOn: 'warning' })).toMatchObject({
      verdict: 'failed',
      exit: EXIT.failed,
    });
  });

  test('warnings alone pass', () => {
    expect(overallVerdict([subject('real', { passed: 4, warning: 2 })], { complete: true })).toMatchObject({
      verdict: 'passed',
      exit: EXIT.ok,
    });
  });

  // probe 23: a shop taking unsigned callbacks (INFERRED rules, warnings against a real target) got "passed
  // (no rule failed, 1 warning(s))", exit 0; the line says how to make warnings count in CI
  test('warnings that do not fail the run say how to make them count', () => {
    const v = overallVerdict([subject('real', { passed: 4, warning: 2 })], { complete: true });
    expect(v.reason).toMatch(/^no rule failed, 2 warning\(s\) \(--fail-on warning fails the run on them\)/);
    expect(overallVerdict([subject('real', { passed: 4 })], { complete: true }).reason).not.toMatch(/--fail-on/);
  });

  test('the exit codes are distinct', () => {
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
    expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 2, unjudged: 3, internal: 4 });
  });
});

/** A check result of the jysan gateway, for the certificate tests to complete. */
const checkResult = resultBase('jysan', 'gateway', 'enc');

describe('the certificate applies the policy', () => {
  test('a failed SHOULD rule (JY-ENC-04) is a warning against a real target, a failure against a reference', async () => {
    const { profileCertificate } = await import('../../../src/report/certificate.ts');
    const result = {
      ...checkResult,
      id: 'jy.enc.x',
      rules: ['JY-ENC-04'],
      outcome: 'failed' as const,
      ruleOutcomes: { 'JY-ENC-04': 'failed' as const },
      failures: [{ rule: 'JY-ENC-04', message: 'accepted 344 characters' }],
    };
    const cert = (target: TargetKind) =>
      profileCertificate(
        { profile: 'jysan', kind: 'gateway', target, baseUrl: 'https://test.example', capabilities: [] } as never,
        [result],
      );
    expect(cert('real').rules.find((r) => r.id === 'JY-ENC-04')?.verdict).toBe('warning');
    expect(cert('real').checkSummary).toMatchObject({ warning: 1, failed: 0 });
    expect(cert('reference').rules.find((r) => r.id === 'JY-ENC-04')?.verdict).toBe('failed');
    expect(cert('reference').checkSummary).toMatchObject({ warning: 0, failed: 1 });
  });
  // a probe's shop read merchantId 123456 (the sandbox's default) in its certificate: no call had carried it
  test("a merchant's certificate names only the ids its calls carried", async () => {
    const { profileCertificate } = await import('../../../src/report/certificate.ts');
    const account = (profile: string, kind: string) =>
      profileCertificate(
        { profile, kind, target: 'real', baseUrl: 'https://shop.example', capabilities: [] } as never,
        [],
      ).account ?? {};
    expect(account('greenleaves', 'merchant')).toEqual({});
    expect(account('jysan', 'merchant')).toEqual({});
    expect(Object.keys(account('greenleaves-v5', 'merchant'))).toEqual(['authId']);
    expect(Object.keys(account('greenleaves', 'gateway'))).toEqual(['merchantId']);
    expect(Object.keys(account('jysan', 'gateway'))).toEqual(['merchant', 'terminal']);
  });
  /** The reason a real Jysan merchant's certificate gives `rule`, its one check `id` inconclusive with `reason`. */
  async function inconclusiveReason(id: string, rule: string, reason: string): Promise<string> {
    const { profileCertificate } = await import('../../../src/report/certificate.ts');
    const result = {
      ...checkResult,
      id,
      subject: 'merchant',
      rules: [rule],
      outcome: 'inconclusive' as const,
      reason,
      ruleOutcomes: { [rule]: 'inconclusive' as const },
    };
    const cert = profileCertificate(
      {
        profile: 'jysan',
        kind: 'merchant',
        target: 'real',
        baseUrl: 'https://shop.example',
        capabilities: [],
      } as never,
      [result],
    );
    return cert.rules.find((r) => r.id === rule)!.reason;
  }
  test("an inconclusive rule's reason keeps its cause after a long URL (a Jysan BACKREF GET)", async () => {
    const url = `https://shop.example/backref?${'ORDER=000123&AMOUNT=100.00&'.repeat(16)}P_SIGN=${'a1'.repeat(64)}`;
    const why = "answered HTTP 403 with a Cloudflare page: not the API's reply, not judged";
    const reason = await inconclusiveReason('jy.merchant.backref', 'JY-MRD-02', `GET ${url} ${why}`);
    expect(reason.length).toBeLessThanOrEqual(400);
    expect(reason.startsWith('jy.merchant.backref: GET https://shop.example/backref?ORDER=000123')).toBe(true);
    expect(reason.endsWith(why)).toBe(true);
  });
  // probe 26: a long reason was cut at 400 characters mid-word ("…is not show…"), what would judge the
  // rule lost; cut at a sentence or word, marked, where the whole one is said
  test('a reason over 400 characters is cut at a sentence or a word, and says where the whole one is', async () => {
    const sentence = "the pages show the result, not the order's state, so whether 00411016 stays paid is not shown";
    const reason = await inconclusiveReason(
      'jy.merchant.reload',
      'JY-MRD-19',
      `${sentence}; ${sentence}; ${sentence}; ${sentence}; ${sentence}`,
    );
    expect(reason.length).toBeLessThanOrEqual(400 + ' … (full reason in results.ndjson)'.length);
    expect(reason).toMatch(/ is not shown … \(full reason in results\.ndjson\)$/);
  });
  test('a rule passed while another of its checks did not run is marked as only partly judged', async () => {
    const { profileCertificate } = await import('../../../src/report/certificate.ts');
    const base = checkResult;
    const field = {
      ...base,
      id: 'jy.fields.x',
      rules: ['JY-ENC-01', 'JY-ENC-02'],
      outcome: 'passed' as const,
      ruleOutcomes: { 'JY-ENC-01': 'passed' as const, 'JY-ENC-02': 'skipped' as const },
    };
    const plain = {
      ...base,
      id: 'jy.flow.plaintext',
      rules: ['JY-ENC-01'],
      outcome: 'skipped' as const,
      reason: 'needs the bank public key',
      ruleOutcomes: { 'JY-ENC-01': 'skipped' as const },
    };
    const cert = (results: unknown[]) =>
      profileCertificate(
        {
          profile: 'jysan',
          kind: 'gateway',
          target: 'real',
          baseUrl: 'https://test.example',
          capabilities: [],
        } as never,
        results as never,
      );
    const partly = cert([field, plain]).rules.find((r) => r.id === 'JY-ENC-01')!;
    expect(partly.verdict).toBe('passed');
    expect(partly.partly).toEqual(['jy.flow.plaintext']);
    expect(partly.reason).toContain('jy.flow.plaintext: needs the bank public key');
    // a check that ran without reaching a rule of its list is not a check that did not run
    const whole = cert([field]).rules.find((r) => r.id === 'JY-ENC-01')!;
    expect(whole.partly).toBeUndefined();
    expect(whole.reason).toBe('passed by jy.fields.x');
  });
});

// A probe's v5 SDK: v5.sdk.refusals judged V5-SDK-10 inconclusive and its other rules passed. The check's
// outcome read `passed` (results.ndjson), checkSummary counted no inconclusive check, while junit.xml
// had an <error> for the rule: a check's verdict is the worst of its rules' (README "Verdicts").
describe("a check's verdict takes its rules' worst", () => {
  test('a rule the check could not judge makes the check inconclusive, with a replay and the reason', async () => {
    const { runCheck } = await import('../../../src/harness/runner.ts');
    const { offlineSubject, jysanCheck } = await import('../harness/offline-check.ts');
    const r = await runCheck(
      jysanCheck('jy.x.half', ['JY-ENC-04', 'JY-ENC-05'], async (t) => {
        t.expect('JY-ENC-04', true, 'held');
        t.cannotJudge('JY-ENC-05', 'the gateway did not make the first payment');
      }),
      offlineSubject('real'),
      { seed: 1, plan: 'full' },
    );
    expect(r.ruleOutcomes).toEqual({ 'JY-ENC-04': 'passed', 'JY-ENC-05': 'inconclusive' });
    expect(r.outcome).toBe('inconclusive');
    expect(r.reason).toBe('JY-ENC-05: jy.x.half: the gateway did not make the first payment');
    expect(r.replay).toMatch(/--check jy\.x\.half$/);
  });
  test('verdictOfCheck and checkSummary count a check by its worst rule, whatever its outcome says', async () => {
    const { profileCertificate, verdictOfCheck } = await import('../../../src/report/certificate.ts');
    const half = (outcome: 'passed' | 'skipped' | 'failed', others: 'passed' | 'skipped' | 'failed') => ({
      ...checkResult,
      id: `jy.x.${outcome}`,
      rules: ['JY-ENC-04', 'JY-ENC-05'],
      outcome,
      ruleOutcomes: { 'JY-ENC-04': others, 'JY-ENC-05': 'inconclusive' as const },
      failures: others === 'failed' ? [{ rule: 'JY-ENC-04', message: 'x' }] : [],
    });
    // a result of an older paycert (or a skipped check that said a rule was undecided)
    expect(verdictOfCheck(half('passed', 'passed'), 'real')).toBe('inconclusive');
    expect(verdictOfCheck(half('skipped', 'skipped'), 'real')).toBe('inconclusive');
    // a failed SHOULD against a real target is a warning, but a rule left undecided ranks above it
    expect(verdictOfCheck(half('failed', 'failed'), 'real')).toBe('inconclusive');
    expect(verdictOfCheck(half('failed', 'failed'), 'reference')).toBe('failed');
    const cert = profileCertificate(
      { profile: 'jysan', kind: 'gateway', target: 'real', baseUrl: 'https://test.example', capabilities: [] } as never,
      [half('passed', 'passed')],
    );
    expect(cert.checkSummary).toMatchObject({ passed: 0, inconclusive: 1 });
    expect(cert.summary).toMatchObject({ passed: 1, inconclusive: 1 });
  });
});

/** A real target's subject with `rules`, its summary counted from them. */
function realSubject(profile: string, subject: string, rules: SubjectVerdicts['rules']): SubjectVerdicts {
  const count = (v: string) => rules.filter((r) => r.verdict === v).length;
  return {
    profile,
    subject,
    target: { kind: 'real' },
    summary: {
      passed: count('passed'),
      failed: count('failed'),
      warning: count('warning'),
      inconclusive: count('inconclusive'),
      skipped: count('skipped'),
    },
    rules,
  };
}

// probe 23: a shop whose edge answered every call 502 certified "passed", exit 0, on JY-MRD-09 alone (its
// TLS certificate: how it is reached, none of its answers)
describe('a run where only the connection was judged', () => {
  const shop = (rules: SubjectVerdicts['rules']) => realSubject('jysan', 'merchant', rules);
  const tls = { id: 'JY-MRD-09', verdict: 'passed' as const, reason: '1 check(s) passed', area: 'merchant-transport' };
  const unanswered = (id: string) => ({
    id,
    verdict: 'inconclusive' as const,
    reason: 'answered HTTP 502 each of the 4 times',
    area: 'merchant-redirect',
  });

  test('the certificate passed, every other rule inconclusive: nothing could be judged (exit 3)', () => {
    const o = overallVerdict([shop([tls, unanswered('JY-MRD-01'), unanswered('JY-MRD-02')])], { complete: true });
    expect([o.verdict, o.exit]).toEqual(['unjudged', EXIT.unjudged]);
    expect(o.reason).toMatch(/^nothing but the connection could be judged: only JY-MRD-09 passed/);
  });
  test('the certificate passed and one answer-judged rule too: passed, its inconclusive rules named', () => {
    const o = overallVerdict(
      [shop([tls, { ...unanswered('JY-MRD-02'), verdict: 'passed', reason: 'ok' }, unanswered('JY-MRD-01')])],
      { complete: true },
    );
    expect([o.verdict, o.exit]).toEqual(['passed', EXIT.ok]);
    expect(o.reason).toMatch(/1 inconclusive: JY-MRD-01/);
  });
  test('a run of the certificate check alone (nothing inconclusive) passes', () => {
    expect(overallVerdict([shop([tls])], { complete: true }).exit).toBe(EXIT.ok);
  });
});

// probe 24: a v5 SDK adapter reading credentials.merchantId (v5 sends authId) refused every operation before
// sending; its leak rules passed on its refusals and the run certified "passed", exit 0, with no request seen
describe('an SDK none of whose requests could be judged', () => {
  const sdk = (rules: SubjectVerdicts['rules'], profile = 'greenleaves-v5') => realSubject(profile, 'sdk', rules);
  const rule = (id: string, verdict: Verdict, area: string) => ({ id, verdict, reason: 'r', area });
  const leak = rule('V5-SDK-20', 'passed', 'sdk-replies');
  const unsent = rule('V5-SDK-01', 'inconclusive', 'sdk-requests');

  test('its answers passed, every request rule inconclusive: unjudged (exit 3), the SDK named', () => {
    const o = overallVerdict([sdk([leak, unsent, rule('V5-SDK-13', 'warning', 'sdk-requests')])], { complete: true });
    expect([o.verdict, o.exit]).toEqual(['unjudged', EXIT.unjudged]);
    expect(o.reason).toMatch(/^no request of the SDK could be judged \(greenleaves-v5\/sdk\)/);
  });
  test('beside other subjects that passed, still unjudged', () => {
    const gateway = { ...sdk([rule('GL-SIG-01', 'passed', 'signature')], 'greenleaves'), subject: 'gateway' };
    expect(overallVerdict([gateway, sdk([leak, unsent])], { complete: true }).verdict).toBe('unjudged');
  });
  test('one request rule passed: passed, its inconclusive rules named', () => {
    const o = overallVerdict([sdk([leak, unsent, rule('V5-SDK-02', 'passed', 'sdk-requests')])], { complete: true });
    expect([o.verdict, o.exit]).toEqual(['passed', EXIT.ok]);
  });
  test('an SDK with no operation that sends (request rules skipped, none inconclusive): passed', () => {
    const o = overallVerdict([sdk([leak, rule('V5-SDK-01', 'skipped', 'sdk-requests')])], { complete: true });
    expect(o.verdict).toBe('passed');
  });
});
