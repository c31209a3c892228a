import { afterEach, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateReporter } from '../../../src/report/reporter.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';

afterEach(() => vi.useRealTimers());

const subject = {
  profile: 'jysan',
  kind: 'gateway',
  target: 'reference',
  baseUrl: 'http://127.0.0.1:1',
  capabilities: [],
  limits: { timeoutMs: 1000, minIntervalMs: 0 },
  slow: true,
} as unknown as RunConfig['subjects'][number];

const result = (id: string) => ({
  id,
  title: id,
  profile: 'jysan',
  subject: 'gateway',
  area: 'signature',
  rules: ['JY-SIG-01'],
  outcome: 'passed',
  ruleOutcomes: { 'JY-SIG-01': 'passed' },
  failures: [],
  notes: [],
  properties: [],
  cases: 1,
  seed: 1,
  durationMs: 1,
});
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
