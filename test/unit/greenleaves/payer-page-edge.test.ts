// An edge in front of the gateway that answers the payer's pages (the hosted page, the amount form, the
// ACS) with its 502, or its 502 page sent with HTTP 200: the gateway gave no answer there, so the rules
// of the flow are inconclusive with why, never failed, as for the API's calls (probe 20: Jysan's
// browser flow failed so; g2g's did too, GL-PAGE-01 "the hosted page did not take the payment (HTTP
// 502)", GL-INV-01 "the invoice URL answers HTTP 502", GL-ACS-04 "the ACS did not show a form").
// The crafted subject: the reference behind a proxy that serves the pages at its own origin (the API's
// replies naming them signed again) and answers each of them itself.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';

const PAGE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

let h: SandboxHandle;
const proxies: Record<number, { url: string; close: () => void }> = {};

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  for (const status of [502, 200]) {
    let self = '';
    const proxy = await replyRewritingProxy(h.url, (body, ctx) => {
      const path = new URL(ctx.url, self).pathname;
      if (/^\/(pay|amount|cvc)\/|^\/acs(\/|$)/.test(path)) {
        ctx.status = status;
        ctx.headers = { 'content-type': 'text/html', server: 'nginx' };
        return PAGE_502;
      }
      const api = path.startsWith('/g2g/');
      if (!api || !body.includes(h.url) || !body.includes('<pg_sig>')) return body.replaceAll(h.url, self);
      const { root, message } = parseXml(body.replaceAll(h.url, self));
      const { pg_sig: _old, ...rest } = message;
      return buildXml({ ...rest, pg_sig: sign(scriptName(path), rest, credentials('greenleaves').secretKey) }, root);
    });
    self = proxy.url;
    proxies[status] = proxy;
  }
});

afterAll(async () => {
  for (const p of Object.values(proxies)) p.close();
  await h?.close();
});

const CASES: Array<[string, string[]]> = [
  ['gl.flow.payment-page', ['GL-PAGE-01']],
  ['gl.flow.any-amount', ['GL-ANY-01', 'GL-ANY-02']],
  ['gl.flow.invoice', ['GL-INV-01']],
  ['gl.flow.3ds', ['GL-ACS-04']],
];

test.each([
  [502, /HTTP 502/],
  [200, /HTTP 200 with an edge's "502 Bad Gateway" page/],
] as const)('the payer pages answered by an edge (HTTP %i): inconclusive, not failed', async (status, why) => {
  for (const [id, rules] of CASES) {
    const r = await runCheck(
      checks.find((c) => c.id === id)!,
      { ...subjectOf(h, 'gateway'), baseUrl: proxies[status]!.url },
      { seed: 1, plan: 'full' },
    );
    const failed = Object.entries(r.ruleOutcomes).filter(([, o]) => o === 'failed');
    expect([id, failed], JSON.stringify(r.ruleReasons)).toEqual([id, []]);
    for (const rule of rules) {
      expect([rule, r.ruleOutcomes[rule]]).toEqual([rule, 'inconclusive']);
      expect(r.ruleReasons?.[rule]).toMatch(why);
      expect(r.ruleReasons?.[rule]).toMatch(/no answer of the gateway/);
    }
  }
});
