// A g2g reply whose pg_status is no state (an element, empty, two of them, another word) shows
// neither acceptance nor refusal. It used to count as a refusal where a check wanted acceptance
// ("a schema-valid request was refused: pg_status=∅") and as an acceptance where it wanted a
// refusal ("pg_order_id tooLong was accepted: pg_status=∅ pg_error_code=9999"): both false. The pg_status
// itself is GL-TX-09's, failed where a check cites it (reply-status-word.test.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };
let proxyUrl: string;
let rewrite = (b: string) => b;

/** The reply rewritten, and signed again over what it then says: a gateway that answers so (GL-SIG-11,
 *  judged on every reply as it arrives, holds) */
function rewritten(body: string, url: string): string {
  const changed = rewrite(body);
  if (changed === body || !changed.includes('<pg_sig>')) return changed;
  const { root, message } = parseXml(changed);
  const { pg_sig: _old, ...rest } = message;
  const script = scriptName(new URL(url, 'http://x').pathname);
  return buildXml({ ...rest, pg_sig: sign(script, rest, credentials('greenleaves').secretKey) }, root);
}

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body, { url }) =>
    url.startsWith('/__paycert') ? body : rewritten(body, url),
  );
  proxyUrl = proxy.url;
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

const status = (to: (v: string) => string) => (b: string) =>
  b.replace(/<pg_status>([a-z]*)<\/pg_status>/, (_, v: string) => to(v));

describe.each([
  ['an element', status((v) => `<pg_status><v>${v}</v></pg_status>`)],
  ['empty', status(() => '<pg_status/>')],
  ['doubled', status((v) => `<pg_status>${v}</pg_status><pg_status>${v}</pg_status>`)],
  ['another word', status(() => '<pg_status>9999</pg_status>')],
])('pg_status %s', (_, how) => {
  test('acceptance and refusal are not judged: inconclusive; nothing failed but GL-TX-09, where a check cites it', async () => {
    rewrite = how;
    const ids = ['gl.fields.payment.valid', 'gl.flow.decline', 'gl.sig.unknown-merchant'];
    const checks = CHECKS.greenleaves.filter((c) => ids.includes(c.id));
    expect(checks).toHaveLength(ids.length);
    const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxyUrl };
    for (const r of await runChecks(checks, subject, { seed: 1, plan: 'full', runs: 1 })) {
      // the word itself is GL-TX-09's (INFERRED), judged as the reply arrives where a check cites it (the
      // reply-schema checks): failed there, and nothing else; acceptance is not judged either way
      if (r.rules.includes('GL-TX-09')) {
        expect(
          r.failures.map((f) => f.rule),
          r.id,
        ).toEqual(['GL-TX-09']);
        expect(r.failures[0]!.message, r.id).toMatch(/the reply's pg_status .* is none of ok, pending, error/);
        expect(r.ruleOutcomes['GL-PAY-01'], r.id).toBe('inconclusive');
        continue;
      }
      expect(r.failures, r.id).toEqual([]);
      expect(r.outcome, r.id).toBe('inconclusive');
      expect(r.reason, r.id).toMatch(/pg_status is .*, so it shows neither acceptance nor refusal/);
    }
  });
});

test("a payment reply's pg_payment_id of 200 digits is no payment's id: the callback is not judged against it", async () => {
  rewrite = (b) =>
    b.replace(/<pg_payment_id>[0-9]+<\/pg_payment_id>/, `<pg_payment_id>${'9'.repeat(200)}</pg_payment_id>`);
  const checks = CHECKS.greenleaves.filter((c) => c.id === 'gl.cb.result-call');
  const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxyUrl };
  const [r] = await runChecks(checks, subject, { seed: 1, plan: 'full', runs: 1 });
  expect(r!.failures).toEqual([]);
  expect(r!.outcome).toBe('inconclusive');
  expect(r!.reason).toMatch(/not accepted with a pg_payment_id/);
});

test('a reply field in a message: its text, cut at 40, "absent" or "not text", never "undefined"', async () => {
  const { shownField } = await import('../../../suites/greenleaves/support.ts');
  const r = (message: Record<string, unknown>) => ({ message }) as never;
  expect(shownField(r({ pg_error_code: '9999' }), 'pg_error_code')).toBe('"9999"');
  expect(shownField(r({}), 'pg_error_code')).toBe('absent');
  expect(shownField(r({ pg_error_code: { v: '1' } }), 'pg_error_code')).toBe('not text ({"v":"1"})');
  expect(shownField(r({ pg_error_code: '9'.repeat(200) }), 'pg_error_code')).toBe(
    `"${'9'.repeat(40)}…" (200 characters)`,
  );
});

test("a first payment's pg_recurring_profile of 200 digits: the recurrent checks end inconclusive, not in an internal error", async () => {
  rewrite = (b) =>
    b.replace(
      /<pg_recurring_profile>[0-9]+<\/pg_recurring_profile>/,
      `<pg_recurring_profile>${'9'.repeat(200)}</pg_recurring_profile>`,
    );
  const checks = CHECKS.greenleaves.filter((c) =>
    ['gl.fields.recurrent.valid', 'gl.fields.recurrent.violations'].includes(c.id),
  );
  expect(checks).toHaveLength(2);
  const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxyUrl };
  for (const r of await runChecks(checks, subject, { seed: 1, plan: 'full', runs: 1 })) {
    expect(JSON.stringify([r.reason, r.ruleReasons]), r.id).not.toMatch(/internal error/);
    expect(r.outcome, r.id).toBe('inconclusive');
    expect(r.reason, r.id).toMatch(/is no profile id a recurrent request can carry/);
  }
});
