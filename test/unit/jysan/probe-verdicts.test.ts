// Wrong verdicts a probe's own Jysan gateway (Ruby, written from seed 002) met, each reproduced on the
// reference with the variant or defect that behaves the same way:
// - crd_* not all sent answered with the card page (seed-allowed): JY-ENC-01 was left inconclusive by
//   the field check that hands it to jy.flow.card-data, outranking that check's pass;
// - REV_AMOUNT compared as text (a cancel of 400 of 1000 refused): blamed on JY-REV-01, not JY-REV-04;
// - a cancel verified over another formula, by a gateway taking P_SIGN in either case: its refusal
//   explained as the payment's lowercase-hex problem (JY-SIG-06);
// - the server POST of the result as a JSON object: JY-RED-06 also warned "lacks order, …".
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/jysan/index.ts';
import { encodeForm, parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { requestRewritingProxy } from '../harness/request-proxy.ts';

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
