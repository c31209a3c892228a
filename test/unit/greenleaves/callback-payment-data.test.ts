// Found by the PHP g2g probe (/tmp/probe-g2ggw-php, bugs cb_amount_wrong and cyr_lost_cb): a result_url
// call with pg_amount=482.5 for a payment of 500, or with pg_description mangled to ISO-8859-1 "?" and
// signed so, passed every callback rule: nothing compared the call with the payment, and every callback
// check paid with an ASCII description. GL-CB-18 (INFERRED): the call carries the payment's own data.
import { afterAll, expect, test } from 'vitest';
import { checkOnReference, closeReferences } from '../harness/judge-checks.ts';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { buildXml, parseXml, sign, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

afterAll(closeReferences);

const run = (defects: string[]) => checkOnReference('greenleaves', defects, 'gl.cb.result-call');

test.each([
  ['callback-amount-less-fee', /^pg_amount="482.50" in the result_url call, the payment sent "500"$/, [] as string[]],
  // probe23 (BUG=cb_amount_int): the tiyn dropped; the check pays 500.50 besides 500 so that it shows
  ['callback-amount-whole', /^pg_amount="500" in the result_url call, the payment sent "500.50"$/, []],
  // "?" is outside the charset the documents advise for a description, which is advice to the merchant's
  // request, not a format of the call (x-ours in result-callback): GL-CB-02 (MUST) passes
  ['callback-description-latin1', /^pg_description="\?+ \? \?+ \?+ Site.kz" in the result_url call/, []],
])('%s fails GL-CB-18 (and what else it names)', async (defect, why, also) => {
  const r = await run([defect]);
  expect(r.ruleOutcomes['GL-CB-18'], r.why).toBe('failed');
  expect(r.failures.find((f) => f.rule === 'GL-CB-18')?.message, r.why).toMatch(why);
  for (const [rule, o] of Object.entries(r.ruleOutcomes))
    if (rule !== 'GL-CB-18') expect(o, `${rule} ${r.why}`).toBe(also.includes(rule) ? 'failed' : 'passed');
});

test('the clean reference passes GL-CB-18', async () => {
  const r = await run([]);
  expect(r.ruleOutcomes['GL-CB-18'], r.why).toBe('passed');
});

// Found in review: with 500.50 the only payment of the check, a terminal refusing tiyn left every rule of
// the smoke check inconclusive (GL-CB-01/02/03/04/12/13/18/19, GL-SIG-07). The whole amount judges them;
// the payment with tiyn is GL-CB-18's only.
const ref = referenceBehindProxies('greenleaves');

test('a terminal refusing an amount with tiyn: the call of the whole amount judges every rule', async () => {
  const secret = credentials('greenleaves').secretKey;
  const p = await replyRewritingProxy(ref.handle.url, (body, ctx) => {
    if (ctx.url !== '/g2g/payment' || !ctx.sent.toString('utf8').includes('pg_amount=500.50')) return body;
    const { root, message } = parseXml(body);
    const m: PgMessage = {
      pg_status: 'error',
      pg_error_code: '101',
      pg_error_description: 'amounts with tiyn are not accepted',
      pg_salt: message.pg_salt as string,
    };
    return buildXml({ ...m, pg_sig: sign('payment', m, secret) }, root);
  });
  ref.keep(p);
  const r = await runCheck(
    checks.find((c) => c.id === 'gl.cb.result-call')!,
    { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url },
    { seed: 1, plan: 'full' },
  );
  const why = `${JSON.stringify(r.ruleOutcomes)} ${r.reason}`;
  for (const [rule, o] of Object.entries(r.ruleOutcomes)) expect(o, `${rule} ${why}`).toBe('passed');
  expect(r.notes.join('\n'), why).toMatch(/the payment of 500.50 was not taken/);
});
