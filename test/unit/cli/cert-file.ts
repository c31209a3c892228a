import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overall, type Certificate, type ProfileCertificate } from '../../../src/report/certificate.ts';
import type { FailOn } from '../../../src/report/verdict.ts';

/** A complete run's certificate.json of `profiles` (its verdict by overall, under `failOn`), written in a
 *  temporary directory: its path, for summary to read. */
export function writeCertificate(profiles: ProfileCertificate[], failOn?: FailOn): string {
  const o = overall(profiles, true, [], failOn);
  const cert: Certificate = {
    tool: { name: 'paycert', version: '0' },
    complete: true,
    seed: 1,
    plan: 'full',
    startedAt: '',
    failOn,
    verdict: o.verdict,
    verdictReason: o.reason,
    inconclusive: o.inconclusive,
    profiles,
  };
  const path = join(mkdtempSync(join(tmpdir(), 'paycert-summary-')), 'certificate.json');
  writeFileSync(path, JSON.stringify(cert));
  return path;
}
