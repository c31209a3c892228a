// Found by the PHP g2g probe (/tmp/probe-g2ggw-php, freedom badsig_unsigned): gl.sig.replies-signed sent
// its wrongly signed request to /g2g/payment_page, whose documented 1100 example is UNSIGNED (digest
// §3.11, open question 3), and warned GL-SIG-14 on an unsigned 1100 there. The documented signed 1100 is
// /g2g/payment's (digest §3.1): the probe goes there. The crafted subject: the reference whose 1100
// replies from payment_page lose pg_salt and pg_sig.
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

const ref = referenceBehindProxies('greenleaves');

async function run(pathRe: RegExp) {
  const p = ref.keep(
    await replyRewritingProxy(ref.handle.url, (body, ctx) =>
      pathRe.test(ctx.url.split('?')[0]!) && body.includes('<pg_error_code>1100</pg_error_code>')
        ? body.replace(/<pg_salt>[^<]*<\/pg_salt>\s*/, '').replace(/<pg_sig>[^<]*<\/pg_sig>\s*/, '')
        : body,
    ),
  );
  const check = checks.find((c) => c.id === 'gl.sig.replies-signed')!;
  const r = await runCheck(check, { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url }, { seed: 1, plan: 'full' });
  return { r, why: JSON.stringify([r.reason, r.ruleReasons, r.failures]) };
}

test('an unsigned 1100 from payment_page (as documented there) does not fail GL-SIG-14', async () => {
  const { r, why } = await run(/^\/g2g\/payment_page$/);
  expect(r.ruleOutcomes['GL-SIG-14'], why).toBe('passed');
});

test('an unsigned 1100 from /g2g/payment (documented signed) fails GL-SIG-14', async () => {
  const { r, why } = await run(/^\/g2g\/payment$/);
  expect(r.ruleOutcomes['GL-SIG-14'], why).toBe('failed');
});
