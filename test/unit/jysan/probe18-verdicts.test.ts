// Wrong verdicts a probe's own Jysan eCom gateway (Python, written from seed 002: probe 18) met, each
// reproduced on the reference with the variant or defect that behaves the same way:
// - a KZT-only terminal checking the currency before the signature answered CURRENCY=USD changed after
//   signing with 14 "Неправильная валюта", and failed JY-ERR-09 (MUST) "code 14, want 21";
// - a gateway taking CURRENCY "KzT" (ISO 4217 letters in another case) failed JY-PAY-03 (MUST), whose
//   capitals are paycert's [I];
// - a gateway refusing a seed-valid EMAIL ("+" in it) with 27 naming EMAIL failed JY-ERR-09 and warned
//   JY-PAY-18, while JY-PAY-11, the EMAIL rule, passed;
// - RECUR_* and PAYMENT_TO all sent empty (absent or carried?) warned JY-REC-01 on a gateway verifying
//   the 13 values then.
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { realSubjectOf, startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/jysan/index.ts';
import { recurring } from '../../../suites/jysan/recurring.checks.ts';

const handles: SandboxHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

/** Check `id` against the reference with `defects` / `variants`, as a real target (`real`) or as the
 *  reference, with `seed` and `runs`. */
async function run(
  id: string,
  o: { defects?: string[]; variants?: string[]; real?: boolean; seed?: number; runs?: number },
) {
  const h = await startReference('jysan', 'gateway', o.defects ?? [], o.variants ?? []);
  handles.push(h);
  const subject = o.real ? realSubjectOf(h, 'gateway', o.runs) : subjectOf(h, 'gateway');
  const c = checks.find((x) => x.id === id)!;
  const r = await runCheck(c, subject, { seed: o.seed ?? 1, plan: 'full', runs: o.runs ?? 5 });
  return { ...r, why: `${id}: ${JSON.stringify(r.ruleReasons)} ${JSON.stringify(r.failures)}` };
}

const bad = (r: { ruleOutcomes: Record<string, string> }) =>
  Object.entries(r.ruleOutcomes).filter(([, v]) => v === 'failed' || v === 'inconclusive');

test('a KZT-only terminal refusing a currency it does not take before the signature fails no rule', async () => {
  const r = await run('jy.sig.tampered', { variants: ['kzt-only-currency-first'], real: true });
  expect(bad(r), r.why).toEqual([]);
  expect(r.ruleOutcomes['JY-ERR-09'], r.why).toBe('passed');
});

test('CURRENCY in ISO 4217 letters of another case, taken, is no violation of JY-PAY-03', async () => {
  // seed 3 generates a mixed-case CURRENCY among the charset violations
  const r = await run('jy.fields.payment.violations', { variants: ['currency-any-spelling'], real: true, seed: 3 });
  expect(bad(r), r.why).toEqual([]);
});

test('a seed-valid EMAIL refused naming EMAIL fails JY-PAY-11, not JY-PAY-18 nor JY-ERR-09', async () => {
  const o = { defects: ['email-address-strict'], variants: ['fields-checked-first'], seed: 1, runs: 30 };
  const valid = await run('jy.fields.payment.valid', o);
  expect(valid.ruleOutcomes['JY-PAY-11'], valid.why).toBe('failed');
  expect(valid.ruleOutcomes['JY-PAY-18'], valid.why).not.toBe('failed');
  const tampered = await run('jy.sig.tampered', o);
  expect(bad(tampered), tampered.why).toEqual([]);
  expect(tampered.ruleOutcomes['JY-ERR-09'], tampered.why).toBe('passed');
});

test('the recurring fields paycert sends always carry one non-empty value', () => {
  // as a property generates them (biased towards small values), not only as fc.sample does; shrinking
  // keeps to what the arbitrary generates
  const carried = (o: Record<string, unknown>) => Object.values(o).some((v) => v !== '');
  const r = fc.check(fc.property(recurring(), carried), { numRuns: 1000, seed: 18 });
  expect(r.failed, JSON.stringify(r.counterexample)).toBe(false);
});

test('a gateway taking RECUR_* and PAYMENT_TO all empty as absent is not warned on JY-REC-01', async () => {
  // seed 16, 60 runs: a case with every extended field empty, before the generator carried a value
  const r = await run('jy.rec.extended-sign', { variants: ['recur-empty-as-absent'], real: true, seed: 16, runs: 60 });
  expect(bad(r), r.why).toEqual([]);
});

test('an unknown LANGUAGE taken as ru is not warned on JY-PAY-22', async () => {
  for (const id of ['jy.fields.payment.violations', 'jy.fields.status.violations']) {
    const r = await run(id, { variants: ['ignores-unknown-language'], real: true });
    expect(r.ruleOutcomes['JY-PAY-22'], r.why).toBe('passed');
    expect(bad(r), r.why).toEqual([]);
  }
});
