// review: jy.sig.exact-strings' DESC-padding case looked for a code-21 refusal as an error page only: a
// gateway refusing the DESC with blanks signed as sent (it trims before it verifies) by a redirect to
// BACKREF carrying res_code=21 (digest §A5, probe 22) got a note, and JY-SIG-10 passed
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { checks } from '../../../suites/jysan/index.ts';
import { replyRewritingProxy } from '../harness/request-proxy.ts';

const handles: Array<{ close: () => unknown }> = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

test('a DESC with blanks refused as badly signed by a redirect to BACKREF (res_code=21) fails JY-SIG-10', async () => {
  const h = await startReference('jysan', 'gateway', ['signs-trimmed-values']);
  handles.push(h);
  // the code-21 error page of a payment request with DESC ' … ' becomes the 302 to it with res_code=21
  const p = await replyRewritingProxy(h.url, (body, ctx) => {
    const f = Object.fromEntries(parseUrlencoded(ctx.sent.toString())) as Record<string, string>;
    if (f.ORDER === undefined || f.GETSTATUS !== undefined || f.REV_AMOUNT !== undefined) return body;
    if (!/^ .* $/.test(f.DESC ?? '')) return body; // the DESC with blanks at either end only
    if (!/data-code="21"|id="code">21</.test(body)) return body;
    // to its BACKREF, or to the shop's return address the gateway keeps for the merchant
    const to = new URL(f.BACKREF || 'http://127.0.0.1:9/shop/result');
    to.searchParams.set('order', f.ORDER ?? '');
    to.searchParams.set('res_code', '21');
    ctx.status = 302;
    ctx.headers.location = to.toString();
    return '';
  });
  handles.push(p);
  const r = await runCheck(
    checks.find((c) => c.id === 'jy.sig.exact-strings')!,
    { ...subjectOf(h, 'gateway'), baseUrl: p.url },
    { seed: 1, plan: 'full' },
  );
  const why = JSON.stringify(r.ruleReasons);
  expect(r.ruleOutcomes['JY-SIG-10'], why).toBe('failed');
  expect(r.failures.map((x) => x.message).join('\n')).toMatch(
    /DESC ' paycert padded order ' signed as sent was refused as badly signed/,
  );
});
