// Probe 18: a Jysan gateway answering each payment request with a 303 to its card or error page on a
// second host of its own (seed 002's requests go to jpay.jysanbank.kz, its test pages live on
// ecom.jysanbank.kz:8462). The scripted payer follows no redirect to an origin it was not given: 85 of
// 96 rules were inconclusive, and nothing said how to let it through. `--page-origin` names such a
// host (Subject.pageOrigins): the payer is followed there and posts the card form there, as on the
// target's own origin; an origin not named is still left alone, the reason saying how to name it.
// Two loopback servers on two ports (two origins) in front of the reference: the target, and the
// page host its pages are served from.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';
import { CHECKS } from '../../../suites/registry.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { withEnv } from '../harness/judge-checks.ts';
import { pageHostFronts, type PageHost } from '../../page-host.ts';

let h: SandboxHandle;
let fronts: PageHost;
let target = '';
let pageHost = '';
let seen: PageHost['seen'];

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  fronts = await pageHostFronts(h.url);
  ({ target, pageHost, seen } = fronts);
});

afterAll(async () => {
  fronts?.close();
  await h?.close();
});

const subject = (pageOrigins?: string[]): Subject => ({
  ...subjectOf(h, 'gateway'),
  baseUrl: target,
  ...(pageOrigins && { pageOrigins }),
});

async function judge(id: string, s: Subject) {
  const check = CHECKS.jysan.find((c) => c.id === id)!;
  const r = await runCheck(check, s, { seed: 1, plan: 'full', runs: 2 });
  return { ...r, why: `${id}: ${r.reason} ${JSON.stringify(r.ruleReasons)} ${JSON.stringify(r.failures)}` };
}

const CHECKS_HERE = ['jy.fields.payment.valid', 'jy.flow.browser', 'jy.sig.tampered'];

describe('a gateway whose payment pages are on a second origin', () => {
  test.each(CHECKS_HERE)(
    '%s without --page-origin: inconclusive, nothing sent there, the reason saying how to name it',
    async (id) => {
      seen.page.length = 0;
      const r = await judge(id, subject());
      expect(seen.page, r.why).toEqual([]);
      expect(
        Object.entries(r.ruleOutcomes).filter(([, v]) => v === 'failed'),
        r.why,
      ).toEqual([]);
      expect(r.outcome, r.why).toBe('inconclusive');
      expect(r.reason).toContain(`if it is the gateway's own page host, name it with --page-origin ${pageHost}`);
    },
  );

  test.each(CHECKS_HERE)(
    '%s with --page-origin naming it: the payer is followed there, the check judged',
    async (id) => {
      seen.page.length = 0;
      const r = await judge(id, subject([pageHost]));
      expect(r.outcome, r.why).toBe('passed');
      expect(seen.page.filter((x) => x.url.startsWith('/ecom/page/')).length, r.why).toBeGreaterThan(0);
    },
  );

  test('the browser flow: the card form is posted to the page host, the result reaches BACKREF', async () => {
    seen.page.length = 0;
    const r = await judge('jy.flow.browser', subject([pageHost]));
    expect(r.outcome, r.why).toBe('passed');
    expect(r.ruleOutcomes['JY-RED-01'], r.why).toBe('passed');
    expect(
      seen.page.some((x) => x.method === 'POST' && x.url.startsWith('/ecom/pay/')),
      r.why,
    ).toBe(true);
  });

  test('another origin than the one named is still not followed', async () => {
    seen.page.length = 0;
    const r = await judge('jy.fields.payment.valid', subject(['http://127.0.0.1:9']));
    expect(seen.page).toEqual([]);
    expect(r.outcome, r.why).toBe('inconclusive');
    expect(r.reason).toContain(`name it with --page-origin ${pageHost}`);
  });

  // PAYCERT_TARGET_LOGIN is the target's HTTP Basic login: a browser sends it only where it was asked
  // for it, and the page host is another server, so it goes to the target's origin alone
  test("the target's login is not sent to the page host", async () => {
    seen.target.length = 0;
    seen.page.length = 0;
    const real: Subject = { ...subject([pageHost]), target: 'real', limits: LIMITS.reference };
    const r = await withEnv('PAYCERT_TARGET_LOGIN', 'qa:page-origin-login', () =>
      judge('jy.fields.payment.valid', real),
    );
    expect(seen.page.length, r.why).toBeGreaterThan(0);
    expect(seen.page.filter((x) => x.login)).toEqual([]);
    expect(seen.target.filter((x) => x.url.startsWith('/ecom/api')).every((x) => x.login)).toBe(true);
  });
});
