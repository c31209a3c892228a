import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyRewritingProxy, type ReplyContext } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { signDetachedRaw, type HmacAlg } from '../../../src/protocols/greenleaves-v5/jws.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

// A gateway whose replies are rewritten (and re-signed): the checks that read what changed end
// passed, inconclusive or failed with a reason, never with an internal error of paycert (a
// created_at that is no time was a RangeError in V5-REC-02; deep nesting overflowed the stack).
const SECRET = process.env.PAYCERT_GREENLEAVES_V5_SECRET_KEY ?? 'v5-sandbox-secret-key';
let h: SandboxHandle;
let proxy: { url: string; close: () => void };
let proxyUrl: string;
let rewrite = (b: string) => b;

/** Rewrite JSON replies and re-sign them with the reply's own JWS header. */
function resigned(body: string, { url, headers }: ReplyContext): string {
  if (!/json/.test(String(headers['content-type'])) || url.startsWith('/__paycert')) return body;
  const out = rewrite(body);
  const sig = headers['x-jws-signature'];
  if (typeof sig === 'string') {
    const head = Buffer.from(sig.split('.')[0]!, 'base64url');
    const alg = (JSON.parse(head.toString('utf8')) as { alg: HmacAlg }).alg;
    headers['x-jws-signature'] = signDetachedRaw(head, out, SECRET, alg);
  }
  return out;
}

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
  proxy = await replyRewritingProxy(h.url, resigned);
  proxyUrl = proxy.url;
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

/** An error reply's violations replaced by `v` (other bodies unchanged). */
const violationsAs = (v: unknown) => (b: string) => {
  const o = JSON.parse(b) as { error?: { violations?: unknown } };
  if (!o.error || !('violations' in o.error)) return b;
  o.error.violations = v;
  return JSON.stringify(o);
};

const CASES: Array<[string, (b: string) => string, string[]]> = [
  // r.error.violations.every / .map threw a TypeError (arr-one, jsontype-one)
  ['violations that are an object', violationsAs({ code: 2002 }), ['v5.fmt.error-replies', 'v5.body.violations']],
  ['violations that are a string', violationsAs('x'), ['v5.fmt.error-replies', 'v5.body.violations']],
  ['violations holding null', violationsAs([null]), ['v5.fmt.error-replies', 'v5.body.violations']],
  [
    'a created_at that is no time',
    (b) => b.replace(/"created_at":"[^"]*"/g, '"created_at":"2026-11-30T07: 33: 43Z"'),
    ['v5.rec.recurrent'],
  ],
  [
    'an extra field nested 50,000 deep',
    (b) => b.replace(/^\{/, `{"deep":${'['.repeat(50_000)}${']'.repeat(50_000)},`),
    ['v5.fmt.no-card-data', 'v5.hdr.accept-language'],
  ],
];

describe.each(CASES)('v5 replies with %s', (_, how, ids) => {
  test('the checks end with a reason, never an internal error', async () => {
    rewrite = how;
    const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxyUrl };
    const checks = CHECKS['greenleaves-v5'].filter((c) => ids.includes(c.id));
    expect(checks).toHaveLength(ids.length);
    const results = await runChecks(checks, subject, { seed: 1, plan: 'full', runs: 2 });
    // the reason, every rule's reason and every failure: an internal error may show in any of them
    const reasons = results.map((r) => JSON.stringify([r.reason, r.ruleReasons, r.failures]));
    expect(reasons.join('\n')).not.toMatch(/internal error|RangeError|TypeError/);
    expect(results).toHaveLength(ids.length);
  });
});

/** The checks `ids` against replies rewritten by `how`: no rule failed but the reply form's (V5-FMT-*). */
async function judgedOnlyFormat(how: (b: string) => string, ids: string[]): Promise<void> {
  rewrite = how;
  const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxyUrl };
  const checks = CHECKS['greenleaves-v5'].filter((c) => ids.includes(c.id));
  expect(checks).toHaveLength(ids.length);
  for (const r of await runChecks(checks, subject, { seed: 1, plan: 'full', runs: 1 })) {
    const judged = r.failures.map((f) => f.rule).filter((x) => !x.startsWith('V5-FMT-'));
    expect(judged, `${r.id}: ${JSON.stringify(r.failures).slice(0, 300)}`).toEqual([]);
  }
}

// A payment id that is no text (json-dup, jsontype) was sent back as it came and the refusal of that
// request failed the operation's rule (V5-FLOW-03 "reversing an authorized payment: error 2002",
// V5-URL-01 "the created payment cannot be read back"): the check cannot name the payment.
test.each([
  ['an object', (b: string) => b.replace(/"id":("[0-9a-f-]{36}")/g, '"id":{"v":$1}')],
  ['a number', (b: string) => b.replace(/"id":"[0-9a-f-]{36}"/g, '"id":123')],
  ['5000 characters', (b: string) => b.replace(/"id":"[0-9a-f-]{36}"/g, `"id":"${'x'.repeat(5000)}"`)],
])('a payment id that is %s: later requests are not judged', (_, how) =>
  judgedOnlyFormat(how, ['v5.flow.reverse', 'v5.url.crud']),
);

// A reply's order_id, amounts or names of another type were compared as they came: the refused
// reverse "changed the payment" (cleared//0), the result_url call "differs from the create" (V5-CB-01),
// merchant B's create "replayed A's" (V5-IDEM-03), the duplicate's order "reads as error 2002" (V5-FLOW-06).
test.each([
  [
    'cleared_amount as text in a read after the create',
    // the cleared payment's create reply as it came; the replies about it after that with cleared_amount ""
    (
      (seen = 0) =>
      (b: string) =>
        /"status":"cleared"/.test(b) && seen++ > 0 ? b.replace(/"cleared_amount":[0-9.]+/g, '"cleared_amount":""') : b
    )(),
    ['v5.flow.reverse'],
  ],
  [
    'order_id as an object',
    (b: string) => b.replace(/"order_id":("[^"]*")/g, '"order_id":{"v":$1}'),
    ['v5.cb.result-call', 'v5.idem.per-merchant', 'v5.flow.duplicate-order'],
  ],
  [
    'id as an array',
    (b: string) => b.replace(/"id":("[0-9a-f-]{36}")/g, '"id":[$1]'),
    ['v5.cb.result-call', 'v5.idem.per-merchant'],
  ],
])('%s: the rule the comparison served is not failed', (_, how, ids) => judgedOnlyFormat(how, ids), 120_000);
