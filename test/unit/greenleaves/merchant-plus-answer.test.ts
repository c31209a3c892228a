// Code review: GL-MCB-15 failed whenever the call with its spaces written '+' was not answered ok and its
// %20 twin was. GL-MCB-15 forbids only "error", HTTP 415 and HTTP 405: a '+' call answered HTTP 500 (its
// twin ok) does not show the form unread, and fails GL-MCB-15 no more ("a '+' is not read as a space").
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };

beforeAll(async () => {
  // the shop decoding %XX only answers a '+' call error: in front of it, that answer made an HTTP 500 page
  h = await startReference('greenleaves', 'merchant', ['plus-literal']);
  proxy = await replyRewritingProxy(new URL(h.url).origin, (body, ctx) => {
    const plus = /(?:^|&)pg_payment_date=[^&]*\+/.test(ctx.sent.toString('utf8'));
    if (ctx.url.startsWith('/__paycert') || !plus || !body.includes('<pg_status>error</pg_status>')) return body;
    ctx.status = 500;
    ctx.headers = { 'content-type': 'text/html' };
    return '<html><body>Internal Server Error</body></html>';
  });
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test("a '+' call answered HTTP 500, its %20 twin ok: GL-MCB-15 is not failed, the reason says why", async () => {
  const via = (u: string | undefined) => u && u.replace(new URL(h.url).origin, proxy.url);
  const subject = { ...subjectOf(h, 'merchant'), baseUrl: via(h.url)!, checkUrl: via(h.checkUrl) };
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.result-ok'], subject);
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-MCB-15'], shown).not.toBe('failed');
  expect(
    r.failures.map((f) => f.rule),
    shown,
  ).not.toContain('GL-MCB-15');
  // judged on the %20 twin, marked partly with why
  expect(r.partly?.['GL-MCB-15'], shown).toMatch(
    /with its spaces written '\+' \(.*\) was answered HTTP 500.*, which GL-MCB-15 does not forbid/,
  );
});
