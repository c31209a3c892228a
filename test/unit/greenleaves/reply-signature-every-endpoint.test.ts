// Found by probe16 (F-flip-*): an edge changing one character of pg_salt (pg_sig left as it was) in the
// replies of /g2g/invoiceUrl, paymentAcs, clearing, cancel, refund, any_amount, the saved card's init and
// pay, status_v2 or get_status.php left GL-SIG-11 (MUST, "every reply of a known merchant … carries a
// pg_sig that verifies") passed: only gl.sig.replies-signed and gl.rec.signature verified replies, the
// flow checks read the others against their schema only. Every reply the suite reads is now judged as it
// arrives (support.ts client). This runs every gateway check behind such an edge, on every endpoint at
// once, and requires each endpoint whose replies were changed to be named in a GL-SIG-11 failure.
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { fromForm, scriptName, verify } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';

const ref = referenceBehindProxies('greenleaves');

/** A form request GL-SIG-11 holds the reply of: this merchant's, with a pg_salt and the documented pg_sig
 *  (the replies to forgeries are GL-SIG-14's; multipart and pg_xml requests are not read here). */
function correctlySigned(path: string, sent: Buffer): boolean {
  const { merchantId, secretKey } = credentials('greenleaves');
  const m = fromForm(parseUrlencoded(sent.toString('utf8')));
  return (
    m.pg_merchant_id === merchantId &&
    typeof m.pg_salt === 'string' &&
    typeof m.pg_sig === 'string' &&
    verify(scriptName(path), m, secretKey, m.pg_sig)
  );
}

test('a pg_salt changed after signing fails GL-SIG-11 on every endpoint the gateway checks call', async () => {
  const changed = new Set<string>();
  const p = ref.keep(
    await replyRewritingProxy(ref.handle.url, (body, ctx) => {
      const path = new URL(ctx.url, 'http://x').pathname;
      if (path.startsWith('/__paycert') || !body.includes('<pg_sig>')) return body;
      const out = body.replace(/<pg_salt>(.)/, (_, c: string) => `<pg_salt>${c === 'a' ? 'b' : 'a'}`);
      if (out !== body && correctlySigned(path, ctx.sent)) changed.add(path);
      return out;
    }),
  );
  const checks = CHECKS.greenleaves.filter((c) => c.subject === 'gateway');
  const results = await runChecks(
    checks,
    { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url },
    { seed: 7, plan: 'full', runs: 2, enumerate: false },
  );
  const blamed = results.flatMap((r) =>
    r.failures.filter((f) => f.rule === 'GL-SIG-11').map((f) => `${r.id}: ${f.message}`),
  );
  const shown = blamed.join('\n');
  // the endpoints probe16 found unjudged among them
  const merchant = credentials('greenleaves').merchantId;
  for (const path of [
    '/g2g/invoiceUrl',
    '/g2g/paymentAcs',
    '/g2g/clearing',
    '/g2g/cancel',
    '/g2g/refund',
    '/g2g/any_amount',
    `/v1/merchant/${merchant}/card/init`,
    `/v1/merchant/${merchant}/card/pay`,
    '/g2g/status_v2',
    '/get_status.php',
  ])
    expect([...changed]).toContain(path);
  const missed = [...changed].filter((path) => !blamed.some((m) => m.includes(`POST ${path}`)));
  expect(missed, shown).toEqual([]);
  // only the signature rules: every value is as the gateway sent it
  const failed = [...new Set(results.flatMap((r) => r.failures.map((f) => f.rule)))].sort();
  expect(failed, shown).toEqual(['GL-SIG-11', 'GL-SIG-14', 'GL-SIG-15']);
});
