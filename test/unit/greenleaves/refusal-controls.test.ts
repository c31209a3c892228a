// A refusal is evidence for an "X is refused" rule only beside the same gateway taking the request X
// departs from, in the same check (the forgery-control principle, applied to the flows): a gateway
// refusing every direct debit passed GL-TOK-02, one refusing every saved-card pay passed GL-CARD-02, and
// one refusing every PaRes passed GL-ACS-03. The crafted subjects: the reference behind a proxy that
// spoils one field of one request kind and signs the request again (so it is refused for that field).
import { expect, test } from 'vitest';
import { referenceBehindProxies, requestRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { scriptName, sign, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

const ref = referenceBehindProxies('greenleaves');

/** The reference behind a proxy setting `field` to `value` in the requests to paths matching `path`. */
async function spoiling(path: RegExp, field: string, value: string): Promise<string> {
  const p = await requestRewritingProxy(ref.handle.url, (req, body) => {
    const url = req.url ?? '';
    const f = new URLSearchParams(body);
    if (!path.test(url.split('?')[0]!) || !f.has(field)) return body;
    f.set(field, value);
    f.delete('pg_sig');
    const m: PgMessage = Object.fromEntries(f);
    f.set('pg_sig', sign(scriptName(url.split('?')[0]!), m, credentials('greenleaves').secretKey));
    return f.toString();
  });
  ref.keep(p);
  return p.url;
}

test.each([
  ['gl.flow.direct-debit', 'GL-TOK-02', /^\/g2g\/payment$/, 'pg_card_token', 'ffffffffffffffffffffffffffffffff'],
  ['gl.flow.saved-card', 'GL-CARD-02', /\/card\/pay$/, 'pg_payment_id', '1'],
  ['gl.flow.3ds', 'GL-ACS-03', /^\/g2g\/paymentAcs$/, 'pg_pares', 'c3BvaWx0'],
])(
  '%s: a gateway refusing the control too leaves %s inconclusive, not passed',
  async (id, rule, path, field, value) => {
    const base = await spoiling(path, field, value);
    const check = checks.find((c) => c.id === id)!;
    const r = await runCheck(check, { ...subjectOf(ref.handle, 'gateway'), baseUrl: base }, { seed: 1, plan: 'full' });
    expect(r.ruleOutcomes[rule], JSON.stringify([r.reason, r.ruleReasons])).toBe('inconclusive');
    expect(r.ruleReasons?.[rule]).toMatch(/refused too/);
  },
);

test('gl.flow.3ds-reply: a forged PaRes refused without a genuine one taken passes nothing', async () => {
  const check = checks.find((c) => c.id === 'gl.flow.3ds-reply')!;
  const r = await runCheck(check, subjectOf(ref.handle, 'gateway'), { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes['GL-PAY-06'], r.reason).toBe('passed');
  expect(r.ruleOutcomes['GL-ACS-03'], r.reason).toBe('skipped');
  expect(r.ruleReasons?.['GL-ACS-03']).toMatch(/no genuine PaRes/);
});
