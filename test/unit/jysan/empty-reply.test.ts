// Probe 16: a proxy answering the Jysan target's requests with an empty HTTP 200 (every one, or one in
// seven). The signature, error and field checks read such a reply (kind 'other': neither an error page,
// the card page nor a result) as "not refused" or "refused": JY-SIG-04 (MUST) failed "a signature
// including LANGUAGE was not refused: HTTP 200, other: ", JY-PAY-03 "CURRENCY KZTA … was accepted"
// next to JY-PAY-09 "a Cyrillic DESC of 30 characters was refused", on the same empty replies. An
// empty reply answers nothing: only the rules that prescribe the reply's form fail on it (JY-PAY-18
// the card page, JY-PAY-19 the error page, JY-PAY-17 XML for the XML operations).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference } from '../../../src/harness/reference.ts';
import { checkThrough } from '../harness/judge-checks.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/jysan/index.ts';

let h: SandboxHandle;
const proxies: Array<{ url: string; close: () => void }> = [];
let allEmpty = '';
let someEmpty = '';

/** A proxy emptying the target's replies (HTTP 200, no body) where `empty(n)` says so, n counting them. */
async function emptying(empty: (n: number) => boolean): Promise<string> {
  let n = 0;
  const p = await replyRewritingProxy(h.url, (body, ctx) => {
    if (!ctx.url.startsWith('/ecom/') || !empty(n++)) return body;
    ctx.status = 200;
    delete ctx.headers.location;
    return '';
  });
  proxies.push(p);
  return p.url;
}

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  allEmpty = await emptying(() => true);
  someEmpty = await emptying((n) => n % 7 === 6);
});

afterAll(async () => {
  for (const p of proxies) p.close();
  await h?.close();
});

const run = (id: string, baseUrl: string) => checkThrough('jysan', h, id, baseUrl);

/** The rules that prescribe the reply's form, which an empty reply breaks. */
const FORM_RULES = ['JY-PAY-17', 'JY-PAY-18', 'JY-PAY-19'];

const failedOtherThanForm = (r: Awaited<ReturnType<typeof run>>) =>
  Object.entries(r.ruleOutcomes)
    .filter(([rule, v]) => v === 'failed' && !FORM_RULES.includes(rule))
    .map(([rule]) => `${rule}: ${r.failures.find((f) => f.rule === rule)?.message ?? r.ruleReasons?.[rule]}`);

test.each(checks.filter((c) => c.subject === 'gateway').map((c) => c.id))(
  '%s: every reply empty fails no rule but the reply-form ones',
  async (id) => {
    const r = await run(id, allEmpty);
    expect(failedOtherThanForm(r)).toEqual([]);
    // nothing is passed on replies that said nothing (but what the check judges of paycert's own signer)
    const passed = Object.entries(r.ruleOutcomes).filter(([rule, v]) => v === 'passed' && rule !== 'JY-SIG-06');
    expect(passed, JSON.stringify(r.ruleReasons)).toEqual([]);
  },
);

test('the card page and the error page that did not come fail JY-PAY-18 and JY-PAY-19, naming the empty body', async () => {
  const valid = await run('jy.fields.payment.valid', allEmpty);
  expect(valid.ruleOutcomes['JY-PAY-18']).toBe('failed');
  expect(valid.failures.find((f) => f.rule === 'JY-PAY-18')?.message).toMatch(
    /not answered with the HTML card page: HTTP 200, other: \(an empty body\)/,
  );
  // whether the valid request was taken is not shown by an empty reply
  expect(valid.ruleOutcomes['JY-PAY-16']).not.toBe('passed');
  const page = await run('jy.flow.error-page', allEmpty);
  expect(page.ruleOutcomes['JY-PAY-19']).toBe('failed');
});

test.each(['jy.sig.language', 'jy.sig.tampered', 'jy.err.card-type', 'jy.fields.width', 'jy.fields.characters'])(
  '%s: one reply in seven empty fails no rule, and says the reply was empty',
  async (id) => {
    const r = await run(id, someEmpty);
    expect(failedOtherThanForm(r)).toEqual([]);
  },
);
