// Found by the PHP g2g probe (/tmp/probe-g2ggw-php, bug amount_zero_ok): a gateway taking pg_amount=0
// passed GL-PAY-02. The documented minimum (0.01, digest §3.1, §3.11) lives in the schema's x-documented,
// the pattern only says it as a regex, and the violation generator never sent the boundary (0, 0.00).
// The crafted subject: the reference behind a proxy that turns an amount below 0.01 into 500 and signs
// the request again, so that the request is taken.
import { expect, test } from 'vitest';
import { referenceBehindProxies, requestRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { fromForm, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { belowDocumentedMinimum } from '../../../src/spec/violations.ts';
import { getSchema, schemaId } from '../../../src/spec/ajv.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

const ref = referenceBehindProxies('greenleaves');

test('the values below a documented minimum come from the schema', () => {
  const props = getSchema(schemaId('greenleaves', 'payment-request')).properties as Record<string, never>;
  expect(belowDocumentedMinimum(props['pg_amount'])).toEqual(['0', '0.00', '0.001']);
  expect(belowDocumentedMinimum(props['pg_description'])).toEqual([]);
});

test('gl.fields.payment.violations: a gateway taking pg_amount=0 fails GL-PAY-02', async () => {
  const p = await requestRewritingProxy(ref.handle.url, (req, body) => {
    const path = (req.url ?? '').split('?')[0]!;
    const f = new URLSearchParams(body);
    const a = f.get('pg_amount');
    if (path !== '/g2g/payment' || a === null || !/^0(\.0*1?)?$/.test(a) || Number(a) >= 0.01) return body;
    f.set('pg_amount', '500');
    f.delete('pg_sig');
    f.set('pg_sig', sign(scriptName(path), fromForm([...f]), credentials('greenleaves').secretKey));
    return f.toString();
  });
  ref.keep(p);
  const check = checks.find((c) => c.id === 'gl.fields.payment.violations')!;
  const r = await runCheck(check, { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url }, { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes['GL-PAY-02'], JSON.stringify([r.reason, r.ruleReasons])).toBe('failed');
  expect(JSON.stringify(r)).toMatch(/pg_amount format was accepted/);
});
