// JY-REV-03 (a REV_AMOUNT above what is left is refused, the order unchanged) is judged on the refusal
// of 1000.01 of 1000 only beside the cancel of 400 of 1000 taken: a gateway refusing every cancel (here:
// every REV_DESC reaches it 401 characters long, signed again, so each cancel is refused for that
// field) refused the larger amount for no reason the rule names, and passed JY-REV-03.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { encodeForm, parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { sign } from '../../../src/protocols/jysan/signature.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/jysan/index.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  proxy = await requestRewritingProxy(h.url, (req, body) => {
    if (req.method !== 'POST' || !/urlencoded/.test(String(req.headers['content-type']))) return body;
    const f = Object.fromEntries(parseUrlencoded(body)) as Record<string, string>;
    if (f.REV_AMOUNT === undefined) return body;
    f.REV_DESC = 'x'.repeat(401);
    f.P_SIGN = sign('cancel', f, credentials('jysan').sharedSecret);
    return encodeForm(Object.entries(f));
  });
});

afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test('a gateway refusing every cancel leaves JY-REV-03 inconclusive, not passed', async () => {
  const check = checks.find((c) => c.id === 'jy.flow.cancel')!;
  const r = await runCheck(check, { ...subjectOf(h, 'gateway'), baseUrl: proxy!.url }, { seed: 1, plan: 'full' });
  expect(r.ruleOutcomes['JY-REV-01'], r.reason).toBe('failed');
  expect(r.ruleOutcomes['JY-REV-03'], JSON.stringify(r.ruleReasons)).toBe('inconclusive');
  expect(r.ruleReasons?.['JY-REV-03']).toMatch(/400 of 1000 was refused too/);
});
