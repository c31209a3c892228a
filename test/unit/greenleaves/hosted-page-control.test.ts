// A hosted page refusing a payment is evidence for GL-ANY-02 (an amount outside the interval) and
// GL-PAGE-02 (a page past pg_lifetime) only where the same gateway's page takes a payment it should
// take: a hosted page that takes none (down behind its edge, a form paycert's payer cannot fill)
// passed both. The crafted subject: the reference behind a proxy whose hosted pages answer every
// submitted form with a "temporarily unavailable" page.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  let self = '';
  proxy = await replyRewritingProxy(h.url, (body, ctx) => {
    const api = ctx.url.startsWith('/g2g/') || ctx.url.startsWith('/__paycert/');
    if (!api && ctx.sent.length > 0) {
      ctx.headers['content-type'] = 'text/html; charset=utf-8';
      delete ctx.headers.location;
      return '<html><body><p>Payments are temporarily unavailable</p></body></html>';
    }
    // the API's URLs made the proxy's, the reply signed again over them: a gateway serving its pages there
    const path = new URL(ctx.url, self).pathname;
    if (!api || !body.includes(h.url) || !body.includes('<pg_sig>')) return body.replaceAll(h.url, self);
    const { root, message } = parseXml(body.replaceAll(h.url, self));
    const { pg_sig: _old, ...rest } = message;
    return buildXml({ ...rest, pg_sig: sign(scriptName(path), rest, credentials('greenleaves').secretKey) }, root);
  });
  self = proxy.url;
});

afterAll(async () => {
  proxy?.close();
  await h?.close();
});

const judge = (id: string) =>
  runCheck(
    checks.find((c) => c.id === id)!,
    { ...subjectOf(h, 'gateway'), baseUrl: proxy!.url },
    {
      seed: 1,
      plan: 'full',
    },
  );

test('an amount form that takes no amount leaves GL-ANY-02 inconclusive, not passed', async () => {
  const r = await judge('gl.flow.any-amount');
  expect(r.ruleOutcomes['GL-ANY-01'], r.reason).toBe('failed');
  expect(r.ruleOutcomes['GL-ANY-02'], JSON.stringify(r.ruleReasons)).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-ANY-02']).toMatch(/150 inside 100–200 was not paid either/);
});

test('a hosted page that takes no payment leaves GL-PAGE-02 inconclusive, not passed', async () => {
  const r = await judge('gl.flow.page-lifetime');
  expect(r.ruleOutcomes['GL-PAGE-02'], r.reason).toBe('inconclusive');
  expect(r.reason).toMatch(/did not take that payment either/);
});
