import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { schemaId } from '../../../src/spec/ajv.ts';
import { violatingArbitrary } from '../../../src/spec/arbitrary.ts';
import { ENDPOINTS, judgedPlans, sentOrderId } from '../../../suites/greenleaves/fields.checks.ts';

// Found by the PHP g2g probe (/tmp/probe-g2ggw-php): its gateway refuses a pg_order_id it has seen, and
// GL-PAY-09 warned "pg_order_id outside its recommended charset was refused … заказ с таким pg_order_id
// уже существует": the charset violations are short ids (`~`, `@`, `Ж`) that repeat across cases and
// shrinking. Uniqueness is recommended (digest §3.1): every order id sent must be new, violation kept.
describe('every pg_order_id the field checks send is unique and keeps its violation', () => {
  const e = ENDPOINTS.find((x) => x.id === 'payment')!;
  const gen = violatingArbitrary(schemaId('greenleaves', e.request), { omit: e.omit });
  const allowed = /^[0-9A-Za-z_-]$/;
  for (const kind of ['charset', 'tooLong'] as const) {
    test(kind, () => {
      const plan = judgedPlans(e, gen.plans).find((p) => p.field === 'pg_order_id' && p.kind === kind)!;
      const cases = fc.sample(gen.forPlan(plan), { numRuns: 300, seed: 3 });
      const raw = cases.map((c) => c.message.pg_order_id as string);
      if (kind === 'charset') expect(new Set(raw).size).toBeLessThan(raw.length); // the generator alone repeats ids
      const sent = raw.map((v) => sentOrderId(e, v, 'pg_order_id'));
      expect(new Set(sent).size).toBe(sent.length);
      for (const [i, s] of sent.entries()) {
        if (kind === 'charset') {
          expect(s.length).toBeLessThanOrEqual(50);
          expect([...s].some((c) => !allowed.test(c))).toBe(true);
        } else expect(s.length).toBe(raw[i]!.length);
      }
      // the same value twice (a shrunk case sent again) is two ids
      expect(sentOrderId(e, '~', 'pg_order_id')).not.toBe(sentOrderId(e, '~', 'pg_order_id'));
    });
  }
});
