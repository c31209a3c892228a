// A gateway that shows, to a request paycert forged, the signature that request should have carried
// (V5-JWS-15, GL-SIG-17, JY-SIG-17) hands every reader of the reports a valid signature to replay. The
// rule fails with its proof, and every output shows the value shortened: its first 8 characters, its
// length, and that it is the expected signature (probe 22).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { inProcess, realRun, referenceEnv } from './cli.ts';
import { reportTexts } from './scan.ts';

test.each([
  ['greenleaves-v5', 'error-shows-expected-signature', 'v5.jws.body-tamper', 'V5-JWS-15', 'expected signature'],
  ['greenleaves', 'error-reply-shows-expected-sig', 'gl.sig.tamper-any-field', 'GL-SIG-17', 'expected pg_sig'],
  ['jysan', 'error-page-shows-expected-sign', 'jy.sig.tampered', 'JY-SIG-17', 'expected P_SIGN'],
] as const)(
  '%s, %s: %s fails, and no report shows the leaked signature whole',
  async (profile, defect, check, rule, said) => {
    const h = await startReference(profile as ProfileId, 'gateway', [defect]);
    const dir = mkdtempSync(join(tmpdir(), 'paycert-leaked-'));
    try {
      await inProcess(realRun(profile, h.url, '--check', check, '--out', dir), referenceEnv(profile as ProfileId));
    } finally {
      await h.close();
    }
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')).profiles[0] as {
      rules: Array<{ id: string; verdict: string }>;
    };
    expect(['failed', 'warning']).toContain(cert.rules.find((r) => r.id === rule)?.verdict);
    const texts = reportTexts(dir);
    const whole = new RegExp(`${said}: ([A-Za-z0-9_-]{20,})`, 'g');
    const shown = texts.flatMap(({ file, text }) => [...text.matchAll(whole)].map((m) => `${file}: ${m[0]}`));
    expect(shown).toEqual([]);
    // the proof is kept: the value shortened, saying what it is
    const short = new RegExp(`${said}: [A-Za-z0-9_-]{8}…\\(\\d+ characters: the expected signature\\)`);
    expect(texts.some(({ text }) => short.test(text))).toBe(true);
  },
);
