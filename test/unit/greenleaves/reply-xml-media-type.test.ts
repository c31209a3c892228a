// probe18's PHP gateway served every reply, the same XML, as text/html (BUG=wrong-content-type) and passed
// every rule: nothing read the label. GL-TX-10 (INFERRED; seed 001 "Ответ на запросы представляются в
// формате XML") judges it on every API reply as it arrives: any XML media type passes, a reply without
// Content-Type fails (a client may take it as application/octet-stream, RFC 9110 §8.3).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkThrough } from '../harness/judge-checks.ts';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };
/** the Content-Type the proxy gives every API reply (undefined: none) */
let type: string | undefined;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body, ctx) => {
    if (ctx.url.startsWith('/__paycert') || !body.includes('<pg_status>')) return body;
    if (type === undefined) delete ctx.headers['content-type'];
    else ctx.headers['content-type'] = type;
    return body;
  });
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

const oneStep = () => checkThrough('greenleaves', h, 'gl.flow.one-step', proxy.url, 1);

test.each(['text/xml', 'application/xml; charset=utf-8', 'Application/XML', 'application/soap+xml; charset=UTF-8'])(
  'an XML media type (%s) passes GL-TX-10',
  async (t) => {
    type = t;
    const r = await oneStep();
    expect(r.failures).toEqual([]);
    expect(r.ruleOutcomes['GL-TX-10']).toBe('passed');
  },
);

test.each([['text/html; charset=utf-8'], ['text/plain'], [undefined]])(
  'a reply served as %s fails GL-TX-10, and nothing else',
  async (t) => {
    type = t;
    const r = await oneStep();
    expect([...new Set(r.failures.map((f) => f.rule))]).toEqual(['GL-TX-10']);
    expect(r.failures[0]!.message).toMatch(
      t === undefined ? /served without a Content-Type, not with an XML media type/ : /not with an XML media type/,
    );
  },
);
