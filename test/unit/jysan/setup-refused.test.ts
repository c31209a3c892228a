// A check whose set-up payment is refused for a reason of its own (not its signature) has nothing to
// judge its rule on: inconclusive with the reason, never a failure of the status, list, reused-ORDER
// or status-signature rules it was meant to judge.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { encodeForm, parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { signPayment } from '../../../src/protocols/jysan/signature.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/jysan/index.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;
let base = '';

/** A payment request (not a status, list, cancel or confirm) gets AMOUNT 0, signed again: the
 *  gateway refuses it for its amount (code 13), not for its signature. */
function zeroAmount(body: string): string {
  const f = Object.fromEntries(parseUrlencoded(body)) as Record<string, string>;
  const payment = f.AMOUNT !== undefined && f.ORDER !== undefined && !f.GETSTATUS;
  if (!payment || f.REV_AMOUNT !== undefined || f.INT_REF !== undefined) return body;
  f.AMOUNT = '0';
  f.P_SIGN = signPayment(f, credentials('jysan').sharedSecret).sign;
  return encodeForm(Object.entries(f));
}

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  proxy = await requestRewritingProxy(h.url, (req, body) =>
    req.method === 'POST' && /urlencoded/.test(String(req.headers['content-type'])) ? zeroAmount(body) : body,
  );
  base = proxy.url;
});

afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test.each(['jy.flow.status', 'jy.err.reused-order', 'jy.sig.xml-operations'])(
  '%s: a refused set-up payment leaves its rules inconclusive, not failed',
  async (id) => {
    const check = checks.find((c) => c.id === id)!;
    const subject = { ...subjectOf(h, 'gateway'), baseUrl: base };
    const r = await runCheck(check, subject, { seed: 1, plan: 'full' });
    expect(r.outcome, r.reason).toBe('inconclusive');
    expect(r.reason).toMatch(/set-up.*not accepted/);
    expect(Object.values(r.ruleOutcomes ?? {})).not.toContain('failed');
  },
);
