import { expect, test } from 'vitest';
import { certify } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';

const only = (...ids: string[]) => checks.filter((c) => ids.includes(c.id));
const rule = (cert: Awaited<ReturnType<typeof certify>>['cert'], id: string) => cert.rules.find((r) => r.id === id)!;

// probe 26 F1 (a Django shop comparing the amount as text, every sixth order "1250.50"): result-ok's order
// cost whole tenge and was taken; gl.merchant.forged's precondition met an order with tiyn, refused at its
// declared amount, and was inconclusive "(see GL-MCB-14)" while GL-MCB-14 passed. The refusal is GL-MCB-14's
// own failure ("a genuine call for a payable order with the declared amount and currency is answered ok")
test('a payable order with tiyn refused at its declared amount in another check fails GL-MCB-14 there', async () => {
  const { cert } = await certify(
    'greenleaves',
    'merchant',
    only('gl.merchant.result-ok', 'gl.merchant.forged'),
    ['refuses-amount-with-tiyn'],
    5,
  );
  const r = rule(cert, 'GL-MCB-14');
  expect(r.verdict, r.reason).toBe('failed');
  expect(r.reason).toMatch(/gl\.merchant\.forged/);
  expect(r.reason).toMatch(/declared amount \d+\.50 KZT/);
  expect(r.reason).toMatch(/rejected/);
  // the forged check's own rules: not judged behind it, never failed
  for (const id of ['GL-MCB-03', 'GL-MCB-04']) expect(rule(cert, id).verdict).not.toBe('failed');
});

// probe 26 F2: every check_url call answered Django's 403 CSRF page (or APPEND_SLASH's 301), and GL-MCB-17
// ("check_url answers without authentication") and GL-MCB-22 (in time) passed on them, while result_url's
// GL-MCB-11 is inconclusive on such answers: no decision of the shop's shows either
test.each([
  ['check-url-csrf', /Django's CSRF refusal/],
  ['check-url-append-slash', /APPEND_SLASH/],
])('%s: GL-MCB-12 fails naming the cause, GL-MCB-17 and GL-MCB-22 are not passed', async (defect, cause) => {
  const { cert } = await certify('greenleaves', 'merchant', only('gl.merchant.check-url'), [defect], 5);
  const twelve = rule(cert, 'GL-MCB-12');
  expect(twelve.verdict, twelve.reason).toBe('failed');
  expect(twelve.reason).toMatch(cause);
  for (const id of ['GL-MCB-17', 'GL-MCB-22']) {
    const r = rule(cert, id);
    expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
    expect(r.reason).toMatch(/none of check_url's \d+ answers was a decision of the shop's/);
    expect(r.reason).toMatch(cause);
  }
});

// review of the GL-MCB-14 mend: a refusal in gl.merchant.extra-fields is the order's (GL-MCB-14) only where
// the same order is refused without the call's own fields too; else it is theirs (GL-MCB-10), or their
// names' order (GL-MCB-23) for a shop answering rejected to a call it cannot verify (GL-MCB-03 allows it)
test.each([
  ['sorts-names-case-insensitively-rejects-unverified', 'GL-MCB-23', /PaycertRef/],
  ['refuses-unknown-fields', 'GL-MCB-10', /extra fields/],
])('%s: gl.merchant.extra-fields fails %s, not GL-MCB-14', async (defect, id, said) => {
  const { cert } = await certify('greenleaves', 'merchant', only('gl.merchant.extra-fields'), [defect], 5);
  const r = rule(cert, id);
  expect(r.verdict, r.reason).toBe('failed');
  expect(r.reason).toMatch(said);
  expect(rule(cert, 'GL-MCB-14').verdict, rule(cert, 'GL-MCB-14').reason).not.toBe('failed');
});

// the tiyn shop: the mixed-case call's order refused without the own fields too is GL-MCB-14's
test('refuses-amount-with-tiyn: a refused extra-fields call whose order is refused plainly fails GL-MCB-14, not GL-MCB-10/23', async () => {
  const { cert } = await certify(
    'greenleaves',
    'merchant',
    only('gl.merchant.extra-fields'),
    ['refuses-amount-with-tiyn'],
    5,
  );
  for (const id of ['GL-MCB-10', 'GL-MCB-23']) expect(rule(cert, id).verdict, rule(cert, id).reason).not.toBe('failed');
});
