// Probe 26 (sdk-tls-edge): an SDK that talks HTTPS only and verifies certificates could not be certified as
// shipped (paycert's recording gateway was plain http on a new loopback port per check), and one with
// certificate verification off passed everything. `paycert run --sdk-tls` serves the gateway over HTTPS with
// a certificate of a CA made for the run (src/harness/sdk-tls.ts); V5-SDK-24 and JY-SDK-27 judge that the
// SDK refuses a certificate from another CA (the defect tls-unverified: test/meta/sdk.test.ts).
import { afterAll, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { Subject } from '../../src/harness/subject.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SEED } from '../seed.ts';
import { shown, wrappedReference } from './sdk-judge.ts';
import { paycert } from './cli.ts';
import { hasOpenssl } from '../self-signed.ts';

afterAll(() => closeAdapters());

/** paycert's reference adapter as an HTTPS-only SDK: every operation that talks to the gateway is refused
 *  before sending when the gateway is plain http (the probe's kzpay, allow_insecure_http=False). */
const httpsOnly = (p: ProfileId) =>
  wrappedReference(p, {
    ask: `if (/^(payment|status)\\./.test(req.op) && /^http:/.test(req.gateway)) return { ok: false, error: { kind: 'validation', message: 'refusing plain http base URL ' + req.gateway + ' (HTTPS only)' } };`,
  });

async function judge(profile: ProfileId, command: string[], tls: boolean) {
  const h = await startReference(profile, 'sdk');
  try {
    const subject: Subject = {
      ...subjectOf(h, 'sdk'),
      target: 'real',
      sdk: { command, ...(tls && { tls: true as const }) },
      info: { implementation: `SDK adapter: https-only`, defects: [] },
    };
    const checks = CHECKS[profile].filter((c) => c.subject === 'sdk');
    return profileCertificate(subject, await runChecks(checks, subject, { seed: SEED, plan: 'full' })).rules;
  } finally {
    await h.close();
  }
}

const RULE_13 = { 'greenleaves-v5': 'V5-SDK-13', jysan: 'JY-SDK-13' } as const;
const TLS_RULE = { 'greenleaves-v5': 'V5-SDK-24', jysan: 'JY-SDK-27' } as const;

for (const profile of ['greenleaves-v5', 'jysan'] as const) {
  test.skipIf(!hasOpenssl())(`${profile}: an HTTPS-only SDK passes every rule under --sdk-tls`, async () => {
    const rules = await judge(profile, httpsOnly(profile), true);
    expect(
      rules.filter((r) => r.verdict !== 'passed').map((r) => r.id),
      shown(rules),
    ).toEqual([]);
    expect(rules.find((r) => r.id === TLS_RULE[profile])?.verdict).toBe('passed');
  });

  // finding 5: without --sdk-tls it warned V5-SDK-13 / JY-SDK-13 "a valid order was refused"; the reasons now
  // say that the SDK seems to refuse http and name the option, and the TLS rule is skipped with its reason
  test(`${profile}: an HTTPS-only SDK given plain http: no warning, the reasons name --sdk-tls`, async () => {
    const rules = await judge(profile, httpsOnly(profile), false);
    const of = (id: string) => rules.find((r) => r.id === id)!;
    expect(
      rules.filter((r) => r.verdict === 'failed' || r.verdict === 'warning').map((r) => r.id),
      shown(rules),
    ).toEqual([]);
    expect(of(RULE_13[profile]).verdict, shown(rules)).toBe('inconclusive');
    expect(of(RULE_13[profile]).reason, shown(rules)).toMatch(
      /the SDK seems to refuse plain http .*paycert run --sdk-tls/,
    );
    expect(of(TLS_RULE[profile]).verdict).toBe('skipped');
    expect(of(TLS_RULE[profile]).reason).toMatch(/needs paycert run --sdk-tls/);
  });
}

// through the CLI: the run's CA is made in its private directory and removed with it; no key in the reports
test.skipIf(!hasOpenssl())('paycert run --sdk-tls: passes; the replay line keeps the option; no key is left', () => {
  const out = mkdtempSync(join(tmpdir(), 'paycert-e2e-sdktls-'));
  // the run's private directory (and the keys in it) is made in TMPDIR: one of this test's own, empty at the end
  const tmp = mkdtempSync(join(tmpdir(), 'paycert-e2e-sdktls-tmp-'));
  const args = ['run', '--profile', 'jysan', '--subject', 'sdk', '--sdk-tls', '--runs', '3', '--out', out];
  const r = paycert(args, { TMPDIR: tmp });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/jysan\/sdk @ https:\/\/127\.0\.0\.1/);
  const config = JSON.parse(readFileSync(join(out, '.run-config.json'), 'utf8')) as {
    replayBase: Record<string, string>;
    subjects: Array<{ sdk?: { tls?: boolean } }>;
  };
  expect(config.replayBase['jysan/sdk']).toMatch(/--sdk-tls/);
  expect(config.subjects[0]?.sdk?.tls).toBe(true);
  const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8'), f.name).not.toMatch(/PRIVATE KEY/);
  expect(readdirSync(tmp, { recursive: true })).toEqual([]);
});

test('paycert run --sdk-tls without openssl is a usage error: one line, exit 2', () => {
  const r = paycert(['run', '--profile', 'jysan', '--subject', 'sdk', '--sdk-tls'], { PATH: '/nonexistent' });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim()).toMatch(/^paycert: --sdk-tls needs openssl on PATH/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});
