// An edge in front of the gateway that answers the payer's pages (the card form posted to /ecom/pay/…,
// the ACS) with its 502, its 502 page sent with HTTP 200, or its 504 after the gateway was too slow:
// the gateway gave no answer there, so the rules of the browser flow are inconclusive with why, never
// failed. Was (probe 20): JY-RED-01 "the reply carries no redirect … to BACKREF: HTTP 502, other: <html>
// … 502 Bad Gateway", JY-RED-02 and JY-3DS-07 failed, where the same pages on /ecom/api were inconclusive.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { startEdge, type EdgeOptions } from '../../proxy.ts';

let h: SandboxHandle;
beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
});
afterAll(async () => {
  await h?.close();
});

const PAGES = /^\/ecom\/(pay|acs)/;
const EDGES: Array<[string, EdgeOptions, RegExp]> = [
  ['its 502', { badGatewayPath: PAGES }, /HTTP 502/],
  [
    'its 502 page with HTTP 200',
    { badGatewayPath: PAGES, badGatewayAs200: true },
    /HTTP 200 with an edge's "502 Bad Gateway" page/,
  ],
  ['its 504 after a slow gateway', { slowUpstreamMs: 400, slowPath: '/ecom/pay', readTimeoutMs: 200 }, /HTTP 504/],
];

test.each(EDGES)(
  'an edge answering the payer pages with %s: the browser flow is inconclusive, not failed',
  async (_, edge, why) => {
    const proxy = await startEdge(h.url, edge);
    try {
      const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxy.url };
      for (const [id, rules] of [
        ['jy.flow.browser', ['JY-RED-01', 'JY-RED-02']],
        ['jy.3ds.browser', ['JY-3DS-07']],
      ] as const) {
        if (id === 'jy.3ds.browser' && edge.slowPath) continue; // the ACS is not slowed
        const r = await runCheck(
          CHECKS.jysan.find((c) => c.id === id)!,
          subject,
          { seed: 1, plan: 'full' },
        );
        const failed = Object.entries(r.ruleOutcomes).filter(([, o]) => o === 'failed');
        expect(failed, JSON.stringify(r.ruleReasons)).toEqual([]);
        for (const rule of rules) {
          expect([rule, r.ruleOutcomes[rule]]).toEqual([rule, 'inconclusive']);
          expect(r.ruleReasons?.[rule]).toMatch(why);
          expect(r.ruleReasons?.[rule]).toMatch(/no answer of the gateway/);
        }
      }
    } finally {
      await proxy.close();
    }
  },
);
