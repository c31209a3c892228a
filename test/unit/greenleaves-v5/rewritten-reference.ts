import { afterAll, beforeAll, expect } from 'vitest';
import { replyRewritingProxy, type ReplyContext } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks, type CheckResult } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

export type Rewrite = (body: string, ctx: ReplyContext) => string;

/** The v5 reference behind a proxy that rewrites its JSON replies (its replies are not signed; the
 *  control endpoints pass as they are), started and closed with the test file: `judge` runs the named
 *  checks against replies a conformant gateway may give and the reference does not. */
export function rewrittenReference(): (ids: string[], rewrite: Rewrite) => Promise<CheckResult[]> {
  let h: SandboxHandle;
  let proxy: { url: string; close: () => void };
  let current: Rewrite = (b) => b;
  beforeAll(async () => {
    h = await startReference('greenleaves-v5', 'gateway');
    proxy = await replyRewritingProxy(h.url, (b, ctx) =>
      /json/.test(String(ctx.headers['content-type'])) && !ctx.url.startsWith('/__paycert') ? current(b, ctx) : b,
    );
  });
  afterAll(async () => {
    proxy?.close();
    await h?.close();
  });
  return async (ids, rewrite) => {
    current = rewrite;
    const checks = CHECKS['greenleaves-v5'].filter((c) => ids.includes(c.id));
    expect(checks).toHaveLength(ids.length);
    return runChecks(checks, { ...subjectOf(h, 'gateway'), baseUrl: proxy.url }, { seed: 1, plan: 'full', runs: 1 });
  };
}

/** The rules the results failed, once each, sorted. */
export const failed = (results: CheckResult[]): string[] =>
  [...new Set(results.flatMap((r) => r.failures.map((f) => f.rule)))].sort();
