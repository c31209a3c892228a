import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../../src/harness/runner.ts';
import type { ReplyContext } from '../harness/request-proxy.ts';
import { failed, rewrittenReference } from './rewritten-reference.ts';

// A probe's v5 gateway and a defect-injecting proxy found expectations copied from a faulty reply: the
// fault (V5-FMT-01's, V5-FMT-02's) was blamed on the fields that were right. Amounts as JSON strings in the
// payment (the history's numbers) failed V5-OBJ-02 "want amount "300""; a declined payment's amount
// "500.00" copied into paycert's own clearing request, refused 2002 (rightly), failed V5-ERR-01 "want
// error 3002"; "captured" in the create and edit replies (reads, history and callback "cleared") failed
// V5-CB-01 "the create replied captured" and V5-OBJ-02. The reference's replies are rewritten on the way.
const judge = rewrittenReference();

const shown = (results: CheckResult[]): string =>
  JSON.stringify(
    results.map((r) => [r.id, r.reason]),
    null,
    1,
  );

/** A reply's payment (its top level, not its operations) rewritten by `how`; other replies as they are. */
const payment =
  (how: (p: Record<string, unknown>, ctx: ReplyContext) => void) =>
  (body: string, ctx: ReplyContext): string => {
    const p = JSON.parse(body) as Record<string, unknown>;
    if (typeof p.id !== 'string' || !('status' in p)) return body;
    how(p, ctx);
    return JSON.stringify(p);
  };

const AMOUNTS = ['amount', 'cleared_amount', 'refunded_amount'] as const;

test('amounts as JSON strings in the payment: the history (numbers) is not blamed', async () => {
  const results = await judge(
    ['v5.obj.history'],
    payment((p) => {
      for (const k of AMOUNTS) if (typeof p[k] === 'number') p[k] = String(p[k]);
    }),
  );
  expect(failed(results), shown(results)).toEqual([]);
  expect(results[0]!.ruleOutcomes['V5-OBJ-02'], shown(results)).toBe('passed');
});

test('an amount written "500.00": the clearing paycert sends carries the amount it chose, a number', async () => {
  const results = await judge(
    ['v5.flow.clearing'],
    payment((p) => {
      if (typeof p.amount === 'number') p.amount = p.amount.toFixed(2);
    }),
  );
  expect(failed(results), shown(results)).toEqual([]);
  const sent = results[0]!.evidence.filter((x) => x.url.endsWith('/v5/g2g/edit')).map((x) => x.requestBody ?? '');
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.join('\n')).not.toMatch(/"amount":"/);
});

describe('a status word of its own in the create and edit replies only (reads, history, callbacks say cleared)', () => {
  const captured = payment((p, { url }) => {
    if (/\/v5\/g2g\/(create|edit)$/.test(url) && p.status === 'cleared') p.status = 'captured';
  });
  test('V5-CB-01 and V5-OBJ-02 are not blamed for V5-FMT-02', async () => {
    const results = await judge(['v5.cb.result-call', 'v5.obj.history'], captured);
    expect(failed(results), shown(results)).toEqual([]);
    for (const r of results)
      for (const rule of r.rules) expect(`${rule} ${r.ruleOutcomes[rule]}`, shown(results)).toBe(`${rule} passed`);
  });
});
