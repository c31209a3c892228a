// A shop reached through the proxy the environment names (HTTP_PROXY on a CI runner): judged through
// it as directly, and the proxy's own refusal (Squid's ERR_ACCESS_DENIED for a host its policy does not
// allow) is no answer of the shop's. Was: GL-MCB-01 failed "HTTP 403, want 200", V5-MCB-01/05 and
// JY-MRD-02/08 warned, and a Jysan rule passed, all on Squid's page.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { judgeMerchantAt } from '../merchant-edge.ts';
import { startForwardProxy, type ForwardProxy } from '../forward-proxy.ts';

let proxy: ForwardProxy;
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
beforeAll(async () => {
  proxy = await startForwardProxy();
  delete process.env.http_proxy;
  process.env.HTTP_PROXY = proxy.url;
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  await proxy.close();
});

// a shop's BACKREF on http:// is not https whoever reaches it (JY-MRD-09 warns on the declared URL)
const OF_THE_URL = ['JY-MRD-09'];

test.each(['greenleaves', 'greenleaves-v5', 'jysan'] as const)(
  '%s shop through HTTP_PROXY: judged as directly; the proxy refusing it leaves every rule inconclusive',
  async (profile: ProfileId) => {
    const h = await startReference(profile, 'merchant');
    try {
      const port = new URL(h.url).port;
      const through = await judgeMerchantAt(h, `http://shop.paycert.test:${port}`, 'all');
      const notPassed = through.rules.filter((r) => r.verdict !== 'passed' && r.verdict !== 'skipped');
      expect(notPassed.filter((r) => !OF_THE_URL.includes(r.id)).map((r) => `${r.id} ${r.reason}`)).toEqual([]);
      expect(proxy.seen.some((s) => s.includes(`//shop.paycert.test:${port}/`))).toBe(true);

      const denied = await judgeMerchantAt(h, `http://denied.paycert.test:${port}`, 'all');
      const judged = denied.rules.filter((r) => r.verdict !== 'skipped' && !OF_THE_URL.includes(r.id));
      expect(judged.filter((r) => r.verdict !== 'inconclusive').map((r) => `${r.id} ${r.verdict}`)).toEqual([]);
      const why = new RegExp(
        `: the proxy at ${new URL(proxy.url).host} \\(HTTP_PROXY\\) answered (GET|POST) http://denied\\.paycert\\.test:${port}/\\S+ itself \\(HTTP 403, a proxy's own refusal \\(Squid ERR_ACCESS_DENIED\\)\\): not the subject's reply`,
      );
      expect(judged.filter((r) => !why.test(r.reason)).map((r) => `${r.id} ${r.reason}`)).toEqual([]);
    } finally {
      await h.close();
    }
  },
);
