// A 3-D Secure reply (pg_3ds=1 with the ACS fields) without pg_payment_id (a probe's gateway dropped it
// from every reply). GL-PAY-06 (MUST) names pg_3ds=1, pg_3d_acsurl, pg_3d_md and pg_3d_pareq, not the
// payment's id: it failed "… and pg_payment_id are required when pg_3ds=1". Without the id the payment
// cannot be followed to /g2g/paymentAcs: the rule is inconclusive, never failed on it.
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { buildXml, parseXml, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const ref = referenceBehindProxies('greenleaves');

/** The reference behind a proxy that drops `field` from each 3-D Secure reply, signing it again. */
async function threeDsWithout(field: string) {
  const p = await replyRewritingProxy(ref.handle.url, (body, { url }) => {
    if (url !== '/g2g/payment') return body;
    const { root, message } = parseXml(body);
    if (message.pg_3ds !== '1') return body;
    const m = { ...message };
    delete m[field];
    delete m.pg_sig;
    return buildXml({ ...m, pg_sig: sign('payment', m, credentials('greenleaves').secretKey) }, root);
  });
  ref.keep(p);
  return { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url };
}

test('a 3-D Secure reply without pg_payment_id leaves GL-PAY-06 unjudged, not failed', async () => {
  const { results, shown } = await judgeChecks(
    'greenleaves',
    ['gl.flow.3ds-reply'],
    await threeDsWithout('pg_payment_id'),
  );
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-PAY-06'], shown).toBe('inconclusive');
  expect(JSON.stringify(r.ruleReasons), shown).toMatch(/carries no pg_payment_id/);
});

test('one without pg_3d_md fails GL-PAY-06, naming the field', async () => {
  const { results, shown } = await judgeChecks('greenleaves', ['gl.flow.3ds-reply'], await threeDsWithout('pg_3d_md'));
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-PAY-06'], shown).toBe('failed');
  expect(r.reason, shown).toMatch(/pg_3d_md missing/);
});
