import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { replyRewritingProxy } from '../harness/request-proxy.ts';

// V5-IDEM-03 (another merchant may use the same X-Request-Id) fails on merchant B's create refused
// under A's id only beside B's create under a fresh id, taken: a gateway refusing every create after
// the first (here a proxy answers them with an error object, as a merchant account not enabled for the
// payment would get) shows nothing of the scope; it failed the rule before. A secret or auth_id the
// gateway does not know was already inconclusive (the signature rules judge a refused signature).
let h: SandboxHandle;

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
});
afterAll(async () => {
  await h?.close();
});

test('the reference passes V5-IDEM-03', async () => {
  const { verdicts, shown } = await judgeChecks('greenleaves-v5', ['v5.idem.per-merchant'], subjectOf(h, 'gateway'));
  expect(verdicts.passed, shown).toEqual(['v5.idem.per-merchant V5-IDEM-03']);
});

test('a gateway refusing every create of merchant B leaves V5-IDEM-03 inconclusive, not failed', async () => {
  let creates = 0;
  const proxy = await replyRewritingProxy(h.url, (body, ctx) =>
    ctx.url.startsWith('/v5/g2g/create') && ++creates > 1
      ? JSON.stringify({ error: { code: 3001, message: 'the merchant may not take this payment' } })
      : body,
  );
  try {
    const { results, verdicts, shown } = await judgeChecks('greenleaves-v5', ['v5.idem.per-merchant'], {
      ...subjectOf(h, 'gateway'),
      baseUrl: proxy.url,
    });
    expect(creates, shown).toBe(3);
    expect(verdicts.inconclusive, shown).toEqual(['v5.idem.per-merchant V5-IDEM-03']);
    expect(results[0]!.reason, shown).toMatch(/refused under a fresh X-Request-Id too/);
  } finally {
    proxy.close();
  }
});
