import { afterEach, describe, expect, test, vi } from 'vitest';
import { summary } from '../../../src/cli/summary.ts';
import { UsageError, describeError } from '../../../src/cli/errors.ts';
import { overall, type ProfileCertificate } from '../../../src/report/certificate.ts';
import type { FailOn } from '../../../src/report/verdict.ts';
import type { TargetKind } from '../../../src/harness/subject.ts';
import { writeCertificate } from './cert-file.ts';

function profile(kind: TargetKind): ProfileCertificate {
  return {
    profile: 'greenleaves',
    subject: 'gateway',
    target: { kind, origin: 'http://127.0.0.1:1' },
    summary: { passed: 1, failed: 0, warning: 0, inconclusive: 1, skipped: 0, rules: 2, checks: 2, cases: 2 },
    checkSummary: { passed: 1, failed: 0, warning: 0, inconclusive: 1, skipped: 0 },
    rules: [
      {
        id: 'GL-SIG-04',
        level: 'MUST',
        area: 'signature',
        statement: 's',
        verdict: 'passed',
        tests: ['a'],
        reason: '1 check(s) passed',
      },
      {
        id: 'GL-PAY-01',
        level: 'MUST',
        area: 'payment',
        statement: 's',
        verdict: 'inconclusive',
        tests: ['b'],
        reason: 'gl.pay.x: other side closed',
      },
    ],
  };
}

function certFile(kind: TargetKind, failOn?: FailOn, reason?: string): string {
  const profiles = [profile(kind)];
  if (reason) profiles[0]!.rules[1]!.reason = reason;
  return writeCertificate(profiles, failOn);
}

function printed(path: string): { code: number; out: string } {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
  const code = summary(path, { error: 'skipped in this test' });
  spy.mockRestore();
  return { code, out: lines.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('run summary', () => {
  test('an inconclusive rule against a reference: named with its reason, verdict inconclusive, exit 1', () => {
    const { code, out } = printed(certFile('reference'));
    expect(code).toBe(1);
    expect(out).toContain('? GL-PAY-01 MUST inconclusive: gl.pay.x: other side closed');
    expect(out).toMatch(
      /verdict: inconclusive \(rules inconclusive against a reference: a defect of paycert itself \(or, for a reference reached at --target, of what stands in front of it: a proxy, a rate limit\); 1 inconclusive: GL-PAY-01 \(greenleaves\/gateway: gl\.pay\.x: other side closed\)\)/,
    );
  });

  test('against a real target the same run passes, still naming the rule; --fail-on inconclusive makes it exit 1', () => {
    const real = printed(certFile('real'));
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/verdict: passed \(no rule failed; 1 inconclusive: GL-PAY-01/);
    expect(printed(certFile('real', 'inconclusive')).code).toBe(1);
  });

  // a hostile gateway left 88 rules inconclusive: the verdict line repeated every group's reason (9 KB)
  test('many inconclusive rules: the verdict line counts them, names the first few and points to the certificate', () => {
    const p = profile('real');
    p.rules = Array.from({ length: 40 }, (_, i) => ({
      ...p.rules[1]!,
      id: `GL-PAY-${String(i + 1).padStart(2, '0')}`,
      tests: [`c${i}`],
      reason: `gl.pay.c${i}: POST /g2g/payment: the reply has elements nested deeper than 100 levels, ${'so it was not read '.repeat(5)}`,
    }));
    p.summary = { ...p.summary, passed: 0, inconclusive: 40, rules: 40 };
    const o = overall([p], true);
    const path = writeCertificate([p]);
    const { out } = printed(path);
    const line = out.split('\n').find((l) => l.includes('verdict: '))!;
    expect(line).toMatch(
      /verdict: unjudged \(nothing could be judged; 40 inconclusive: GL-PAY-01, GL-PAY-02, GL-PAY-03, GL-PAY-04, GL-PAY-05 and 35 more, every reason in .*certificate\.json\)$/,
    );
    expect(line.length).toBeLessThan(400 + path.length);
    // the certificate keeps them all, and the lines above the verdict name each rule with its reason
    expect(o.reason).toContain('gl.pay.c39');
    expect(out).toContain('? GL-PAY-40 MUST inconclusive: gl.pay.c39');
  });

  // a gateway's reply quoted in a reason reached the terminal as it was: ESC sequences cleared the
  // screen or recoloured the line, a line break made two lines of one
  test('a reason quoting a hostile reply prints as one line without control characters', () => {
    const hostile = 'HTTP 200, not XML: \u001b[2J\u001b]0;pwned\u0007ok\r\n  ✓ GL-PAY-01 MUST passed\u202e';
    const { out } = printed(certFile('real', undefined, hostile));
    const line = out.split('\n').find((l) => l.includes('GL-PAY-01 MUST inconclusive'))!;
    expect(line).toContain('not XML: \\e[2J\\e]0;pwned\\u0007ok\\r\\n  ✓ GL-PAY-01 MUST passed\\u202e');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out.split('\n').some((l) => l.trimStart().startsWith('✓'))).toBe(false);
  });

  test('a usage error quoting a value with a line break is one line', () => {
    const { line } = describeError(new UsageError('--profile must be one of a, b, got "x\ny\u001b[31m"'));
    expect(line).toBe('paycert: --profile must be one of a, b, got "x\\ny\\e[31m"');
  });
});
