import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../../src/harness/runner.ts';
import { failed, rewrittenReference } from './rewritten-reference.ts';

// A probe's own v5 gateway left out of its replies the objects seed 000 does not require (it documents
// no reply): no `decline` on a declined payment, no `violations` in a refusal. paycert warned V5-CARD-01,
// V5-CARD-03 and V5-FMT-02 ("decline undefined") and V5-ERR-01 ("first violation undefined"). A rule
// about a property of the object is not judged on a reply without it, and not passed on its absence
// either: the rest of the reply (the status, error.code) judges it. The reference's replies are
// rewritten on the way (they are not signed).
const rewritten = rewrittenReference();
/** The checks against replies whose JSON body `how` changes. */
const judge = (ids: string[], how: (body: Record<string, unknown>) => void): Promise<CheckResult[]> =>
  rewritten(ids, (b) => {
    const v = JSON.parse(b) as Record<string, unknown>;
    how(v);
    return JSON.stringify(v);
  });

const outcomes = (results: CheckResult[], rules: string[]): Record<string, string | undefined> =>
  Object.fromEntries(rules.map((id) => [id, results.find((r) => r.ruleOutcomes[id])?.ruleOutcomes[id]]));
const shown = (results: CheckResult[]): string =>
  JSON.stringify(
    results.map((r) => [r.id, r.reason, r.ruleOutcomes]),
    null,
    1,
  );

const DECLINE_CHECKS = ['v5.card.outcomes', 'v5.body.seed-example', 'v5.fmt.payment-replies'];
const DECLINE_RULES = ['V5-CARD-01', 'V5-CARD-03', 'V5-FMT-02'];

describe('decline object', () => {
  test('left out of declined payments: the status judges the decline, nothing fails', async () => {
    const results = await judge(DECLINE_CHECKS, (b) => delete b.decline);
    expect(failed(results), shown(results)).toEqual([]);
    expect(outcomes(results, DECLINE_RULES), shown(results)).toEqual({
      'V5-CARD-01': 'passed',
      'V5-CARD-03': 'passed',
      'V5-FMT-02': 'passed',
    });
  });

  test('null on every payment (a record printing every key) is no decline object', async () => {
    const results = await judge(DECLINE_CHECKS, (b) => {
      if ('status' in b) b.decline ??= null;
    });
    // null is not the object payment.schema.json has: that is V5-FMT-01's finding alone
    expect(failed(results), shown(results)).toEqual(['V5-FMT-01']);
  });

  // the teeth stay: a decline object that is shown is judged
  test('a decline object with another code fails V5-CARD-01 and V5-CARD-03', async () => {
    const results = await judge(DECLINE_CHECKS, (b) => {
      if (b.decline) (b.decline as { code: number }).code = 4002;
    });
    expect(failed(results), shown(results)).toEqual(['V5-CARD-01', 'V5-CARD-03']);
  });

  test('a decline object on a payment that was not declined fails V5-FMT-02', async () => {
    const results = await judge(['v5.fmt.payment-replies'], (b) => {
      if (b.status === 'cleared') b.decline = { code: 4001, name: 'declined', message: { en: 'x', ru: 'х' } };
    });
    expect(failed(results), shown(results)).toEqual(['V5-FMT-02']);
  });

  test("with status words of the gateway's own and no amounts, whether a card declined is not judged", async () => {
    const words: Record<string, string> = { declined: 'failed', cleared: 'success', authorized: 'approved' };
    const results = await judge(['v5.card.outcomes'], (b) => {
      if (typeof b.status === 'string' && b.status in words) b.status = words[b.status];
      for (const k of ['decline', 'cleared_amount', 'refunded_amount']) delete b[k];
    });
    expect(failed(results), shown(results)).toEqual([]);
    expect(outcomes(results, ['V5-CARD-01', 'V5-CARD-04']), shown(results)).toEqual({
      'V5-CARD-01': 'inconclusive',
      'V5-CARD-04': 'inconclusive',
    });
  });
});

test('a refusal without a violations list is judged on error.code alone', async () => {
  const results = await judge(['v5.body.violations'], (b) => {
    const e = b.error as Record<string, unknown> | undefined;
    if (e) delete e.violations;
  });
  expect(failed(results), shown(results)).toEqual([]);
  expect(outcomes(results, ['V5-ERR-01']), shown(results)).toEqual({ 'V5-ERR-01': 'passed' });
}, 180_000);
