import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { certify, defectMetaTests, toleranceMetaTests } from './support.ts';
import { startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { SEED } from '../seed.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';
import {
  GREENLEAVES_V5_MERCHANT_DEFECTS,
  GREENLEAVES_V5_MERCHANT_VARIANTS,
} from '../../src/merchant/greenleaves-v5/defects.ts';

defectMetaTests('greenleaves-v5', 'merchant', checks, GREENLEAVES_V5_MERCHANT_DEFECTS, { exact: true });
toleranceMetaTests('greenleaves-v5', 'merchant', checks, GREENLEAVES_V5_MERCHANT_VARIANTS);

// A second `paycert run` against the same shop (its store kept): README says "running again repeats the
// earlier calls instead of paying twice". v5.mcb.check-cannot-take paid the order it then asked check_url to
// take as payable, so the second run found it paid and left V5-MCB-09 inconclusive. A fresh allocator
// per run (a copy of the declaration: `ordersOf` keeps one per file and process) plays the new process.
test('a second and third run against the same reference merchant store are judged in full and pass', async () => {
  const h = await startReference('greenleaves-v5', 'merchant');
  const dir = mkdtempSync(join(tmpdir(), 'paycert-v5-rerun-'));
  try {
    const first = subjectOf(h, 'merchant');
    const merchant = checks.filter((c) => c.subject === 'merchant');
    for (const run of [1, 2, 3]) {
      const declarationPath = join(dir, `run${run}.declaration.json`);
      copyFileSync(first.declarationPath!, declarationPath);
      const results = await runChecks(merchant, { ...first, declarationPath }, { seed: SEED, plan: 'full', runs: 2 });
      const cert = profileCertificate(first, results);
      expect(
        cert.rules
          .filter((r) => r.verdict !== 'passed' || r.partly?.length)
          .map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
        `run ${run}`,
      ).toEqual([]);
    }
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);

// The certificate shows a rule's first failure: V5-MCB-01's was v5.mcb.genuine's bare "answered HTTP 403"
// for a shop verifying other bytes than those received (a latin1 read), the diagnosis ("raw UTF-8 …")
// only under the rules it left unjudged. And V5-MCB-08, left inconclusive where no genuine call is
// taken, named V5-MCB-04 too, which a shop taking nothing does not fail.
test.concurrent.each([
  ['verifies-php-reencoded-body', 'V5-MCB-01', /raw UTF-8 .*read in another encoding\?/],
  ['text-answer', 'V5-MCB-08', /^(?!.*V5-MCB-04).*see V5-MCB-01/],
] as const)('defect %s: the reason of %s says why', async (defect, rule, want) => {
  const { cert } = await certify('greenleaves-v5', 'merchant', checks, [defect], 1);
  const r = cert.rules.find((x) => x.id === rule)!;
  expect(r.reason, `${r.id} ${r.verdict}`).toMatch(want);
});
