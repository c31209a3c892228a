import { expect, test } from 'vitest';
import { certify } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';

// probe 24 (a PHP shop verifying with basename(SCRIPT_NAME), "index.php", under a front controller):
// every answer was HTTP 200 with the signed XML GL-MCB-01 asks for, and result-ok passed it, but
// can-reject, which stopped at its precondition (a genuine call for a payable order answered error: a
// departure from GL-MCB-14), left it inconclusive. Not judged there because of GL-MCB-14, result-ok's
// pass stands, marked partly.
test('defect verifies-with-program-name: GL-MCB-01 passed partly beside can-reject stopped at its precondition', async () => {
  const { cert } = await certify(
    'greenleaves',
    'merchant',
    checks.filter((c) => ['gl.merchant.result-ok', 'gl.merchant.can-reject'].includes(c.id)),
    ['verifies-with-program-name'],
    1,
  );
  const of = (id: string) => cert.rules.find((r) => r.id === id)!;
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  expect(of('GL-MCB-14').verdict, shown).toBe('failed');
  expect(of('GL-MCB-01').verdict, shown).toBe('passed');
  expect(of('GL-MCB-01').partly, shown).toContain('gl.merchant.can-reject');
  // the rules only can-reject judges stay inconclusive, saying what was not established
  expect(of('GL-MCB-13').verdict, shown).toBe('inconclusive');
  expect(of('GL-MCB-13').reason, shown).toMatch(
    /precondition: .*pg_status=error .*the merchant takes no genuine payment, so what it decides for this check's calls does not show/,
  );
});
