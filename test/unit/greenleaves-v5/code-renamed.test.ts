import { expect, test } from 'vitest';
import type { CheckResult } from '../../../src/harness/runner.ts';
import { failed, rewrittenReference } from './rewritten-reference.ts';

// A defect-injecting proxy in front of `paycert sandbox` that gives a bad signature code 1003 (its
// refusal still first): V5-ERR-03 failed "a bad signature and an unknown X-Action: … 1003; want error
// 1001" though the order held (only V5-ERR-01 is broken; precedence is now judged against the
// gateway's own refusal of each fault alone), and V5-ERR-04 was inconclusive "v5.jws.body-tamper
// stopped at the failure of V5-ERR-01": in a property the first failed assertion ends the case, and the
// code was judged before the HTTP status, which does not rest on it.
const judge = rewrittenReference();

const shown = (results: CheckResult[]): string =>
  JSON.stringify(
    results.map((r) => [r.id, r.ruleOutcomes, r.reason]),
    null,
    1,
  );

test('a bad signature refused with 1003: only V5-ERR-01 fails; the order and the HTTP status are judged', async () => {
  const results = await judge(['v5.jws.body-tamper', 'v5.err.precedence'], (body) => {
    const o = JSON.parse(body) as { error?: { code?: number } };
    if (o.error?.code !== 1001) return body;
    o.error.code = 1003;
    return JSON.stringify(o);
  });
  expect(failed(results), shown(results)).toEqual(['V5-ERR-01']);
  const outcome = (id: string, rule: string) => results.find((r) => r.id === id)!.ruleOutcomes[rule];
  expect(outcome('v5.jws.body-tamper', 'V5-ERR-04'), shown(results)).toBe('passed');
  expect(outcome('v5.err.precedence', 'V5-ERR-03'), shown(results)).toBe('passed');
});
