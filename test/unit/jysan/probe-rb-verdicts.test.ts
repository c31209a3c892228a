// Wrong verdicts a probe's own Jysan eCom gateway (Ruby, from seed 002) met, each reproduced on the
// reference with the variant or defect that behaves the same way:
// - a declined card answered with 23 "Превышен лимит!" failed JY-ERR-01 (MUST): "want 99 (errors.json)"
//   (since probe 17 JY-ERR-01 does not judge a payment's result at all);
// - a gateway hashing a Cyrillic DESC as other bytes than UTF-8 failed JY-PAY-09 (MUST, DESC's length)
//   and JY-SIG-01 (MUST) on EX2, where JY-SIG-09 (INFERRED, the encoding) is the rule at fault;
// - a gateway showing the SHARED_SECRET, or the P_SIGN a forged request lacked, passed every rule;
// - a card page whose card number input is named crd_pan was not read (65 rules inconclusive);
// - a gateway answering an unknown ORDER with 99 left the cancel and confirm violations inconclusive;
// - a status <operation> without create_date or rev_max_amount left the list inconclusive and warned
//   JY-REV-04 "rev_max_amount is not 600";
// - jy.flow.confirm needed the scripted payer though its pre-authorisation is paid host-to-host;
// - an empty rrn= in a declined result warned JY-RED-03; a missing P_SIGN answered 21 warned JY-ERR-11/17.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { realSubjectOf, startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/jysan/index.ts';
import { jysanCards } from '../../../src/spec/jysan-cards.ts';
import { cardInput, readPage } from '../../../src/sdk/jysan.ts';

const handles: Array<{ close: () => unknown }> = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Run checks against the reference with `defects` / `variants`, as the reference (`real` false) or
 *  as a real target with the bank's key and every paycert card named as the target's own. */
async function on(defects: string[], variants: string[], real: boolean) {
  const h: SandboxHandle = await startReference('jysan', 'gateway', defects, variants);
  handles.push(h);
  if (real) {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-rb-'));
    writeFileSync(join(dir, 'key.pem'), await (await request(`${h.url}/ecom/public-key.pem`)).body.text());
    const own = jysanCards().map((c) => ({ id: c.id, pan: c.pan, exp: c.exp, cvc: c.cvc }));
    writeFileSync(join(dir, 'cards.json'), JSON.stringify({ cards: own }));
    vi.stubEnv('PAYCERT_JYSAN_PUBLIC_KEY', join(dir, 'key.pem'));
    vi.stubEnv('PAYCERT_JYSAN_TEST_CARDS', join(dir, 'cards.json'));
  }
  const subject = real ? realSubjectOf(h, 'gateway') : subjectOf(h, 'gateway');
  return async (id: string) => {
    const r = await runCheck(
      checks.find((c) => c.id === id)!,
      subject,
      { seed: 1, plan: 'full', runs: 5 },
    );
    return { ...r, why: `${id}: ${JSON.stringify(r.ruleReasons)} ${JSON.stringify(r.failures)}` };
  };
}

const notJudgedBadly = (r: { ruleOutcomes: Record<string, string> }) =>
  Object.entries(r.ruleOutcomes).filter(([, v]) => v === 'failed' || v === 'inconclusive');

// (a declined payment's result is no refused request: JY-ERR-01 judges it no more, probe 17's finding)
test('a declined card answered with another code (23) fails nothing: its result has a non-zero res_code', async () => {
  const run = await on([], ['decline-limit-23'], true);
  const r = await run('jy.flow.declined');
  expect(r.ruleOutcomes['JY-RED-03'], r.why).toBe('passed');
  expect(r.ruleOutcomes['JY-ERR-01'], r.why).toBeUndefined();
  expect(notJudgedBadly(r), r.why).toEqual([]);
});

test('a Cyrillic DESC refused as badly signed is JY-SIG-09, not DESC length (JY-PAY-09) nor the formula', async () => {
  const run = await on(['signs-latin1'], [], false);
  const chars = await run('jy.fields.characters');
  expect(chars.ruleOutcomes['JY-PAY-09'], chars.why).toBe('inconclusive');
  expect(chars.ruleReasons?.['JY-PAY-09']).toMatch(/JY-SIG-09/);
  // this gateway verifies the signature before DESC's length: the 51 refused with 21 shows no length either
  expect(chars.failures, chars.why).toEqual([]);
  const kat = await run('jy.kat.vectors');
  expect(kat.ruleOutcomes['JY-SIG-01'], kat.why).toBe('passed');
  const utf8 = await run('jy.sig.utf8');
  expect(utf8.ruleOutcomes['JY-SIG-09'], utf8.why).toBe('failed');
});

test.each(['error-page-shows-secret', 'error-page-shows-expected-sign'])(
  'a gateway whose error page shows what signs any request fails JY-SIG-17 (%s)',
  async (defect) => {
    const run = await on([defect], [], false);
    const r = await run('jy.sig.tampered');
    expect(r.ruleOutcomes['JY-SIG-17'], r.why).toBe('failed');
    expect(
      r.failures.filter((f) => f.rule !== 'JY-SIG-17'),
      r.why,
    ).toEqual([]);
    // the reason names neither the secret nor the digest
    expect(r.why).not.toContain('01234567890123456789012');
  },
);

test('the clean reference passes JY-SIG-17', async () => {
  const run = await on([], [], false);
  const r = await run('jy.sig.tampered');
  expect(r.ruleOutcomes['JY-SIG-17'], r.why).toBe('passed');
});

test('a card page names its inputs as the bank (crd_pan) or another vendor does: it is a card page', () => {
  const page = (pan: string, exp = 'card_exp', cvc = 'card_cvc') =>
    readPage({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: new Uint8Array(),
      text: `<form method="post" action="/ecom/pay"><input type="hidden" name="token" value="t"><input name="${pan}"><input name="${exp}"><input name="${cvc}" type="password"></form>`,
    });
  for (const name of [
    'crd_pan',
    'card_pan',
    'card_no',
    'cardNo',
    'card-number',
    'cardnum',
    'cardNumber',
    'ccnum',
    'cc_number',
    'pan',
  ])
    expect([name, page(name).kind]).toEqual([name, 'card-page']);
  expect(page('token2').kind).toBe('other');
  for (const [name, datum] of [
    ['crd_pan', 'pan'],
    ['card_no', 'pan'],
    ['cardNumber', 'pan'],
    ['crd_exp', 'exp'],
    ['card_exp', 'exp'],
    ['expiry', 'exp'],
    ['card-expiry-date', 'exp'],
    ['crd_cvc', 'cvc'],
    ['card_cvc', 'cvc'],
    ['cvv2', 'cvc'],
    ['security_code', 'cvc'],
    ['token', undefined],
    ['card_holder', undefined],
    ['email', undefined],
  ] as const)
    expect([name, cardInput(name)]).toEqual([name, datum]);
});

test('the cancel and confirm violations are judged beside an unknown ORDER answered with 99', async () => {
  const run = await on([], ['unknown-order-99'], true);
  for (const id of ['jy.fields.cancel.violations', 'jy.fields.confirm.violations']) {
    const r = await run(id);
    expect(notJudgedBadly(r), r.why).toEqual([]);
    expect(r.ruleOutcomes['JY-ERR-01'], r.why).toBe('passed');
  }
});

test('a status <operation> without create_date or rev_max_amount: list, cancel and confirm are judged', async () => {
  const run = await on([], ['status-minimal-operation'], true);
  const list = await run('jy.flow.list');
  for (const rule of ['JY-LST-01', 'JY-LST-02'])
    expect([rule, list.ruleOutcomes[rule]], list.why).toEqual([rule, 'passed']);
  const cancel = await run('jy.flow.cancel');
  expect(notJudgedBadly(cancel), cancel.why).toEqual([]);
  // judged to its end: the refusal of 0.01 with nothing left (JY-REV-03) and the remainder (JY-REV-04)
  expect(cancel.ruleOutcomes['JY-REV-04'], cancel.why).toBe('passed');
  expect(cancel.ruleOutcomes['JY-REV-03'], cancel.why).toBe('passed');
  const confirm = await run('jy.flow.confirm');
  expect(confirm.ruleOutcomes['JY-CNF-01'], confirm.why).toBe('passed');
});

test('jy.flow.confirm runs on a real target without a scripted payer and catches a second confirm taken', async () => {
  const clean = await (await on([], [], true))('jy.flow.confirm');
  expect(clean.outcome, clean.why).toBe('passed');
  const twice = await (await on(['confirms-twice'], [], true))('jy.flow.confirm');
  expect(twice.failures.map((f) => f.message).join('\n'), twice.why).toMatch(/second confirm was accepted/);
});

test('an empty rrn= in a declined result is no rrn (JY-RED-03)', async () => {
  const r = await (await on([], ['result-empty-rrn'], true))('jy.flow.declined');
  expect(r.ruleOutcomes['JY-RED-03'], r.why).toBe('passed');
  expect(r.ruleOutcomes['JY-SIG-15'], r.why).toBe('passed');
});

test('a missing P_SIGN answered 21 is taken as a too-short one is (JY-ERR-11, JY-ERR-17)', async () => {
  const r = await (await on([], ['signature-verified-first'], true))('jy.fields.payment.violations');
  expect(
    r.failures.filter((f) => /P_SIGN/.test(f.message)),
    r.why,
  ).toEqual([]);
  expect(notJudgedBadly(r), r.why).toEqual([]);
});
