// JY-STA-04 (a status of an unknown ORDER is refused) and JY-REV-05 (a cancel of an unknown ORDER is
// refused) are judged on a refusal only beside a control the gateway takes: a status of an order it
// created, a cancel of a paid order. A gateway refusing every status or every cancel (here: each such
// request reaches it for an ORDER never used, signed again) refused the unknown ORDER for no reason the
// rule names, and passed both rules.
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
const proxies: { url: string; close: () => void }[] = [];

/** A proxy sending every request of `op` for ORDER 999999999 (never used), signed again. */
async function refusing(op: 'status' | 'cancel'): Promise<string> {
  const p = await requestRewritingProxy(h.url, (req, body) => {
    if (req.method !== 'POST' || !/urlencoded/.test(String(req.headers['content-type']))) return body;
    const f = Object.fromEntries(parseUrlencoded(body)) as Record<string, string>;
    if (op === 'status' ? f.GETSTATUS === undefined : f.REV_AMOUNT === undefined) return body;
    f.ORDER = '999999999';
    f.P_SIGN = sign(op, f, credentials('jysan').sharedSecret);
    return encodeForm(Object.entries(f));
  });
  proxies.push(p);
  return p.url;
}

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
});

afterAll(async () => {
  for (const p of proxies) p.close();
  await h?.close();
});

const run = async (id: string, baseUrl?: string) =>
  runCheck(
    checks.find((c) => c.id === id)!,
    { ...subjectOf(h, 'gateway'), ...(baseUrl ? { baseUrl } : {}) },
    {
      seed: 1,
      plan: 'full',
    },
  );

test('the reference passes both, its controls taken', async () => {
  for (const [id, rule] of [
    ['jy.flow.status-unknown', 'JY-STA-04'],
    ['jy.flow.cancel-unknown', 'JY-REV-05'],
  ] as const) {
    const r = await run(id);
    expect(r.ruleOutcomes[rule], JSON.stringify(r.ruleReasons)).toBe('passed');
  }
});

test('a gateway refusing every status leaves JY-STA-04 inconclusive, not passed', async () => {
  const r = await run('jy.flow.status-unknown', await refusing('status'));
  expect(r.ruleOutcomes['JY-STA-04'], JSON.stringify(r.ruleReasons)).toBe('inconclusive');
  expect(r.ruleReasons?.['JY-STA-04']).toMatch(/order the gateway created was refused too/);
  expect(r.ruleOutcomes['JY-ERR-18']).toBe('passed');
});

test('a gateway refusing every cancel leaves JY-REV-05 inconclusive, not passed', async () => {
  const r = await run('jy.flow.cancel-unknown', await refusing('cancel'));
  expect(r.ruleOutcomes['JY-REV-05'], JSON.stringify(r.ruleReasons)).toBe('inconclusive');
  expect(r.ruleReasons?.['JY-REV-05']).toMatch(/paid order of 1000 was refused too/);
});
