import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../../src/harness/runner.ts';
import { failed, rewrittenReference } from './rewritten-reference.ts';

// Conformant replies a probe's own v5 gateway gave that paycert misjudged: amounts as decimal strings
// or left out ("refused edits changed the payment"), masked_pan with X or left out ("want the first 6
// and last 4 digits"), and a refusal of the callback URLs paycert put in the seed's example (V5-BODY-01
// failed on webhook.invalid). The reference's replies are rewritten on the way (its replies are not signed).
const judge = rewrittenReference();

const shown = (results: CheckResult[]): string =>
  JSON.stringify(
    results.map((r) => [r.id, r.reason]),
    null,
    1,
  );

const AMOUNT = /"(amount|cleared_amount|refunded_amount)":(-?[0-9.]+)/g;

describe('amounts', () => {
  test.each([
    [
      'as decimal strings ("70.00")',
      (b: string) => b.replace(AMOUNT, (_, k: string, v: string) => `"${k}":"${Number(v).toFixed(2)}"`),
    ],
    ['left out of payments', (b: string) => b.replace(AMOUNT, '"$1_hidden":$2')],
  ])('%s: judged by V5-FMT-01 alone, never read as a change', async (_, how) => {
    const results = await judge(['v5.flow.duplicate-order', 'v5.body.edit', 'v5.fmt.payment-replies'], how);
    expect(failed(results), shown(results)).toEqual(['V5-FMT-01']);
  });
});

// the result_url call compared with the create reply: "70.00" against 70 failed V5-CB-01, and two absent
// amounts were taken for the same one
describe('the result_url call against a create reply with its amount', () => {
  test.each([
    [
      'as a decimal string',
      (b: string) => b.replace(AMOUNT, (_, k: string, v: string) => `"${k}":"${Number(v).toFixed(2)}"`),
    ],
    ['left out', (b: string) => b.replace(AMOUNT, '"$1_hidden":$2')],
  ])('%s: V5-CB-01 passes on the rest of the payment', async (_, how) => {
    const results = await judge(['v5.cb.result-call'], how);
    expect(failed(results), shown(results)).toEqual([]);
    expect(results[0]!.ruleOutcomes['V5-CB-01'], shown(results)).toBe('passed');
  });
});

describe('masked_pan', () => {
  const masked = (to: (pan: string) => string) => (b: string) =>
    b.replace(
      /"masked_pan":"([0-9]{6})\*+([0-9]{4})"/g,
      (_, a: string, z: string) => `"masked_pan":"${to(`${a}${z}`)}"`,
    );
  test.each([
    ['masked with X', masked((p) => `${p.slice(0, 6)}XXXXXX${p.slice(6)}`), []],
    [
      "masked in the vendor's groups (5483-18XX-XXXX-0293)",
      masked((p) => `${p.slice(0, 4)}-${p.slice(4, 6)}XX-XXXX-${p.slice(6)}`),
      [],
    ],
    ['left out', (b: string) => b.replace(/"masked_pan":"[^"]*",?/g, ''), ['V5-FMT-01']],
    // the teeth stay: a mask that shows 8 leading digits shows too much
    ['showing 8 leading digits', masked((p) => `${p.slice(0, 6)}12****${p.slice(6)}`), ['V5-FMT-03']],
  ])('%s', async (_, how, want) => {
    const results = await judge(['v5.fmt.no-card-data', 'v5.fmt.payment-replies'], how);
    expect(
      failed(results).filter((r) => r !== 'V5-FMT-01' || want.includes(r)),
      shown(results),
    ).toEqual(want);
  });
});

// a reason quoting the full card number read, once the report masked it, "masked_pan "440044******4440"
// shows more than the first 6 and the last 4 digits" (hostile-input probe)
test('masked_pan holding the full card number: V5-FMT-03 fails with a reason true once the report masks it', async () => {
  const results = await judge(['v5.fmt.payment-replies', 'v5.fmt.no-card-data'], (b) =>
    b.replace(/"masked_pan":"[^"]*"/g, '"masked_pan":"4400444400004440"'),
  );
  const why = results.flatMap((r) => r.failures.filter((f) => f.rule === 'V5-FMT-03').map((f) => f.message));
  expect(why.length, shown(results)).toBeGreaterThan(0);
  expect(why.join(' | '), shown(results)).toMatch(
    /masked_pan shows all 16 of its digits; the rule allows the first 6 and the last 4/,
  );
  expect(why.join(' | '), shown(results)).not.toMatch(/masked_pan "?[0-9]{6}\*+[0-9]{4}/);
});

test('a refusal of the callback URLs paycert put in the seed example is inconclusive, and says the message', async () => {
  const results = await judge(['v5.body.seed-example'], (b, ctx) => {
    if (ctx.url.endsWith('/create') && ctx.sent.includes('webhook.invalid')) {
      ctx.status = 400;
      const message = { en: 'urls.check_url does not resolve', ru: 'urls.check_url не разрешается' };
      return JSON.stringify({ error: { code: 2002, name: 'invalid-field', message } });
    }
    // a read finds nothing either: whether the refused create left a payment cannot be seen
    if (ctx.url.endsWith('/read')) {
      ctx.status = 404;
      return JSON.stringify({
        error: { code: 3001, name: 'not-found', message: { en: 'not found', ru: 'не найден' } },
      });
    }
    return b;
  });
  const r = results[0]!;
  expect(r.ruleOutcomes['V5-BODY-01'], shown(results)).toBe('inconclusive');
  expect(r.ruleReasons?.['V5-BODY-01']).toMatch(
    /error 2002 \(invalid-field\): "urls\.check_url does not resolve".*webhook\.invalid/,
  );
});
