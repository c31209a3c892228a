import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks, withEnv } from '../harness/judge-checks.ts';

// A v5 gateway that refuses every correctly signed token (here: it knows the merchant by another
// secret_key than paycert's, as one verifying over the wrong bytes or with a mangled key does) also
// refuses every forgery; that shows nothing about the cause each forgery rule names. V5-JWS-01/02/04
// fail on the refused correct token; the rules "X is refused" end inconclusive with the reason (the
// correctly signed control request of the same check was refused too), never passed.
const VAR = 'PAYCERT_GREENLEAVES_V5_SECRET_KEY';
let h: SandboxHandle;

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
});
afterAll(async () => {
  await h?.close();
});

const IDS = [
  'v5.jws.accepted',
  'v5.jws.body-tamper',
  'v5.jws.header-tamper',
  'v5.jws.header-layout',
  'v5.jws.exact-body-bytes',
  'v5.jws.alg',
  'v5.jws.binding',
  'v5.jws.header-fields',
  'v5.jws.malformed',
  'v5.jws.signature-first',
  'v5.kat.vectors',
];

test('a v5 gateway refusing every correct token passes no forgery rule: they are inconclusive, with the reason', async () => {
  const { results, verdicts, shown } = await withEnv(VAR, 'not-the-key-the-gateway-knows', () =>
    judgeChecks('greenleaves-v5', IDS, subjectOf(h, 'gateway')),
  );
  expect(verdicts.passed ?? [], shown).toEqual([]);
  expect((verdicts.failed ?? []).sort(), shown).toEqual(
    [
      'v5.jws.accepted V5-JWS-01',
      'v5.jws.accepted V5-JWS-02',
      'v5.jws.accepted V5-JWS-04',
      'v5.kat.vectors V5-JWS-01',
      'v5.kat.vectors V5-JWS-02',
      'v5.kat.vectors V5-JWS-04',
    ].sort(),
  );
  // the error code and status of the refusals of other keys show nothing either: undecided, not
  // "not applicable" (they were skipped); nor do replies not showing a key the gateway does not hold
  // (V5-JWS-15)
  expect((verdicts.inconclusive ?? []).filter((x) => x.startsWith('v5.jws.accepted ')).sort(), shown).toEqual([
    'v5.jws.accepted V5-ERR-01',
    'v5.jws.accepted V5-ERR-04',
    'v5.jws.accepted V5-JWS-15',
  ]);
  // each forgery check says why: its correctly signed control was refused too
  for (const id of [
    'v5.jws.body-tamper',
    'v5.jws.header-tamper',
    'v5.jws.alg',
    'v5.jws.header-fields',
    'v5.jws.malformed',
    'v5.jws.exact-body-bytes',
  ]) {
    const r = results.find((x) => x.id === id)!;
    expect(r.outcome, `${id}: ${r.reason}`).toBe('inconclusive');
    expect(r.reason, id).toMatch(/correctly signed control request .* was refused too/);
  }
}, 300_000);

// …yet one of them that it accepts still fails its rule: the control explains refusals, not acceptances
test('a v5 gateway refusing every correct token but taking alg none fails V5-JWS-05 and V5-JWS-14', async () => {
  const g = await startReference('greenleaves-v5', 'gateway', ['accepts-alg-none']);
  try {
    const checks = CHECKS['greenleaves-v5'].filter((c) => c.id === 'v5.jws.alg');
    const [r] = await withEnv(VAR, 'not-the-key-the-gateway-knows', () =>
      runChecks(checks, subjectOf(g, 'gateway'), { seed: 7, plan: 'full', runs: 2 }),
    );
    expect(r!.ruleOutcomes, r!.reason).toEqual({
      'V5-JWS-05': 'failed',
      'V5-JWS-14': 'failed',
      'V5-ERR-01': 'inconclusive',
      'V5-ERR-04': 'inconclusive',
      'V5-JWS-15': 'inconclusive',
    });
    expect(r!.reason).toMatch(/V5-JWS-05: a token with alg none .*was not refused/);
  } finally {
    await g.close();
  }
}, 300_000);
