import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { closeAdapters } from '../../../src/harness/sdk.ts';
import { redact, redactText } from '../../../src/harness/redact.ts';
import { signatureInAnswer } from '../../../suites/sdk-support.ts';
import { CHECKS } from '../../../suites/registry.ts';
import type { ProfileId } from '../../../src/spec/paths.ts';

afterAll(() => closeAdapters());

/** The sdk check `id` of `profile` against the reference SDK adapter with `defects` or `variants` (seed 1,
 *  full plan, 3 cases), or against `command` (an adapter of the test's own): its rules' outcomes and,
 *  for an assertion's message, their reasons. */
export async function judge(
  profile: ProfileId,
  id: string,
  o: { defects?: string[]; variants?: string[]; command?: string[] } = {},
) {
  const check = CHECKS[profile].find((c) => c.id === id)!;
  expect(check, id).toBeDefined();
  const h = await startReference(profile, 'sdk', o.defects ?? [], o.variants ?? []);
  try {
    const subject = { ...subjectOf(h, 'sdk'), ...(o.command && { sdk: { command: o.command } }) };
    const r = await runCheck(check, subject, { seed: 1, plan: 'full', runs: 3 });
    const failed = (rule: string) => r.failures.find((f) => f.rule === rule)?.message;
    const shown = JSON.stringify({ failures: r.failures, reasons: r.ruleReasons, partly: r.partly, notes: r.notes });
    return { ...r, evidence: r.evidence, failed, why: `${id}: ${r.outcome} ${r.reason ?? ''} ${shown}` };
  } finally {
    await h.close();
  }
}

// probe 22: a proxy on the SDK's wire that sends every POST twice, byte for byte, and hands back the
// reply to the second. paycert changed the reply to the first; the SDK got the genuine second one.
test('g2g, every POST sent twice: GL-SDK-04 does not blame a changed reply the SDK never got', async () => {
  const r = await judge('greenleaves', 'gl.sdk.reply-verification', { defects: ['sends-every-post-twice'] });
  expect(r.ruleOutcomes['GL-SDK-04'], r.why).not.toBe('failed');
  expect(r.why).toMatch(/sent the same request again/);
});

test('g2g, every POST sent twice: GL-SDK-02 names the request sent twice (a second payment)', async () => {
  const r = await judge('greenleaves', 'gl.sdk.requests', { defects: ['sends-every-post-twice'] });
  expect(r.ruleOutcomes['GL-SDK-02'], r.why).toBe('failed');
  expect(r.failed('GL-SDK-02'), r.why).toMatch(/the same request to \/g2g\/\w+ was sent twice, byte for byte/);
});

// the same proxy on v5: the resend is the same request under its X-Request-Id (the gateway answers it
// with the first reply), which V5-SDK-03 asks of a resend: not two requests under one id
test('v5, every POST sent twice under its X-Request-Id: V5-SDK-02 passes', async () => {
  for (const id of ['v5.sdk.requests', 'v5.sdk.operations']) {
    const r = await judge('greenleaves-v5', id, { variants: ['sends-every-post-twice'] });
    expect(r.ruleOutcomes['V5-SDK-02'], r.why).toBe('passed');
  }
});

/** An SDK answering `ops` from a cache of their first success, nothing sent (caching-adapter.mjs). */
const caching = (profile: ProfileId, ...ops: string[]) => [
  process.execPath,
  fileURLToPath(new URL('./caching-adapter.mjs', import.meta.url)),
  profile,
  ...ops,
];

// probe 22's stale-cache proxy on v5: the read by order_id got the read by id's reply, another payment,
// and never reached the gateway; v5.sdk.operations passed everything, no note
test('v5, a read answered from a cache: its request rules are judged in part, said so', async () => {
  const r = await judge('greenleaves-v5', 'v5.sdk.operations', { command: caching('greenleaves-v5', 'payment.read') });
  expect(r.failures, r.why).toEqual([]);
  expect(r.partly?.['V5-SDK-11'], r.why).toMatch(
    /sent no request to the gateway for payment\.read by order_id PC\w+ \(it answered ok/,
  );
  expect(r.notes.join('\n'), r.why).toMatch(/sent no request to the gateway for payment\.read/);
});

// a create refused before anything was sent: the payment was not created and the create sent nothing;
// the call with no request behind it still marks the rules judged in part (it sat in an else-if after the
// "payment was not created" note, and marked nothing)
test('v5, a create refused unsent: the unsent call marks the rules judged in part beside the note', async () => {
  const command = ['env', 'REFUSE=payment.create', ...caching('greenleaves-v5')];
  const r = await judge('greenleaves-v5', 'v5.sdk.operations', { command });
  expect(r.notes.join('\n'), r.why).toMatch(/a payment was not created/);
  expect(r.partly?.['V5-SDK-11'], r.why).toMatch(
    /sent no request to the gateway for payment\.create \(it refused it before sending anything: error validation/,
  );
});

// the same on g2g: the status of an unknown payment reported ok with another payment's fields, sent to no
// gateway. GL-SDK-17 is about a reply that is no XML, or none, to a request sent; it says nothing of a call
// never sent: judged in part, with the reason, as GL-SDK-05 (which judges error replies)
test('g2g, a status answered from a cache: GL-SDK-17 and GL-SDK-05 are judged in part, not failed', async () => {
  // the adapter process is kept between checks (closeAdapters): the status of gl.sdk.requests's payment is cached
  const command = caching('greenleaves', 'status.get');
  await judge('greenleaves', 'gl.sdk.requests', { command });
  const r = await judge('greenleaves', 'gl.sdk.error-replies', { command });
  expect(r.failures, r.why).toEqual([]);
  expect(r.partly?.['GL-SDK-17'], r.why).toMatch(/sent no request for the status of an unknown payment/);
  expect(r.ruleOutcomes['GL-SDK-05'], r.why).not.toBe('failed');
});

// probe 22's Java SDK: its create result echoed the request, pan and cvc in full, and passed (g2g has GL-SDK-27)
test('v5, a create result with the card in full fails V5-SDK-22', async () => {
  const r = await judge('greenleaves-v5', 'v5.sdk.refusals', { defects: ['echoes-request'] });
  expect(r.failed('V5-SDK-22'), r.why).toMatch(
    /payment\.create: the SDK's answer shows the card it was given \(output\.request/,
  );
  expect(r.failed('V5-SDK-22'), r.why).not.toMatch(/4400444400004440|[0-9]{13}/);
});

// probe 22's Java SDK answered a forged callback "signature mismatch (expected <the correct MAC>)": anyone got
// a valid signature for a body of their choosing, and it passed; g2g's handler had the same gap (pg_sig)
test('a callback refusal carrying the signature the refused call should have had fails V5-SDK-23 and GL-SDK-28', async () => {
  const v5 = await judge('greenleaves-v5', 'v5.sdk.callback-forged', { defects: ['refusal-shows-expected-signature'] });
  expect(v5.failed('V5-SDK-23'), v5.why).toMatch(
    /was refused with an answer carrying the signature it should have had \(output\.body\)/,
  );
  expect(v5.ruleOutcomes['V5-SDK-08'], v5.why).toBe('passed');
  const g2g = await judge('greenleaves', 'gl.sdk.callback-forged', { defects: ['refusal-shows-expected-signature'] });
  expect(g2g.failed('GL-SDK-28'), g2g.why).toMatch(
    /was refused with an answer carrying the pg_sig it should have had \(output\.body\)/,
  );
  expect(g2g.ruleOutcomes['GL-SDK-06'], g2g.why).toBe('passed');
  // the clean handler refuses without it
  const clean = await judge('greenleaves-v5', 'v5.sdk.callback-forged');
  expect(clean.ruleOutcomes['V5-SDK-23'], clean.why).toBe('passed');
});

// probe 22's Java SDK sent Accept: application/json, text/plain;q=0.5, */*;q=0.1 (as axios and Spring do):
// kept a failure (seed 000 "Accept - Must be application/json"), its reason quoting the header sent and
// the seed's words, so that the user sees what was read literally
test("V5-SDK-04's reason quotes the header sent and the seed's words", async () => {
  const r = await judge('greenleaves-v5', 'v5.sdk.requests', { defects: ['accept-list'] });
  const why = r.failed('V5-SDK-04');
  expect(why, r.why).toContain('Accept "application/json, text/plain, */*"');
  expect(why, r.why).toContain(
    'seed 000: "Content-Type - Must be application/json", "Accept - Must be application/json"',
  );
});

// an SDK taking every forgery refuses none; what its answers show is judged all the same (probe 23: GL-SDK-28
// is about the answer to a forged call, whatever it decides; a valid pg_sig in it signs for the sender)
test('g2g, an SDK taking every forged call: GL-SDK-28 is judged on the answers to the forged calls', async () => {
  const r = await judge('greenleaves', 'gl.sdk.callback-forged', { defects: ['accepts-forged-callback'] });
  expect(r.ruleOutcomes['GL-SDK-06'], r.why).toBe('failed');
  expect(r.ruleOutcomes['GL-SDK-28'], r.why).toBe('passed');
});

// the same for v5 (V5-SDK-23 was "skipped", then inconclusive "no forged call was refused"): judged on the
// answers to the forged calls, whatever they decide
test('v5, an SDK taking every forged call: V5-SDK-23 is judged on the answers to the forged calls', async () => {
  const r = await judge('greenleaves-v5', 'v5.sdk.callback-forged', { defects: ['accepts-forged-callback'] });
  expect(r.ruleOutcomes['V5-SDK-08'], r.why).toBe('failed');
  expect(r.ruleOutcomes['V5-SDK-23'], r.why).toBe('passed');
});

// the valid signature a refusal showed ("expected <sig>") was kept whole in evidence, Allure and html
test('the valid signature a callback refusal showed is registered: no output keeps it whole', async () => {
  const hex = randomBytes(16).toString('hex');
  const where = signatureInAnswer(
    { id: 1, ok: false, error: { kind: 'signature', message: `expected ${hex.toUpperCase()}` } },
    [{ text: hex }],
  );
  expect(where).toBe('error.message');
  expect(redactText(`sig mismatch, expected ${hex.toUpperCase()}`)).not.toMatch(new RegExp(hex, 'i'));
  const mac = randomBytes(32);
  const text = mac.toString('base64url');
  expect(
    signatureInAnswer({ id: 1, ok: true, output: { body: `expected ${mac.toString('hex')}` } }, [{ text, bytes: mac }]),
  ).toBe('output.body');
  expect(redactText(`a ${mac.toString('hex')} b`)).not.toContain(mac.toString('hex'));
  expect(redactText(`a ${text} b`)).not.toContain(text);
  for (const [profile, id] of [
    ['greenleaves', 'gl.sdk.callback-forged'],
    ['greenleaves-v5', 'v5.sdk.callback-forged'],
  ] as const) {
    const r = await judge(profile, id, { defects: ['refusal-shows-expected-signature'] });
    expect(r.ruleOutcomes[profile === 'greenleaves' ? 'GL-SDK-28' : 'V5-SDK-23'], r.why).toBe('failed');
    // the evidence kept for the failure, as every output writes it: the value shortened, saying what it is
    const shown = JSON.stringify(redact(r.evidence));
    expect(shown, profile).toMatch(/expected [A-Za-z0-9_-]{8}…\(\d+ characters: the expected signature\)/);
    expect(shown, profile).not.toMatch(/expected [A-Za-z0-9_-]{16,}/);
  }
});
