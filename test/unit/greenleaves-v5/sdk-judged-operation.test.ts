import { afterAll, describe, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { closeAdapters } from '../../../src/harness/sdk.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { byOperation } from '../../../suites/greenleaves-v5/sdk/sdk.checks.ts';
import { recorded } from '../recorded-request.ts';

afterAll(() => closeAdapters());

/** The v5 sdk check `id` against the reference SDK adapter with `defects` or `variants` (seed 1, full
 *  plan, `runs` cases): its rules' outcomes and, for an assertion's message, their reasons. */
async function judge(id: string, o: { defects?: string[]; variants?: string[]; runs?: number } = {}) {
  const check = CHECKS['greenleaves-v5'].find((c) => c.id === id)!;
  expect(check, id).toBeDefined();
  const h = await startReference('greenleaves-v5', 'sdk', o.defects ?? [], o.variants ?? []);
  try {
    const r = await runCheck(check, subjectOf(h, 'sdk'), { seed: 1, plan: 'full', ...(o.runs && { runs: o.runs }) });
    return { ...r, why: `${id}: ${r.reason ?? ''} ${JSON.stringify(r.ruleReasons)}` };
  } finally {
    await h.close();
  }
}

const allPassed = (r: { ruleOutcomes: Record<string, string> }) =>
  Object.entries(r.ruleOutcomes).filter(([, o]) => o !== 'passed');

/** A recorded request to `path` with X-Action `action` (none when undefined). */
const req = (path: string, action?: string) => {
  const r = recorded('{}', 'application/json', path);
  return { ...r, headers: { ...r.headers, ...(action && { 'x-action': action }) } };
};
const ops = (op: string, ...sent: ReturnType<typeof req>[]) => byOperation(op, sent).map(([o]) => o);

describe('byOperation: which operation each request of a call is judged as', () => {
  const create = req('/v5/g2g/create', 'gateway.payment.create');
  const read = req('/v5/g2g/read', 'gateway.payment.status');
  test("a request wholly another documented operation's is that operation's", () => {
    expect(ops('payment.create', create, read)).toEqual(['payment.create', 'payment.read']);
    expect(ops('payment.create', create, create, read)).toEqual(['payment.create', 'payment.create', 'payment.read']);
  });
  test("one naming the operation by its path or its X-Action is the operation's (V5-SDK-11, -18 judge the other half)", () => {
    expect(ops('payment.create', req('/v5/g2g/read', 'gateway.payment.create'))).toEqual(['payment.create']);
    expect(ops('payment.create', create, req('/v5/g2g/create', 'gateway.payment.status'))).toEqual([
      'payment.create',
      'payment.create',
    ]);
    // the edits share /v5/g2g/edit: a refund's X-Action on a clearing call is the clearing's, wrong
    expect(ops('payment.clearing', req('/v5/g2g/edit', 'gateway.payment.refund'))).toEqual(['payment.clearing']);
  });
  test("one matching no documented operation, or a call none of whose requests is its own, is the operation's", () => {
    expect(ops('payment.create', create, req('/v5/g2g/read'))).toEqual(['payment.create', 'payment.create']);
    expect(ops('payment.create', req('//v5/g2g/read', 'gateway.payment.status'))).toEqual(['payment.create']);
    // a create that sent only a read sent the create wrong: not passed as "a read"
    expect(ops('payment.create', read)).toEqual(['payment.create']);
  });
});

// A probe's Node SDK that reads the payment back after a create (a second, correct request: /v5/g2g/read,
// gateway.payment.status, {id}) failed V5-SDK-18 "payment.create was sent to /v5/g2g/read" and warned
// V5-SDK-11, -12 and -15: every request recorded during a call was judged as the call's. A request that is
// wholly another documented operation is judged as that operation's.
describe('a request of another documented operation, made during a call, is judged as that operation', () => {
  test.each(['v5.sdk.requests', 'v5.sdk.operations', 'v5.sdk.refusals', 'v5.sdk.retry-after-lost-reply'])(
    'reads-back-after-create: %s passes every rule',
    async (id) => {
      const r = await judge(id, { variants: ['reads-back-after-create'], runs: 3 });
      expect(allPassed(r), r.why).toEqual([]);
    },
  );

  // the same SDK after a create's lost reply reads the payment by order_id instead of resending: no resend
  // of the create (before: "the resend used X-Request-Id …", the read taken for a resend); V5-SDK-03 is
  // judged on the refund whose reply was lost, which it resends as it was
  test('reads-after-lost-reply: the read is no resend of the create, V5-SDK-03 is judged on the refund', async () => {
    const r = await judge('v5.sdk.retry-after-lost-reply', { variants: ['reads-after-lost-reply'] });
    expect(r.outcome, r.why).toBe('passed');
    expect(r.notes.join('\n')).toMatch(/did not resend the create .*gateway\.payment\.status on \/v5\/g2g\/read/);
  });

  // a wrong X-Action for the operation is still the operation's request (V5-SDK-11), not another's
  test('read-action-from-url still fails V5-SDK-11 on the read', async () => {
    const r = await judge('v5.sdk.operations', { defects: ['read-action-from-url'] });
    expect(r.ruleOutcomes['V5-SDK-11'], r.why).toBe('failed');
    expect(r.reason).toMatch(/payment\.read sent X-Action gateway\.payment\.read/);
    expect(r.ruleOutcomes['V5-SDK-18'], r.why).toBe('passed');
  });
});

// A probe's Node SDK comparing the callback's alg case-insensitively passed V5-SDK-09: no call named "hs256".
test('callback-alg-case-insensitive: the lowercase "hs256" is taken, V5-SDK-09 fails, V5-SDK-08 passes', async () => {
  const r = await judge('v5.sdk.callback-forged', { defects: ['callback-alg-case-insensitive'] });
  // V5-SDK-20 (no secret in what the SDK answers) is judged on every answer of every sdk check
  expect(r.ruleOutcomes, r.why).toEqual({
    'V5-SDK-08': 'passed',
    'V5-SDK-09': 'failed',
    'V5-SDK-20': 'passed',
    'V5-SDK-23': 'passed',
  });
  expect(r.reason).toMatch(/names alg "hs256"/);
});

// An SDK reusing the first create's X-Request-Id for the same input: the gateway replays the first reply
// instead of refusing the repeated order_id. That step cannot judge V5-SDK-19 (and its V5-SDK-05 case);
// before, `t.inconclusive` left V5-SDK-05 and V5-SDK-10, judged on the earlier cases, inconclusive too.
test('constant-request-id in v5.sdk.refusals: V5-SDK-05 and -10 stay judged, only V5-SDK-19 is inconclusive', async () => {
  const r = await judge('v5.sdk.refusals', { defects: ['constant-request-id'] });
  expect(r.ruleOutcomes, r.why).toEqual({
    'V5-SDK-02': 'failed',
    'V5-SDK-05': 'passed',
    'V5-SDK-10': 'passed',
    'V5-SDK-19': 'inconclusive',
    'V5-SDK-20': 'passed',
    'V5-SDK-22': 'passed',
  });
  expect(r.ruleReasons?.['V5-SDK-19']).toMatch(/replayed its reply instead of refusing a repeated order_id/);
});

// A probe's Node SDK writing Math.round(a * 100) * 0.01 passed V5-SDK-15 on seeds whose random amounts all
// came out right (about one amount in seven does not): fixed amounts known to go wrong are always sent.
test('amount-cents-float fails V5-SDK-15 with 2 runs (the examples 0.01 and 123.42 come out right)', async () => {
  const r = await judge('v5.sdk.requests', { defects: ['amount-cents-float'], runs: 2 });
  expect(r.ruleOutcomes['V5-SDK-15'], r.why).toBe('failed');
  expect(r.reason).toMatch(/amount 1\.1500000000000001 \(the caller gave 1\.15\)|amount 999999\.8300000001/);
});
