// A rate-limited run judged a third of its rules and printed "verdict: passed", exit 0: the reasons of
// each inconclusive rule said paycert stopped waiting, the summary did not (probe 26 gateway-paced-real).
import { afterEach, expect, test, vi } from 'vitest';
import { summary } from '../../../src/cli/summary.ts';
import { insideAskedWindow, waitBeforeNext } from '../../../src/harness/http.ts';
import { cutReason, type ProfileCertificate } from '../../../src/report/certificate.ts';
import { writeCertificate } from './cert-file.ts';

const STOPPED = (n: number) =>
  `jy.flow.status: POST https://localhost:48546/ecom/api not sent: the target asked (Retry-After) for no requests to https://localhost:48546 for 3 s more, and the next requests to https://localhost:48546 have waited 120 s already, all paycert waits for one target in a run (a target refusing every request would stall the run); the target asked to wait ${n} times; not judged`;

function certFile(reasons: string[], origin = 'https://localhost:48546'): string {
  const rules: ProfileCertificate['rules'] = [
    {
      id: 'JY-SIG-01',
      level: 'MUST',
      area: 'signature',
      statement: 's',
      verdict: 'passed',
      tests: ['a'],
      reason: 'ok',
    },
    ...reasons.map((reason, i) => ({
      id: `JY-STA-0${i + 1}`,
      level: 'MUST' as const,
      area: 'status',
      statement: 's',
      verdict: 'inconclusive' as const,
      tests: ['b'],
      reason,
    })),
  ];
  const profiles: ProfileCertificate[] = [
    {
      profile: 'jysan',
      subject: 'gateway',
      target: { kind: 'real', origin },
      summary: {
        passed: 1,
        failed: 0,
        warning: 0,
        inconclusive: reasons.length,
        skipped: 0,
        rules: rules.length,
        checks: 2,
        cases: 2,
      },
      checkSummary: { passed: 1, failed: 0, warning: 0, inconclusive: 1, skipped: 0 },
      rules,
    },
  ];
  return writeCertificate(profiles);
}

afterEach(() => vi.restoreAllMocks());

function printed(path: string): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
  summary(path, { path: '/tmp/x' });
  return lines;
}

test('most rules unjudged because paycert stopped waiting: the summary says so and why, before the verdict', () => {
  const lines = printed(certFile([STOPPED(40), STOPPED(41), 'jy.x: other side closed']));
  const at = lines.findIndex((l) => l.startsWith('certificate:'));
  const said = lines.slice(0, at).join('\n');
  expect(said).toMatch(
    /paycert stopped waiting for https:\/\/localhost:48546: the target asked to wait 41 times \(429\/503 with Retry-After\); 2 rules were not judged for it/,
  );
  expect(said).toMatch(/most rules were not judged: 3 of 4 inconclusive, 1 judged/);
});

test('a run that judged most of its rules has no such lines', () => {
  const lines = printed(certFile([]));
  expect(lines.join('\n')).not.toMatch(/stopped waiting|most rules were not judged/);
});

test('a long origin: the reason cut at 400 characters in the certificate keeps what the summary reads (the rule and the count)', () => {
  // an origin of 80 characters and more: named three times, it pushed the count past the cut
  const origin = `https://${'merchant-sandbox-'.repeat(3)}gateway.payments-staging.example.test`;
  expect(origin.length).toBeGreaterThanOrEqual(80);
  const url = `${origin}/ecom/api`;
  // the reason as the harness forms it, with the clock given: a budget of 0, spent at the first ask
  const now = 1_000_000;
  for (let i = 0; i < 7; i++) waitBeforeNext(url, 3_000, 3_000, 0, now + i);
  const why = insideAskedWindow(url, now + 10)!;
  expect(why).toBeDefined();
  const reason = cutReason(`jy.flow.status: POST ${url} not sent: ${why}; not judged`);
  expect(reason).toMatch(/full reason in results\.ndjson/);
  const lines = printed(certFile([reason, reason, 'jy.x: other side closed'], origin));
  expect(lines.join('\n')).toMatch(
    /the target asked to wait 7 times \(429\/503 with Retry-After\); 2 rules were not judged for it/,
  );
});
