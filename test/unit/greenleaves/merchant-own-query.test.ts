// A result_url and check_url declared with a query string of their own (…/result?shop=1&lang=ru),
// called by GET: whether the gateway signs the URL's own fields with the call's is unknown (digest §7
// item 1). paycert signed without them; a shop verifying over everything it received (them too) answered
// "Неверная подпись", GL-MCB-15 failed ("the merchant reads POST multipart, not the form it declared")
// though it read the GET call, and 17 rules went inconclusive. Both readings are tried now: a shop
// signing either way passes.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

const CHECKS = ['gl.merchant.result-ok', 'gl.merchant.forged', 'gl.merchant.check-url'];

test.each(['own-query-signed', 'own-query-unsigned'])(
  'a GET merchant with its own query string (%s) passes',
  async (variant) => {
    const h = await startReference('greenleaves', 'merchant', [], [variant]);
    started.push(h);
    const subject = subjectOf(h, 'merchant');
    expect(subject.baseUrl).toMatch(/\?shop=1&lang=ru$/);
    const { results, verdicts, shown } = await judgeChecks('greenleaves', CHECKS, subject);
    expect(Object.keys(verdicts), shown).toEqual(['passed']);
    // the reading that works is said once per check that needed the other one
    const notes = results.flatMap((r) => r.notes ?? []).join('\n');
    if (variant === 'own-query-signed') expect(notes, shown).toMatch(/own query string \(shop, lang\)/);
    else expect(notes, shown).not.toMatch(/own query string/);
  },
);
