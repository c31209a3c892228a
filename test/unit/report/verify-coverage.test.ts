import { describe, expect, test } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateReporter } from '../../../src/report/reporter.ts';
import { loadSigningKey, seal, verifyDir } from '../../../src/report/sign.ts';
import { checkResult, jysanSubject } from './report-fixtures.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';

// What `paycert verify` vouches for (a probe of the certification workflow): certificate.html (the
// page an auditor reads), the Allure HTML and evidence/ were not covered, so a certificate.html
// edited from FAILED to PASSED and an added evidence file verified; a partial run's verdict read as a
// full pass; a run stopped by a signal after it signed read as "changed after signing"; a certificate
// signed again with another key verified without --key.

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-verify-'));

function keyFile(): string {
  const k = generateKeyPairSync('ed25519');
  const path = join(tmp(), 'k.pem');
  writeFileSync(path, k.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  return path;
}

const subject = jysanSubject;

const result = (id: string) => checkResult(id);

/** A finished, sealed run directory as `paycert run` leaves it (the reporter's files, Allure results,
 *  evidence, the Allure HTML), signed with `key`; the reporter to go on with. */
async function sealedRun(key: string, plan = 'full'): Promise<{ dir: string; reporter: CertificateReporter }> {
  const dir = tmp();
  writeFileSync(join(dir, '.run-config.json'), '{}\n');
  const reporter = new CertificateReporter(dir, { seed: 1, plan, subjects: [subject] } as RunConfig);
  reporter.onTestCaseResult({ meta: () => ({ paycert: { ...result('a'), evidenceText: 'GET /x' } }) } as never);
  reporter.onTestRunEnd(undefined, []);
  mkdirSync(join(dir, 'allure-results'));
  writeFileSync(join(dir, 'allure-results', 'a-result.json'), '{}');
  mkdirSync(join(dir, 'html'));
  writeFileSync(join(dir, 'html', 'index.html'), '<html>FAILED</html>');
  writeFileSync(join(dir, 'html', 'summary.json'), '{"status":"failed"}');
  await seal(dir, await loadSigningKey(key));
  return { dir, reporter };
}

const copyOf = (dir: string) => {
  const copy = tmp();
  cpSync(dir, copy, { recursive: true });
  return copy;
};

describe('verify covers what a run shows, not only its results', () => {
  const key = keyFile();
  let dir: string;
  test('a sealed run verifies, its digests naming certificate.html, evidence/ and html/', async () => {
    dir = (await sealedRun(key)).dir;
    const v = await verifyDir(dir);
    expect(v.line).toMatch(/^valid: /);
    expect(v.ok).toBe(true);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(Object.keys(cert.digests)).toEqual(
      expect.arrayContaining([
        'certificate.html',
        'evidence/jysan.gateway.a.txt',
        'html/index.html',
        'html/summary.json',
        'allure-results/a-result.json',
      ]),
    );
  });

  test.each([
    ['certificate.html', /digest of certificate\.html does not match/],
    ['html/index.html', /digest of html\/index\.html does not match/],
    ['html/summary.json', /digest of html\/summary\.json does not match/],
    ['evidence/jysan.gateway.a.txt', /digest of evidence\/jysan\.gateway\.a\.txt does not match/],
  ])('%s edited after the run fails', async (file, message) => {
    const copy = copyOf(dir);
    writeFileSync(join(copy, file), readFileSync(join(copy, file), 'utf8').replace(/FAILED|failed|GET|a/, 'PASSED'));
    const v = await verifyDir(copy);
    expect(v.ok).toBe(false);
    expect(v.line).toMatch(message);
  });

  test.each(['evidence/extra.txt', 'html/extra.js'])('%s added after the run fails', async (file) => {
    const copy = copyOf(dir);
    writeFileSync(join(copy, file), 'x\n');
    const v = await verifyDir(copy);
    expect(v.ok).toBe(false);
    expect(v.line).toContain(`${file} is not covered by the certificate's digests`);
  });

  test('a certificate sealed before the seal covered them verifies, saying plainly what it does not cover', async () => {
    const copy = copyOf(dir);
    const path = join(copy, 'certificate.json');
    const cert = JSON.parse(readFileSync(path, 'utf8'));
    delete cert.covers;
    // (unsigned: the test has no old paycert to sign it)
    delete cert.signature;
    rmSync(join(copy, 'certificate.jws'));
    for (const f of Object.keys(cert.digests))
      if (/^(certificate\.html|html\/|evidence\/)/.test(f)) delete cert.digests[f];
    writeFileSync(path, `${JSON.stringify(cert, null, 2)}\n`);
    writeFileSync(join(copy, 'certificate.html'), 'PASSED');
    const v = await verifyDir(copy);
    expect(v.ok).toBe(true);
    expect(v.line).toMatch(
      /not covered by its digests \(sealed by an older paycert\), unchecked: certificate\.html, evidence\/, html\/$/,
    );
  });

  test("a partial run's verdict is shown as partial", async () => {
    const v = await verifyDir((await sealedRun(key, 'smoke')).dir);
    expect(v.ok).toBe(true);
    expect(v.line).toContain('verdict passed (partial: only the checks selected by --plan smoke)');
  });

  // SIGTERM after the seal: the run's signal handler rewrites certificate.json (complete: false)
  test('a run stopped by a signal after it signed is named so', async () => {
    const { dir: late, reporter } = await sealedRun(key);
    reporter.errors.push('interrupted (SIGTERM)');
    reporter.write(false);
    const v = await verifyDir(late);
    expect(v.ok).toBe(false);
    expect(v.line).toMatch(
      /^interrupted after signing \(complete: false\): SIGTERM stopped the run after it had signed/,
    );
  });

  test('a certificate signed again by another key fails without --key, naming both keys', async () => {
    const copy = copyOf(dir);
    const cert = readFileSync(join(copy, 'certificate.json'));
    const other = await loadSigningKey(keyFile());
    const { CompactSign } = await import('jose');
    const jws = await new CompactSign(cert)
      .setProtectedHeader({ alg: other.alg, typ: 'paycert-certificate+jws', kid: other.kid, jwk: other.jwk })
      .sign(other.key);
    writeFileSync(join(copy, 'certificate.jws'), `${jws}\n`);
    const v = await verifyDir(copy);
    expect(v.ok).toBe(false);
    expect(v.line).toMatch(
      new RegExp(
        `certificate\\.json names its signing key "[^"]+" \\(signature\\.kid\\), but certificate\\.jws is signed by key ${other.kid}`,
      ),
    );
  });
});
