import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy, type ReplyContext } from '../harness/request-proxy.ts';
import { realSubjectOf, startReference } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

// A probe's v5 gateway with one refusal code (HTTP 400, error 1000, the cause in the message only) left
// 30 rules inconclusive, V5-RSP-01/03/05 (MUST) among them: against a real target any refusal with the
// status and code of the wrong-key read counted as a refusal of paycert's signature, and every check
// outside V5-JWS-* ended there. The messages now tell such refusals apart (the tolerance variants
// one-refusal-code and signature-refusals-as-field-errors); and the reply rules judge any reply, a
// signature refusal's too. Here every reply is the same refusal, no message: the reference as a real
// target behind a proxy that answers everything {"error":{"code":1000}} with HTTP 400 (its headers kept).
let h: SandboxHandle;
let proxy: { url: string; close: () => void };
let rewrite: (body: string, ctx: ReplyContext) => string = (b) => b;

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
  proxy = await replyRewritingProxy(h.url, (b, ctx) => (ctx.url.startsWith('/__paycert') ? b : rewrite(b, ctx)));
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

const judge = async (ids: string[]) => {
  const checks = CHECKS['greenleaves-v5'].filter((c) => ids.includes(c.id));
  expect(checks).toHaveLength(ids.length);
  const results = await runChecks(
    checks,
    { ...realSubjectOf(h, 'gateway'), baseUrl: proxy.url },
    { seed: 1, plan: 'full' },
  );
  return {
    results,
    shown: JSON.stringify(
      results.map((r) => [r.id, r.ruleOutcomes, r.reason]),
      null,
      1,
    ),
  };
};

test('every reply one refusal without a message: the reply rules are judged on it', async () => {
  rewrite = (_, ctx) => {
    ctx.status = 400;
    ctx.headers['content-type'] = 'application/json';
    ctx.headers['x-request-status'] = 'error';
    return JSON.stringify({ error: { code: 1000 } });
  };
  const { results, shown } = await judge(['v5.rsp.headers']);
  for (const rule of ['V5-RSP-01', 'V5-RSP-03', 'V5-RSP-05'])
    expect(`${rule} ${results[0]!.ruleOutcomes[rule]}`, shown).toBe(`${rule} passed`);
});

test('refusals that share the wrong-key read’s status and code but not its message are no signature refusals', async () => {
  // a bad signature answered as a field error (HTTP 400, 2002), as the probe's gateway did: a body
  // violation's refusal, also 400/2002 but about a field, is judged as one
  rewrite = (b, ctx) => {
    const o = JSON.parse(b) as { error?: { code: number; name: string } };
    if (o.error && o.error.code >= 1001 && o.error.code <= 1005) {
      ctx.status = 400;
      o.error.code = 2002;
      o.error.name = 'invalid-field';
    }
    return JSON.stringify(o);
  };
  const { results, shown } = await judge(['v5.body.violations', 'v5.fmt.error-replies']);
  expect(shown).not.toMatch(/refused paycert's correctly signed request for its signature/);
  for (const r of results) expect(r.outcome === 'inconclusive', shown).toBe(false);
  expect(results.find((r) => r.id === 'v5.body.violations')!.ruleOutcomes['V5-BODY-02'], shown).toBe('passed');
});

test('every refusal alike, one code and one message: the control create decides, and the field rules are judged', async () => {
  rewrite = (b, ctx) => {
    if (ctx.status < 400) return b;
    ctx.status = 400;
    return JSON.stringify({
      error: { code: 1000, name: 'bad-request', message: { en: 'Bad request.', ru: 'Неверный запрос.' } },
    });
  };
  const { results, shown } = await judge(['v5.body.violations']);
  expect(shown).not.toMatch(/refused paycert's correctly signed request for its signature/);
  expect(results[0]!.ruleOutcomes['V5-BODY-02'], shown).toBe('passed');
});
