import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { schemaId } from '../../../src/spec/ajv.ts';
import { validArbitrary } from '../../../src/spec/arbitrary.ts';
import { ENDPOINTS, orderedInterval } from '../../../suites/greenleaves/fields.checks.ts';
import type { PgMessage } from '../../../src/protocols/greenleaves/index.ts';

// Found by the Perl g2g outsider (fixtures/third-party/gateways/greenleaves-perl): it refuses an
// any_amount interval whose lower end exceeds its upper end, and gl.fields.any-amount.valid failed it on
// GL-ANY-01 (MUST) with "a schema-valid request was refused" for pg_amount_interval_from 0.6, _to 0.4.
// No document makes a gateway take an interval that holds no amount.
describe('any_amount requests paycert sends keep the interval in order', () => {
  test('every valid any-amount request, as sent, has pg_amount_interval_from <= pg_amount_interval_to', async () => {
    const e = ENDPOINTS.find((x) => x.id === 'any-amount')!;
    const arb = validArbitrary(schemaId('greenleaves', e.request), { omit: e.omit });
    const samples = fc.sample(arb, { numRuns: 400, seed: 7 }) as PgMessage[];
    const both = samples.filter(
      (m) => typeof m.pg_amount_interval_from === 'string' && typeof m.pg_amount_interval_to === 'string',
    );
    expect(both.some((m) => Number(m.pg_amount_interval_from) > Number(m.pg_amount_interval_to))).toBe(true);
    for (const m of both) {
      const sent = e.fresh ? await e.fresh({} as never, m) : m;
      expect(Number(sent.pg_amount_interval_from)).toBeLessThanOrEqual(Number(sent.pg_amount_interval_to));
    }
  });

  test('a violating end stays where the violation put it', () => {
    const m = { pg_amount_interval_from: '5', pg_amount_interval_to: '1,5' } as PgMessage;
    expect(orderedInterval(m)).toBe(m);
    expect(orderedInterval({ pg_amount_interval_from: '0.6', pg_amount_interval_to: '0.4' } as PgMessage)).toEqual({
      pg_amount_interval_from: '0.4',
      pg_amount_interval_to: '0.6',
    });
  });
});
