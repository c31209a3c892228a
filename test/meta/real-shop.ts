import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Declaration } from '../../src/harness/declaration.ts';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SEED } from '../seed.ts';

/** The reference `profile` shop with `defects` and `variants`, judged as a real shop is (no control API:
 *  no order's state but what its pages show), by the merchant checks citing `rules` or whose id is one of
 *  them (every one where empty); `layout` rewrites its declaration first. */
export async function asRealShop(
  profile: ProfileId,
  defects: string[],
  variants: string[],
  rules: string[],
  layout?: (d: Declaration) => Declaration,
) {
  const h = await startReference(profile, 'merchant', defects, variants);
  const dir = mkdtempSync(join(tmpdir(), 'paycert-real-shop-'));
  try {
    let subject = realSubjectOf(h, 'merchant');
    if (layout) {
      const path = join(dir, 'declaration.json');
      writeFileSync(path, JSON.stringify(layout(JSON.parse(readFileSync(h.declarationPath!, 'utf8')))));
      subject = { ...subject, declarationPath: path };
    }
    const run = CHECKS[profile].filter(
      (c) =>
        c.subject === 'merchant' &&
        (rules.length === 0 || rules.includes(c.id) || c.rules.some((r) => rules.includes(r))),
    );
    const results = await runChecks(run, subject, { seed: SEED, plan: 'full' });
    const cert = profileCertificate(subject, results);
    const of = (id: string) => cert.rules.find((r) => r.id === id)!;
    const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
    return { of, shown, cert, results };
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
