import { afterAll, expect, test } from 'vitest';
import { certify } from './support.ts';
import { CHECKS } from '../../suites/registry.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';

afterAll(() => closeAdapters());

const reasonOf = async (defects: string[], rule: string) => {
  const { cert } = await certify('greenleaves', 'sdk', CHECKS.greenleaves, defects, 5);
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  const r = cert.rules.find((x) => x.id === rule)!;
  return { verdict: r.verdict, reason: r.reason ?? '', shown, cert };
};

// Probe 26 (a Go g2g SDK, BUG_RETRY_NEW_ORDER): after a dropped connection the SDK resent the payment as
// another pg_order_id (a second payment) and passed 28/28, with a note that said neither
test('greenleaves resends-dropped-as-new-order: GL-SDK-18 fails naming the changed pg_order_id', async () => {
  const { verdict, reason, shown, cert } = await reasonOf(['resends-dropped-as-new-order'], 'GL-SDK-18');
  expect(verdict, shown).toBe('failed');
  expect(reason, shown).toMatch(/resent the payment with other fields than the caller's/);
  expect(reason, shown).toMatch(/pg_order_id "[^"]*-r1" \(the caller gave "[^"]*"\)/);
  expect(JSON.stringify(cert), shown).not.toMatch(/"pg_card_cvc":"\d/);
});

// Probe 26 (BUG_CB_SCRIPT_FIXED): "the answer to an accepted payment is not signed…" quoted a pg_status
// error (the SDK refused the genuine call): the shop's decision read as the answer's. The reason now says
// what the answer was (the probe's run shows "(pg_status error)"; the reference's answers ok)
test('greenleaves callback-wrong-script: GL-SDK-07 says what the answer was', async () => {
  const { verdict, reason, shown } = await reasonOf(['callback-wrong-script'], 'GL-SDK-07');
  expect(verdict, shown).toBe('failed');
  expect(reason, shown).toMatch(
    /the SDK's answer \(pg_status ok\) to a genuine call for a payment the shop can deliver/,
  );
  expect(reason, shown).not.toMatch(/accepted payment/);
});
