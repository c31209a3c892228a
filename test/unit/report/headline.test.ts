import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildCertificate, type StoredResult } from '../../../src/report/write.ts';
import { certificateHtml } from '../../../src/report/certificate-html.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';

// A probe's v5 shop refusing every genuine callback (its header read by exact case) warned on the
// INFERRED rules it broke, as a real target does, and certificate.html opened on a green "PASSED": the
// heading now says what the pass leaves open, in the colour of a warning.
const subject = {
  profile: 'jysan',
  kind: 'gateway',
  target: 'real',
  baseUrl: 'http://127.0.0.1:1',
  capabilities: [],
  limits: { numRuns: 1, timeoutMs: 1, minIntervalMs: 0, callbackWaitMs: 1, quietMs: 1 },
  slow: true,
} as unknown as RunConfig['subjects'][number];
const result = (id: string, rule: string, outcome: 'passed' | 'failed' | 'inconclusive') =>
  ({
    id,
    title: 't',
    profile: 'jysan',
    subject: 'gateway',
    area: 'signature',
    rules: [rule],
    outcome,
    ruleOutcomes: { [rule]: outcome },
    failures: outcome === 'failed' ? [{ rule, message: 'broken' }] : [],
    notes: [],
    properties: [],
    cases: 1,
    seed: 1,
    durationMs: 1,
    ...(outcome === 'inconclusive' && { reason: 'could not tell' }),
  }) as unknown as StoredResult;

const heading = (results: StoredResult[]) => {
  const config = { seed: 1, plan: 'full', subjects: [subject] } as unknown as RunConfig;
  const cert = buildCertificate(config, results, '', true);
  const html = certificateHtml(cert, results, mkdtempSync(join(tmpdir(), 'paycert-headline-')));
  return { verdict: cert.verdict, h1: /<h1 id="verdict" style="color:([^"]+)">([^<]*)<\/h1>/.exec(html)?.slice(1) };
};

test('a pass with warnings or unjudged rules says so in its heading, not in green', () => {
  expect(heading([result('jy.sig.utf8', 'JY-SIG-09', 'passed')])).toEqual({
    verdict: 'passed',
    h1: ['#1b6e20', 'PASSED'],
  });
  const ok = result('jy.sig.ok', 'JY-SIG-11', 'passed');
  expect(heading([ok, result('jy.sig.utf8', 'JY-SIG-09', 'failed')])).toEqual({
    verdict: 'passed',
    h1: ['#8a6d00', 'PASSED WITH 1 WARNING'],
  });
  expect(
    heading([ok, result('jy.sig.utf8', 'JY-SIG-09', 'failed'), result('jy.sig.other', 'JY-SIG-10', 'inconclusive')]),
  ).toEqual({ verdict: 'passed', h1: ['#8a6d00', 'PASSED WITH 1 WARNING, 1 RULE NOT JUDGED'] });
});
