import { afterAll, expect, test } from 'vitest';
import { certify } from './support.ts';
import { CHECKS } from '../../suites/registry.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';
import { PROFILES } from '../../src/spec/paths.ts';

afterAll(() => closeAdapters());

// Probe 24's Perl SDK (creds_merchantid): an adapter refusing every operation as invalid sends nothing. A rule
// no request judged is inconclusive with that refusal, never "skipped" (not applicable, which CI drops):
// V5-SDK-11 was skipped, "ran but never reached an assertion", and GL-SDK-13 "reports no paid flag". Skipped
// is kept for what docs/sdk-adapter.md names (an `unsupported` operation, an optional output not given).
test.each(PROFILES.map((p) => [p]))(
  '%s refuses-everything: no rule is skipped, no request rule passed',
  async (profile) => {
    const { cert } = await certify(profile, 'sdk', CHECKS[profile], ['refuses-everything'], 5);
    const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
    expect(
      cert.rules.filter((r) => r.verdict === 'skipped').map((r) => r.id),
      shown,
    ).toEqual([]);
    // the lead's unjudged verdict reads this: no rule about the requests passed, some stayed inconclusive
    const requests = cert.rules.filter((r) => r.area === 'sdk-requests');
    expect(
      requests.filter((r) => r.verdict === 'passed').map((r) => r.id),
      shown,
    ).toEqual([]);
    expect(
      requests.some((r) => r.verdict === 'inconclusive'),
      shown,
    ).toBe(true);
    if (profile === 'greenleaves-v5')
      expect(cert.rules.find((r) => r.id === 'V5-SDK-11')!.reason, shown).toMatch(
        /refused it before sending anything: error validation/,
      );
  },
);

// Probe 24's Perl SDK (edit_drop_amount): a clearing without the caller's amount warned V5-SDK-12 (the JSON
// types, "amount missing") beside V5-SDK-15. A field left out is V5-SDK-15's alone.
test('greenleaves-v5 edit-drops-amount: V5-SDK-15 alone fails, V5-SDK-12 passes', async () => {
  const { cert } = await certify('greenleaves-v5', 'sdk', CHECKS['greenleaves-v5'], ['edit-drops-amount'], 5);
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  expect(
    cert.rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}`),
    shown,
  ).toEqual(['V5-SDK-15 failed']);
  expect(cert.rules.find((r) => r.id === 'V5-SDK-15')!.reason, shown).toMatch(/amount missing/);
});
