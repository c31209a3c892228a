// Wrong verdicts a probe's own Jysan gateway (Ruby, written from seed 002) met, each reproduced on the
// reference with the variant or defect that behaves the same way:
// - crd_* not all sent answered with the card page (seed-allowed): JY-ENC-01 was left inconclusive by
//   the field check that hands it to jy.flow.card-data, outranking that check's pass;
// - REV_AMOUNT compared as text (a cancel of 400 of 1000 refused): blamed on JY-REV-01, not JY-REV-04;
// - a cancel verified over another formula, by a gateway taking P_SIGN in either case: its refusal
//   explained as the payment's lowercase-hex problem (JY-SIG-06);
// - the server POST of the result as a JSON object: JY-RED-06 also warned "lacks order, …".
// And a probe's own Python gateway:
// - the result's amount spelt 1500.5 for 1500.50 (signed as sent): JY-RED-06 warned "want 1500.50";
// - its own page after a host-to-host payment ("Оплата не выполнена", the order number, no code):
//   JY-ERR-15 (MUST) failed in jy.err.card-type, while jy.err.card-expiry and jy.flow.card-data ended
//   inconclusive ("a plaintext crd_pan was processed: … whether it was paid is unknown").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, expect, test, vi } from 'vitest';
import { realSubjectOf, startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/jysan/index.ts';
import { encodeForm, parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { replyRewritingProxy, requestRewritingProxy } from '../harness/request-proxy.ts';
import { jysanCard } from '../../../src/spec/jysan-cards.ts';

const handles: Array<{ close: () => unknown }> = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

async function run(id: string, defects: string[], variants: string[] = [], caseless = false) {
  const h: SandboxHandle = await startReference('jysan', 'gateway', defects, variants);
  handles.push(h);
  const subject = subjectOf(h, 'gateway');
  if (caseless) {
    // a gateway comparing P_SIGN without case, as the probe's did: every P_SIGN lowercased on the way in
    const p = await requestRewritingProxy(h.url, (req, body) => {
      if (req.method !== 'POST' || !/urlencoded/.test(String(req.headers['content-type']))) return body;
      return encodeForm(parseUrlencoded(body).map(([k, v]) => [k, k === 'P_SIGN' ? v.toLowerCase() : v]));
    });
    handles.push(p);
    subject.baseUrl = p.url;
  }
  return runCheck(
    checks.find((c) => c.id === id)!,
    subject,
    { seed: 1, plan: 'full', runs: 5 },
  );
}

test('crd_* answered with the card page leave JY-ENC-01 to jy.flow.card-data, not inconclusive', async () => {
  const r = await run('jy.fields.payment.violations', [], ['card-page-without-all-card-data']);
  const why = JSON.stringify(r.ruleReasons);
  expect(r.ruleOutcomes['JY-ENC-01'], why).toBe('skipped');
  expect(r.ruleReasons?.['JY-ENC-01']).toMatch(/jy\.flow\.card-data judges it/);
  expect(
    Object.entries(r.ruleOutcomes).filter(([, v]) => v === 'inconclusive' || v === 'failed'),
    why,
  ).toEqual([]);
  const c = await run('jy.flow.card-data', [], ['card-page-without-all-card-data']);
  expect(c.ruleOutcomes['JY-ENC-01'], JSON.stringify(c.ruleReasons)).toBe('passed');
});

test('a partial cancel refused fails JY-REV-04; the fields (JY-REV-01) were taken in the whole cancel', async () => {
  const r = await run('jy.flow.cancel', ['refund-amount-compared-as-text']);
  const why = JSON.stringify(r.ruleReasons);
  expect(r.ruleOutcomes['JY-REV-04'], why).toBe('failed');
  expect(r.failures.map((f) => f.message).join('\n')).toMatch(/cancel of 400 of 1000 was refused .*whole 1000/);
  expect(r.ruleOutcomes['JY-REV-01'], why).toBe('passed');
  // the whole 1000 taken is the control of the refusal of 1000.01 (was inconclusive beside the 400 refused)
  expect(r.ruleOutcomes['JY-REV-03'], why).toBe('passed');
});

test("a cancel refused for its formula is not explained by the payment's hex case", async () => {
  const r = await run('jy.fields.cancel.violations', ['cancel-no-trailing-semicolon'], [], true);
  const why = r.ruleReasons?.['JY-REV-01'] ?? '';
  expect(r.ruleOutcomes['JY-REV-01'], why).toBe('inconclusive');
  expect(why).not.toMatch(/JY-SIG-06|uppercase hex is answered/);
  expect(why).toMatch(/refused as badly signed in either hex case: JY-SIG-13/);
});

test('a JSON server POST warns JY-RED-05 only: its fields are read from the JSON body', async () => {
  const r = await run('jy.backref.server-post', ['backref-post-as-json']);
  const why = JSON.stringify(r.ruleReasons);
  expect(r.ruleOutcomes['JY-RED-05'], why).toBe('failed');
  expect(r.ruleOutcomes['JY-RED-06'], why).toBe('passed');
  expect(r.ruleOutcomes['JY-RED-07'], why).toBe('passed');
});

test('the amount of the result sent to BACKREF is echoed by value: 1500.5 for 1500.50 passes JY-RED-06 and JY-RED-03', async () => {
  const post = await run('jy.backref.server-post', [], ['result-amount-shortest']);
  expect(post.ruleOutcomes['JY-RED-06'], JSON.stringify(post.ruleReasons) + JSON.stringify(post.failures)).toBe(
    'passed',
  );
  expect(post.ruleOutcomes['JY-RED-07']).toBe('passed');
  const browser = await run('jy.flow.browser', [], ['result-amount-shortest']);
  expect(browser.ruleOutcomes['JY-RED-03'], JSON.stringify(browser.failures)).toBe('passed');
});

/** The reference behind `baseUrl` (a proxy's, or its own) judged as a real target with the bank's key and
 *  `cards` (paycert's ids) named as the target's own, as an operator runs paycert; env restored after. */
async function asRealTarget(h: SandboxHandle, cards: string[], baseUrl = h.url) {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-real-'));
  writeFileSync(join(dir, 'key.pem'), await (await request(`${h.url}/ecom/public-key.pem`)).body.text());
  const own = cards.map(jysanCard).map((c) => ({ id: c.id, pan: c.pan, exp: c.exp, cvc: c.cvc }));
  writeFileSync(join(dir, 'cards.json'), JSON.stringify({ cards: own }));
  vi.stubEnv('PAYCERT_JYSAN_PUBLIC_KEY', join(dir, 'key.pem'));
  vi.stubEnv('PAYCERT_JYSAN_TEST_CARDS', join(dir, 'cards.json'));
  const subject = { ...realSubjectOf(h, 'gateway'), baseUrl };
  return async (id: string) => {
    const r = await runCheck(
      checks.find((c) => c.id === id)!,
      subject,
      { seed: 1, plan: 'full', runs: 5 },
    );
    return { ...r, why: `${id}: ${JSON.stringify(r.ruleReasons)} ${JSON.stringify(r.failures)}` };
  };
}

test("a bank's own page after crd_* (no code): the status query settles the refusal, the code rules are inconclusive", async () => {
  const h: SandboxHandle = await startReference('jysan', 'gateway', []);
  handles.push(h);
  // the probe's page for a host-to-host payment, paid or not; a refused signature (21) keeps its error page
  const p = await replyRewritingProxy(h.url, (body, c) => {
    const sent = new URLSearchParams(c.sent.toString('utf8'));
    if (!sent.has('crd_pan') || !/html/.test(String(c.headers['content-type'])) || /data-code="21"/.test(body))
      return body;
    const title = /data-res-code="0"/.test(body) ? 'Оплата выполнена' : 'Оплата не выполнена';
    return `<!DOCTYPE html><html><head><meta charset="UTF-8"><title>${title}</title></head><body><h1>${title}</h1><p>Номер заказа: ${sent.get('ORDER')}</p></body></html>`;
  });
  handles.push(p);
  try {
    const run = await asRealTarget(h, ['amex-invalid-type'], p.url);
    const judged = async (id: string) => {
      const r = await run(id);
      expect(r.failures, r.why).toEqual([]);
      // no reason claims what it then says is unknown
      for (const reason of Object.values(r.ruleReasons ?? {})) expect(reason).not.toMatch(/was processed: .*unknown/);
      return r;
    };
    const type = await judged('jy.err.card-type');
    expect(type.ruleOutcomes['JY-ERR-15'], type.why).toBe('inconclusive');
    expect(type.ruleReasons?.['JY-ERR-15']).toMatch(
      /not a page paycert can read, so its code .*not shown.*status query shows it not paid/,
    );
    const expiry = await judged('jy.err.card-expiry');
    expect(expiry.ruleOutcomes['JY-ENC-05'], expiry.why).toBe('passed');
    expect(expiry.ruleOutcomes['JY-ERR-07'], expiry.why).toBe('inconclusive');
    const data = await judged('jy.flow.card-data');
    for (const rule of ['JY-PAY-20', 'JY-ENC-01', 'JY-ENC-03'])
      expect([rule, data.ruleOutcomes[rule]], data.why).toEqual([rule, 'passed']);
  } finally {
    vi.unstubAllEnvs();
  }
});

// jy.flow.declined pays host-to-host (crd_*): no scripted payer, only the target's declining card named
test("a declined payment is judged on a real target without a scripted payer, with the target's own card", async () => {
  const h: SandboxHandle = await startReference('jysan', 'gateway', []);
  handles.push(h);
  try {
    const none = await (await asRealTarget(h, []))('jy.flow.declined');
    expect(none.outcome, none.why).toBe('skipped');
    expect(none.reason).toMatch(/visa-decline-funds.*PAYCERT_JYSAN_TEST_CARDS/);
    const r = await (await asRealTarget(h, ['visa-decline-funds']))('jy.flow.declined');
    for (const rule of ['JY-RED-01', 'JY-RED-02', 'JY-RED-03', 'JY-SIG-15', 'JY-STA-03'])
      expect([rule, r.ruleOutcomes[rule]], r.why).toEqual([rule, 'passed']);
  } finally {
    vi.unstubAllEnvs();
  }
});

test('a list that holds neither order says so, not an empty ": "', async () => {
  const h: SandboxHandle = await startReference('jysan', 'gateway', []);
  handles.push(h);
  const p = await replyRewritingProxy(h.url, (body, c) =>
    c.sent.toString('utf8').includes('DATE_FROM=') ? body.replace(/<operations>[\s\S]*<\/operations>/, '') : body,
  );
  handles.push(p);
  const subject = { ...subjectOf(h, 'gateway'), baseUrl: p.url };
  const r = await runCheck(
    checks.find((c) => c.id === 'jy.flow.list')!,
    subject,
    { seed: 1, plan: 'full', runs: 5 },
  );
  const said = r.failures.find((f) => /does not hold both orders/.test(f.message))?.message;
  expect(said, JSON.stringify(r.failures)).toMatch(/: it holds none$/);
});
