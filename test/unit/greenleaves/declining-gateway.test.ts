// "X is refused" rules are passed only where the same gateway, in the same check, takes the payment X
// departs from: a gateway that declines every payment (here: every card reaches it as the declining
// test card, correctly signed) refused a payment in USD (GL-PAY-07) and one whose check_url never
// answered (GL-CB-17) for no reason those rules name, and passed both.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { sign, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/greenleaves/index.ts';
import { card } from '../../../suites/greenleaves/support.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  const declining = card({ auth: false }).pan;
  proxy = await requestRewritingProxy(h.url, (req, body) => {
    if (!req.url?.startsWith('/g2g/payment') || req.url.startsWith('/g2g/payment_page')) return body;
    const f = new URLSearchParams(body);
    if (!f.has('pg_card_pan')) return body;
    f.set('pg_card_pan', declining);
    f.delete('pg_sig');
    const m: PgMessage = Object.fromEntries(f);
    f.set('pg_sig', sign('payment', m, credentials('greenleaves').secretKey));
    return f.toString();
  });
});

afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test.each([
  ['gl.pay.currency', 'GL-PAY-07'],
  ['gl.cb.check-timeout', 'GL-CB-17'],
])('%s: a gateway declining every payment leaves %s inconclusive, not passed', async (id, rule) => {
  const check = checks.find((c) => c.id === id)!;
  const r = await runCheck(check, { ...subjectOf(h, 'gateway'), baseUrl: proxy!.url }, { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes[rule], r.reason).toBe('inconclusive');
  expect(r.reason).toMatch(/(was refused too|was not taken either)/);
});
