import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

// A g2g gateway whose replies carry no pg_salt breaks GL-SIG-11 (every reply carries pg_salt and pg_sig).
// GL-SIG-16 (the salts of the replies are not all one) then has no salts to compare: it applies to every
// gateway, so it is undecided (inconclusive) with the reason, not "not applicable" (it was skipped).
let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body) => body.replace(/<pg_salt>[^<]*<\/pg_salt>/g, ''));
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test('replies without pg_salt leave GL-SIG-16 inconclusive with the reason, and fail GL-SIG-11', async () => {
  const { results, shown } = await judgeChecks('greenleaves', ['gl.sig.replies-signed'], {
    ...subjectOf(h, 'gateway'),
    baseUrl: proxy!.url,
  });
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-SIG-11'], shown).toBe('failed');
  expect(r.ruleOutcomes['GL-SIG-16'], shown).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-SIG-16'], shown).toMatch(/no two replies of one kind carried a pg_salt \(none did\)/);
});
