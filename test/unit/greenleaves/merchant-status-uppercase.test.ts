// A probe's Perl shop answered pg_status in uppercase ("OK", "ERROR"), signed over what it wrote, in
// HTTP 200. GL-MCB-01 fails on it; the answer's signature (GL-MCB-02), that no authentication was asked
// (GL-MCB-11) and that the form was read (GL-MCB-15: the forged twin got another status) show in it all the
// same, and were left inconclusive with the rest of gl.merchant.result-ok. GL-MCB-14 (the payment taken)
// does not show in a status that is none of the seed's: inconclusive.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };

/** the answer with its pg_status in uppercase, signed again over it */
function upper(body: string, url: string): string {
  if (!body.includes('<pg_sig>')) return body;
  const { root, message } = parseXml(body);
  const { pg_sig: _old, ...rest } = message;
  const m = { ...rest, pg_status: String(rest.pg_status).toUpperCase() };
  const script = scriptName(new URL(url, 'http://x').pathname);
  return buildXml({ ...m, pg_sig: sign(script, m, credentials('greenleaves').secretKey) }, root);
}

beforeAll(async () => {
  h = await startReference('greenleaves', 'merchant');
  proxy = await replyRewritingProxy(new URL(h.url).origin, (body, { url }) =>
    url.startsWith('/__paycert') ? body : upper(body, url),
  );
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test('an uppercase pg_status fails GL-MCB-01; the signature, the absence of authentication and the form read are judged', async () => {
  const via = (u: string | undefined) => u && u.replace(new URL(h.url).origin, proxy.url);
  const subject = { ...subjectOf(h, 'merchant'), baseUrl: via(h.url)!, checkUrl: via(h.checkUrl) };
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.result-ok'], subject);
  expect(results[0]!.ruleOutcomes, shown).toEqual({
    'GL-MCB-01': 'failed',
    'GL-MCB-02': 'passed',
    'GL-MCB-11': 'passed',
    'GL-MCB-14': 'inconclusive',
    'GL-MCB-15': 'passed',
    'GL-MCB-25': 'passed',
  });
  expect(results[0]!.ruleReasons?.['GL-MCB-14'], shown).toMatch(/pg_status=OK/);
});

test("check_url's answers are judged for their signature, authentication and time though result_url's are no decision", async () => {
  const via = (u: string | undefined) => u && u.replace(new URL(h.url).origin, proxy.url);
  const subject = { ...subjectOf(h, 'merchant'), baseUrl: via(h.url)!, checkUrl: via(h.checkUrl) };
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.check-url'], subject);
  expect(results[0]!.ruleOutcomes, shown).toMatchObject({
    'GL-MCB-02': 'passed',
    'GL-MCB-12': 'inconclusive',
    'GL-MCB-17': 'passed',
    'GL-MCB-22': 'passed',
    'GL-MCB-03': 'inconclusive',
  });
  expect(results[0]!.ruleReasons?.['GL-MCB-12'], shown).toMatch(/precondition: .* pg_status=OK/);
  // the rule the answer fails is named: a status none of the seed's is GL-MCB-01's, not the form's or values'
  expect(results[0]!.ruleReasons?.['GL-MCB-12'], shown).toMatch(/pg_status=OK .*\(see GL-MCB-01\)/);
  expect(results[0]!.ruleReasons?.['GL-MCB-12'], shown).not.toMatch(/GL-MCB-14|GL-MCB-15/);
});
