// Found by probe21's Java g2g gateway (/work/probe21/g2g-gateway-java, REPORT.md). Each subject is the
// reference behind a proxy that imitates one of its bugs:
// - plus_literal: a '+' in a form body read as '+', not as a space (GL-TX-01 passed: paycert wrote every
//   space as %20, so it never sent a '+');
// - collator_order: requests with pg_failure_url_method refused as badly signed (a key-order bug, GL-SIG-10's):
//   GL-PAY-10 failed on that refusal;
// - md5_biginteger: a correct pg_sig beginning with "0" refused (hex without its leading zero): whichever
//   check met one blamed its own rule (GL-TX-08, GL-SIG-10), while GL-SIG-02 passed.
import { afterAll, expect, test } from 'vitest';
import { referenceBehindProxies, requestRewritingProxy } from '../harness/request-proxy.ts';
import { checkOnReference, checkThrough, closeReferences } from '../harness/judge-checks.ts';
import { fromForm, scriptName, verify } from '../../../src/protocols/greenleaves/index.ts';
import { parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { loadErrors } from '../../../src/spec/load.ts';
import { NOT_FOUND } from '../../../suites/greenleaves/flows.checks.ts';

const ref = referenceBehindProxies('greenleaves');
afterAll(closeReferences);

async function through(rewrite: (url: string, body: string) => string): Promise<string> {
  return ref.keep(await requestRewritingProxy(ref.handle.url, (req, body) => rewrite(req.url ?? '', body))).url;
}

const run = (id: string, url: string) => checkThrough('greenleaves', ref.handle, id, url, 1);

test("a gateway reading '+' in a form body as '+' fails GL-TX-01", async () => {
  // a '+' sent on as %2B: the reference reads it as the character '+'
  const url = await through((_, body) => body.replaceAll('+', '%2B'));
  const r = await run('gl.tx.encodings', url);
  expect(r.ruleOutcomes['GL-TX-01'], JSON.stringify(r.ruleReasons)).toBe('failed');
  expect(r.failures.find((f) => f.rule === 'GL-TX-01')!.message).toMatch(/'\+'/);
  expect(r.failures.map((f) => f.rule)).toEqual(['GL-TX-01']);
});

test("a gateway reading '+' as a space passes GL-TX-01 with a '+' sent", async () => {
  const r = await run('gl.tx.encodings', ref.handle.url);
  expect(r.ruleOutcomes['GL-TX-01'], JSON.stringify(r.ruleReasons)).toBe('passed');
});

test('a signature refusal of a request with another section’s field does not fail GL-PAY-10', async () => {
  // the key-order bug: the request's pg_sig spoilt where it carries pg_failure_url_method
  const url = await through((u, body) =>
    u.startsWith('/g2g/payment') && body.includes('pg_failure_url_method=')
      ? body.replace(/pg_sig=[0-9a-f]/, 'pg_sig=x')
      : body,
  );
  const r = await run('gl.fields.payment.other-sections', url);
  expect(r.failures, JSON.stringify(r.failures)).toEqual([]);
  expect(r.ruleOutcomes['GL-PAY-10']).toBe('inconclusive');
  expect(r.reason ?? '').toMatch(/signature checks judge/);
});

/** the leading zero of every pg_sig dropped on the way: what a gateway comparing with BigInteger hex refuses */
const noLeadingZero = () => through((_, body) => body.replace(/(^|&)pg_sig=0/, '$1pg_sig='));

test('a gateway dropping the leading zero of the MD5 hex fails GL-SIG-02, naming it', async () => {
  const r = await run('gl.kat.vectors', await noLeadingZero());
  expect(r.ruleOutcomes['GL-SIG-02'], JSON.stringify(r.ruleReasons)).toBe('failed');
  expect(r.failures.find((f) => f.rule === 'GL-SIG-02')!.message).toMatch(/begins with "0"/);
});

test.each([
  'gl.tx.classic',
  'gl.sig.byte-order',
  'gl.sig.empty-values',
  'gl.tx.nested',
  'gl.flow.one-step',
  'gl.fields.payment.valid',
  'gl.fields.payment-page.violations',
])('%s sends no correct pg_sig beginning with "0", so it never blames such a gateway', async (id) => {
  // the correct signatures the check sent (form bodies whose pg_sig verifies for the path's script)
  const sigs: string[] = [];
  const url = await through((u, body) => {
    const m = fromForm(parseUrlencoded(body));
    const path = u.split('?')[0]!;
    // (a request without pg_salt, GL-SIG-01's violation, has no salt to choose)
    if (
      typeof m.pg_sig === 'string' &&
      typeof m.pg_salt === 'string' &&
      verify(scriptName(path), m, credentials('greenleaves').secretKey, m.pg_sig)
    )
      sigs.push(m.pg_sig);
    return body.replace(/(^|&)pg_sig=0/, '$1pg_sig=');
  });
  // about one correct signature in 16 begins with "0": 100 of them show whether the check avoids it
  while (sigs.length < 100) {
    const r = await checkThrough('greenleaves', ref.handle, id, url, 3);
    expect(r.failures, JSON.stringify(r.failures)).toEqual([]);
  }
  expect(sigs.filter((s) => s.startsWith('0'))).toEqual([]);
});

test('the not-found codes GL-ERR-05 allows are documented for GL-ERR-04', () => {
  const known = new Set(loadErrors('greenleaves').codes.map((c) => String(c.code)));
  for (const code of NOT_FOUND) expect(known.has(code), code).toBe(true);
});

// probe21 (BUG=cb_no_extras): "the merchant's own fields were not sent back (shop_ref=undefined, …)"
test('GL-CB-13 names the merchant field a result_url call left out as missing', async () => {
  const r = await checkOnReference('greenleaves', ['callback-drops-merchant-params'], 'gl.cb.result-call');
  const messages = r.failures.filter((f) => f.rule === 'GL-CB-13').map((f) => f.message);
  expect(messages, r.why).toEqual([expect.stringMatching(/shop_ref missing/)]);
  expect(messages.join(' ')).not.toMatch(/undefined/);
});

// probe21 (BUG=full_pan): the card list showing the full card number gave only a GL-CARD-05 warning, its
// reason mostly oneOf noise ("/card must be array"), and left GL-CARD-04 and GL-CARD-06 inconclusive
// though the list showed enough to judge them; GL-PAY-12 was not judged on the card list reply.
test('a card list showing the full card number fails GL-PAY-12 there; GL-CARD-04/06 are judged on it', async () => {
  const r = await checkOnReference('greenleaves', ['card-list-full-pan'], 'gl.card.list');
  expect(r.ruleOutcomes['GL-PAY-12'], r.why).toBe('failed');
  expect(r.failures.find((f) => f.rule === 'GL-PAY-12')!.message).toMatch(/cardstorage\/list/);
  expect(r.ruleOutcomes['GL-CARD-04'], r.why).toBe('passed');
  expect(r.ruleOutcomes['GL-CARD-06'], r.why).toBe('passed');
  const schema = r.failures.find((f) => f.rule === 'GL-CARD-05')!.message;
  expect(schema).toMatch(/pg_card_hash must match pattern/);
  expect(schema).not.toMatch(/must be array|oneOf/);
});
