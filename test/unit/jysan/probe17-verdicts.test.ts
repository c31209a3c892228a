// Wrong verdicts a probe's own Jysan eCom gateway (PHP, written from seed 002) met, each reproduced on the
// reference with the variant or defect that behaves the same way:
// - a declined card's result with res_desc "Транзакция отклонена" (the bank's text) failed JY-ERR-01 (MUST);
// - a violation answered with the field's own code (12 for a too short ORDER) warned JY-ERR-12/13/17, and
//   failed them against paycert's own sandbox run as a target;
// - a gateway verifying no confirm (or cancel) P_SIGN passed: the forgeries went to an unpaid order, whose
//   refusal with 99 "operation not possible" was counted as a signature refusal;
// - a gateway hashing ORDER as a number passed: no ORDER paycert sent had leading zeros;
// - XML replies writing "Tom & Jerry <kids>" unescaped passed JY-STA-02 and JY-LST-02: no value had them;
// - BACKREF's own query lost passed: JY-RED-02 was judged only in the browser flow (payer needed);
// - a gateway checking no XML P_SIGN failed the formula rules JY-SIG-11/12 beside JY-SIG-16;
// - JY-ERR-21 was skipped although the target's cards named one for an MPI outage.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { realSubjectOf, startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck, type CheckResult } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/jysan/index.ts';
import { jysanCards } from '../../../src/spec/jysan-cards.ts';

const handles: Array<{ close: () => unknown }> = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const gateway = checks.filter((c) => c.subject === 'gateway');

/** Checks against the reference with `defects` / `variants`, as the reference or as a real target with
 *  the bank's key and the paycert cards `cards` named as the target's own. */
async function on(defects: string[], variants: string[], real: false | string[]) {
  const h: SandboxHandle = await startReference('jysan', 'gateway', defects, variants);
  handles.push(h);
  if (real) {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-p17-'));
    writeFileSync(join(dir, 'key.pem'), await (await request(`${h.url}/ecom/public-key.pem`)).body.text());
    const own = jysanCards()
      .filter((c) => real.includes(c.id))
      .map((c) => ({ id: c.id, pan: c.pan, exp: c.exp, cvc: c.cvc }));
    writeFileSync(join(dir, 'cards.json'), JSON.stringify({ cards: own }));
    vi.stubEnv('PAYCERT_JYSAN_PUBLIC_KEY', join(dir, 'key.pem'));
    vi.stubEnv('PAYCERT_JYSAN_TEST_CARDS', join(dir, 'cards.json'));
  }
  const subject = real ? realSubjectOf(h, 'gateway') : subjectOf(h, 'gateway');
  const one = async (id: string) => {
    const c = gateway.find((x) => x.id === id);
    if (!c) throw new Error(`no check ${id}`);
    const r = await runCheck(c, subject, { seed: 1, plan: 'full', runs: 5 });
    return { ...r, why: `${id}: ${JSON.stringify(r.ruleReasons)} ${JSON.stringify(r.failures)}` };
  };
  /** every gateway check citing `rule`: their results */
  const citing = async (rule: string) => {
    const out: Array<CheckResult & { why: string }> = [];
    for (const c of gateway.filter((x) => x.rules.includes(rule))) out.push(await one(c.id));
    return out;
  };
  return { one, citing };
}

const all = ['visa-approve', 'visa-decline-funds', 'mc-3ds-fail', 'visa-preauth', 'amex-invalid-type'];
const bad = (r: { ruleOutcomes: Record<string, string> }) =>
  Object.entries(r.ruleOutcomes).filter(([, v]) => v === 'failed' || v === 'inconclusive');
const outcomes = (rs: Array<{ ruleOutcomes: Record<string, string> }>, rule: string) =>
  rs.map((r) => r.ruleOutcomes[rule]);

test("a declined card's result with the bank's own res_desc is no refusal JY-ERR-01 judges", async () => {
  const { one } = await on([], ['decline-bank-text'], all);
  const r = await one('jy.flow.declined');
  expect(r.ruleOutcomes['JY-ERR-01'], r.why).not.toBe('failed');
  expect(bad(r), r.why).toEqual([]);
  expect(r.ruleOutcomes['JY-RED-03'], r.why).toBe('passed');
});

test.each(['field-own-codes', 'field-generic-codes'])(
  "a violation answered with the field's own code or the generic code of its kind (%s) fails and warns nothing",
  async (variant) => {
    const { one } = await on([], [variant], all);
    for (const op of ['payment', 'status', 'cancel', 'confirm', 'list']) {
      const r = await one(`jy.fields.${op}.violations`);
      expect(bad(r), r.why).toEqual([]);
    }
  },
);

test('a violation answered with a code of another kind still fails the code rules', async () => {
  const { one } = await on(['too-short-as-27'], [], false);
  const r = await one('jy.fields.payment.violations');
  expect([r.ruleOutcomes['JY-ERR-12'], r.ruleOutcomes['JY-ERR-17']], r.why).toEqual(['failed', 'failed']);
});

test.each(['confirm-unsigned', 'cancel-unsigned'])(
  'a gateway verifying no %s P_SIGN fails JY-SIG-16: the forgery goes to an order the operation can act on',
  async (defect) => {
    const { citing } = await on([defect], [], false);
    const rs = await citing('JY-SIG-16');
    expect(outcomes(rs, 'JY-SIG-16'), rs.map((r) => r.why).join('\n')).toContain('failed');
  },
);

test('a gateway verifying no XML P_SIGN fails JY-SIG-16 only: the formula rules cannot be judged', async () => {
  const { one } = await on(['xml-unsigned'], [], false);
  const r = await one('jy.sig.xml-operations');
  expect(r.ruleOutcomes['JY-SIG-16'], r.why).toBe('failed');
  for (const rule of ['JY-SIG-11', 'JY-SIG-12']) {
    expect(r.ruleOutcomes[rule], r.why).toBe('inconclusive');
    expect(r.ruleReasons?.[rule], r.why).toMatch(/JY-SIG-16/);
  }
});

test('a gateway hashing ORDER as a number fails JY-SIG-10, not the formula', async () => {
  const { one, citing } = await on(['order-signed-as-number'], [], false);
  const rs = await citing('JY-SIG-10');
  expect(outcomes(rs, 'JY-SIG-10'), rs.map((r) => r.why).join('\n')).toContain('failed');
  const valid = await one('jy.fields.payment.valid');
  expect(valid.failures, valid.why).toEqual([]);
  expect(valid.notes.join('\n'), valid.why).toMatch(/JY-SIG-10/);
});

test('a gateway refusing an ORDER with a leading zero fails JY-PAY-01, not the signature rules', async () => {
  const { one } = await on(['order-zero-refused'], [], false);
  const valid = await one('jy.fields.payment.valid');
  expect(valid.ruleOutcomes['JY-PAY-01'], valid.why).toBe('failed');
  expect([...new Set(valid.failures.map((f) => f.rule))], valid.why).toEqual(['JY-PAY-01']);
  const exact = await one('jy.sig.exact-strings');
  expect(exact.failures, exact.why).toEqual([]);
});

test.each(['JY-STA-02', 'JY-LST-02'])('XML replies with &, < and > unescaped fail %s', async (rule) => {
  const { citing } = await on(['xml-unescaped'], [], false);
  const rs = await citing(rule);
  expect(outcomes(rs, rule), rs.map((r) => r.why).join('\n')).toContain('failed');
});

test("BACKREF's own query lost fails JY-RED-02 in the host-to-host flows (no payer)", async () => {
  const { citing } = await on(['redirect-drops-query'], [], all);
  const rs = await citing('JY-RED-02');
  expect(outcomes(rs, 'JY-RED-02'), rs.map((r) => r.why).join('\n')).toContain('failed');
});

test("JY-ERR-21 is judged with a target's card named for an MPI outage, skipped without one", async () => {
  const named = await on([], [], [...all, 'visa-mpi-unavailable']);
  const r = await named.one('jy.err.mpi-unavailable');
  expect(r.ruleOutcomes['JY-ERR-21'], r.why).toBe('passed');
  const without = await on([], [], all);
  const s = await without.one('jy.err.mpi-unavailable');
  expect(s.outcome, s.why).toBe('skipped');
  expect(s.reason).toMatch(/visa-mpi-unavailable.*PAYCERT_JYSAN_TEST_CARDS/);
});

test('a card named for an MPI outage answered with another code fails JY-ERR-21', async () => {
  const { one } = await on(['unavailable-as-99'], [], [...all, 'visa-mpi-unavailable']);
  const r = await one('jy.err.mpi-unavailable');
  expect(r.ruleOutcomes['JY-ERR-21'], r.why).toBe('failed');
});
