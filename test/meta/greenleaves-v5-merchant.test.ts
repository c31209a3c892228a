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

// probe 22 (a v5 shop in Java). A shop verifying nothing but the header's presence refused only the call
// without one: V5-MCB-03 ("a callback refused for its signature changes nothing") stood on that one
// refusal, the forgeries that paid the order unsaid, and read "passed" in full. And V5-MCB-09's reason
// named only the first of a check_url's several faults (the expired order's only in results.ndjson).
const only = (id: string) => checks.filter((c) => c.id === id);
test.concurrent.each([
  [['signature-present-only'], 'v5.mcb.forged', 'V5-MCB-03', 'passed', /judged in part: .*without X-JWS-Signature/],
  [
    ['check-ignores-amount', 'check-ok-when-expired'],
    'v5.mcb.check-cannot-take',
    'V5-MCB-09',
    'failed',
    /^v5\.mcb\.check-cannot-take: 4 faults: .*amount \+ 0\.01.*; .*currency USD.*; .*an expired order/,
  ],
  // the paid payment after a declined one refused, and check_url refusing the order before the declined
  // call (its word for ok is "success"): the refusal may be the order's own, not the declined call's doing
  // (probe 22: a shop misreading 510.5 for "510.50" was blamed on V5-MCB-06)
  [
    ['check-answers-success', 'declined-marks-paid'],
    'v5.mcb.declined',
    'V5-MCB-06',
    'passed',
    /judged in part: .*the paid one was answered .*check_url refused \S+ as it is before the declined call/,
  ],
  // the paid payment after a declined one answered with the declined one's words: kept by order_id
  [['answers-by-order'], 'v5.mcb.declined', 'V5-MCB-09', 'failed', /after a declined payment.*order_id/],
] as const)('defects %j on %s: %s %s, its reason %s', async (defects, check, rule, verdict, want) => {
  const { cert } = await certify('greenleaves-v5', 'merchant', only(check), [...defects], 1);
  const r = cert.rules.find((x) => x.id === rule)!;
  expect(r.verdict, r.reason).toBe(verdict);
  expect(r.reason).toMatch(want);
});
