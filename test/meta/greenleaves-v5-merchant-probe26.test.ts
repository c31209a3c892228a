import { expect, test } from 'vitest';
import { certify } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';

// probe 26 finding 2 (a Rails shop comparing the amount as text): V5-MCB-06 warned "the declined call
// left the order unpayable" where the paid call after it was refused for its amount's spelling (2500
// sent for an order of "2500.00"), as a call for that order is without any declined one (V5-MCB-01's).
// V5-MCB-03 blamed the forged calls alike.
const merchant = checks.filter((c) => c.subject === 'merchant');
const shownOf = (cert: Awaited<ReturnType<typeof certify>>['cert']) =>
  cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');

test('defect amount-compared-as-text fails V5-MCB-01 alone', async () => {
  const { cert } = await certify('greenleaves-v5', 'merchant', merchant, ['amount-compared-as-text'], 1);
  expect(
    cert.rules.filter((r) => r.verdict === 'failed').map((r) => r.id),
    shownOf(cert),
  ).toEqual(['V5-MCB-01']);
});

test.each([['v5.mcb.declined', 'V5-MCB-06']])(
  'defect amount-compared-as-text, %s alone on an order of "510.00": %s passes, the order paid as spelled',
  async (id, rule) => {
    const run = merchant.filter((c) => c.id === id);
    const { cert, results } = await certify('greenleaves-v5', 'merchant', run, ['amount-compared-as-text'], 1);
    expect(cert.rules.find((r) => r.id === rule)!.verdict, shownOf(cert)).toBe('passed');
    // the path judged, not passed by chance: the order's paid call spelled 510 refused, as declared taken
    const notes = results.find((r) => r.id === id)!.notes ?? [];
    expect(JSON.stringify(notes), shownOf(cert)).toMatch(/spelled as the declaration spells it/);
  },
);

// probe 26 review: Rails answers every 422 exception with its production JSON, a model validation's too.
// A declined payment refused so, while genuine paid calls are taken, is the shop's refusal (compared with a
// forged twin's, V5-MCB-06 judged), not a CSRF wall ("no answer of the shop's").
test('defect declined-validation-422, v5.mcb.declined alone: V5-MCB-06 fails on the 422, no CSRF wall', async () => {
  const run = merchant.filter((c) => c.id === 'v5.mcb.declined');
  const { cert } = await certify('greenleaves-v5', 'merchant', run, ['declined-validation-422'], 1);
  const r = cert.rules.find((x) => x.id === 'V5-MCB-06')!;
  expect(r.verdict, shownOf(cert)).toBe('failed');
  expect(r.reason, shownOf(cert)).toMatch(/HTTP 422 with likely Rails's CSRF refusal \(or another 422 of the app/);
  expect(r.reason, shownOf(cert)).not.toMatch(/no answer of the shop's/);
  expect(cert.rules.find((x) => x.id === 'V5-MCB-01')!.verdict, shownOf(cert)).toBe('passed');
});
