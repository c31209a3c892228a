// An edge that labels the gateway's UTF-8 replies windows-1251 without recoding them: a client reading a
// reply as labelled reads other values, so its pg_sig does not verify and GL-SIG-11/14/15 fail, rightly.
// The reason says why: the pg_sig verifies over the body read as UTF-8, and the reply is labelled
// windows-1251 (probe 20: it said only "this reply is not signed as documented").
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body, ctx) => {
    const type = ctx.headers['content-type'];
    if (typeof type === 'string' && !ctx.url.startsWith('/__paycert/'))
      ctx.headers['content-type'] = `${type.replace(/;\s*charset=[^;]*/i, '')}; charset=windows-1251`;
    return body;
  });
});

afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test('a UTF-8 reply labelled windows-1251: the signature rules fail, naming the label', async () => {
  const r = await runCheck(
    checks.find((c) => c.id === 'gl.sig.replies-signed')!,
    { ...subjectOf(h, 'gateway'), baseUrl: proxy!.url },
    { seed: 1, plan: 'full' },
  );
  for (const rule of ['GL-SIG-11', 'GL-SIG-14', 'GL-SIG-15']) {
    expect([rule, r.ruleOutcomes[rule]], JSON.stringify(r.ruleReasons)).toEqual([rule, 'failed']);
    const reason = r.ruleReasons?.[rule] ?? r.reason?.split(' | ').find((x) => x.startsWith(`${rule}: `));
    expect(reason).toMatch(
      /pg_sig does not verify .* it verifies \(with "[a-z_0-9]+"\) over the body read as UTF-8: the reply is labelled windows-1251 \(in its Content-Type\)/,
    );
  }
});
