import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { replyRewritingProxy } from '../harness/request-proxy.ts';

// "A refused create created nothing" (here V5-HDR-03: a create without X-Action) is read off a read by order_id answering "not
// found". A gateway whose every read answers "not found" (here a proxy rewrites each read's reply to
// error 3001) would pass it whatever it created: the "not found" counts only beside a read of the
// check's own control payment that finds it. It passed the rule before.
let h: SandboxHandle;

beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
});
afterAll(async () => {
  await h?.close();
});

const CHECK = 'v5.hdr.action-required';

test('the reference passes V5-HDR-03', async () => {
  const { verdicts, shown } = await judgeChecks('greenleaves-v5', [CHECK], subjectOf(h, 'gateway'));
  expect(verdicts.passed, shown).toContain(`${CHECK} V5-HDR-03`);
});

/** Every read answered "not found"; and, with `unreadableRefusals`, every refused create answered
 *  HTTP 200 with a body that tells neither processing nor refusal. */
async function lyingReads(unreadableRefusals: boolean) {
  let reads = 0;
  const proxy = await replyRewritingProxy(h.url, (body, ctx) => {
    if (ctx.url.startsWith('/v5/g2g/read')) {
      reads++;
      return JSON.stringify({ error: { code: 3001, message: 'Payment not found' } });
    }
    if (!unreadableRefusals || !ctx.url.startsWith('/v5/g2g/create') || ctx.status < 400) return body;
    ctx.status = 200;
    delete ctx.headers['x-request-status'];
    return JSON.stringify({ result: 'accepted for processing' });
  });
  const judged = await judgeChecks('greenleaves-v5', [CHECK], { ...subjectOf(h, 'gateway'), baseUrl: proxy.url });
  proxy.close();
  return { ...judged, reads };
}

test('a refusal shown by its reply passes, and a "not found" of a gateway that finds nothing is only a note', async () => {
  const { results, verdicts, reads, shown } = await lyingReads(false);
  expect(reads, shown).toBeGreaterThanOrEqual(2);
  expect(verdicts.passed, shown).toContain(`${CHECK} V5-HDR-03`);
  expect(JSON.stringify(results[0]!.notes), shown).toMatch(/cannot tell whether a payment was created/);
});

test('a reply that tells nothing is not made a refusal by a read that finds nothing', async () => {
  const { verdicts, reads, shown } = await lyingReads(true);
  expect(reads, shown).toBeGreaterThanOrEqual(2);
  expect(verdicts.passed ?? [], shown).not.toContain(`${CHECK} V5-HDR-03`);
  expect(verdicts.failed ?? [], shown).toEqual([]);
  expect(verdicts.inconclusive, shown).toContain(`${CHECK} V5-HDR-03`);
});
