// /g2g/refund and /g2g/cancel replies whose pg_refund_status / pg_revoke_status is a value the seed and
// digest never list ("1"; paycert's enum success/pending/error is its own decision, INFERRED) said nothing
// against GL-OPS-04/05, which are about what the gateway did. Was: both warned "the reply does not match
// refund-response: /pg_refund_status must be equal to one of the allowed values", and with a real
// over-refund that message came first, hiding "refund of 300.01 after 200 of 500 accepted" (probe17's
// Ruby gateway, FREE=status1). The enum is x-ours now: a value outside it is noted, never judged.
import { afterAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';

const handles: SandboxHandle[] = [];
const proxies: Array<{ close: () => void }> = [];

/** pg_refund_status and pg_revoke_status "1", the reply signed again over what it then says */
function statusOne(body: string, url: string): string {
  if (!/<pg_(refund|revoke)_status>/.test(body)) return body;
  const { root, message } = parseXml(body);
  const { pg_sig: _old, ...rest } = message;
  for (const f of ['pg_refund_status', 'pg_revoke_status']) if (f in rest) rest[f] = '1';
  const script = scriptName(new URL(url, 'http://x').pathname);
  return buildXml({ ...rest, pg_sig: sign(script, rest, credentials('greenleaves').secretKey) }, root);
}

async function run(defects: string[], ids: string[]) {
  const h = await startReference('greenleaves', 'gateway', defects);
  handles.push(h);
  const proxy = await replyRewritingProxy(h.url, (body, { url }) =>
    url.startsWith('/__paycert') ? body : statusOne(body, url),
  );
  proxies.push(proxy);
  const checks = CHECKS.greenleaves.filter((c) => ids.includes(c.id));
  expect(checks).toHaveLength(ids.length);
  return runChecks(checks, { ...subjectOf(h, 'gateway'), baseUrl: proxy.url }, { seed: 1, plan: 'full', runs: 1 });
}

afterAll(async () => {
  for (const p of proxies) p.close();
  for (const h of handles) await h.close();
});

test('a refund or cancel status "1" fails neither GL-OPS-04 nor GL-OPS-05; the value is noted', async () => {
  for (const r of await run([], ['gl.flow.refund', 'gl.flow.cancel'])) {
    expect(r.failures, r.id).toEqual([]);
    expect(r.outcome, r.id).toBe('passed');
    expect(r.notes.join('\n'), r.id).toMatch(/pg_(refund|revoke)_status "1" is none of success, pending, error/);
  }
});

test('an over-refund answered with status "1" fails GL-OPS-05 on what happened, first', async () => {
  const [r] = await run(['refund-over-captured'], ['gl.flow.refund']);
  expect(new Set(r!.failures.map((f) => f.rule))).toEqual(new Set(['GL-OPS-05']));
  expect(r!.failures[0]!.message).toMatch(/^refund of 300\.01 after 200 of 500 accepted/);
  expect(r!.failures.map((f) => f.message).join('\n')).not.toMatch(/does not match/);
});
