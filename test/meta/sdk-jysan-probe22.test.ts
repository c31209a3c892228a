import { afterAll, expect, test } from 'vitest';
import { certify } from './support.ts';
import { CHECKS } from '../../suites/registry.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';

afterAll(() => closeAdapters());

// Probe 22's Perl SDK: its adapter answered AMOUNT as a JSON number (7.05) where the text round-trips, and every
// rule of jy.sdk.payment-form was inconclusive, a wrong MERCHANT unseen. Now the rules that need AMOUNT's exact
// text are not judged on such a form (passed partly on the others, saying why); the rest are judged in full.
test('jysan form-merchant-amount-json-number: JY-SDK-20 fails; only the rules needing AMOUNT are partly', async () => {
  const { cert } = await certify('jysan', 'sdk', CHECKS.jysan, ['form-merchant-amount-json-number'], 5);
  const of = (id: string) => cert.rules.find((r) => r.id === id)!;
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}${r.partly?.length ? ' partly' : ''}: ${r.reason}`);
  expect(of('JY-SDK-20').verdict, shown.join('\n')).toBe('failed');
  const full = ['JY-SDK-02', 'JY-SDK-05', 'JY-SDK-11', 'JY-SDK-13', 'JY-SDK-16'];
  expect(
    full.map((id) => `${id} ${of(id).verdict}${of(id).partly?.length ? ' partly' : ''}`),
    shown.join('\n'),
  ).toEqual(full.map((id) => `${id} passed`));
  for (const id of ['JY-SDK-01', 'JY-SDK-09', 'JY-SDK-15']) {
    const r = of(id);
    expect(`${id} ${r.verdict}`, shown.join('\n')).toBe(`${id} passed`);
    expect(r.partly?.length, shown.join('\n')).toBeTruthy();
    expect(r.reason, shown.join('\n')).toMatch(/payment forms not judged: field AMOUNT is 7.05 \(a JSON number\)/);
  }
}, 300_000);

// Probe 22's Perl SDK (key_check_field): the first 16 hex digits of SHA-512(SHARED_SECRET) in the form passed
// JY-SDK-07 ("nor a value computed from the secret alone"), the full digests were caught.
test('jysan key-check-in-form: a truncated digest of the secret fails JY-SDK-07', async () => {
  const { cert } = await certify('jysan', 'sdk', CHECKS.jysan, ['key-check-in-form'], 5);
  const r = cert.rules.find((x) => x.id === 'JY-SDK-07')!;
  expect(r.verdict, r.reason).toBe('failed');
  expect(r.reason).toMatch(/the first 16 hex digits of the sha512 hash .* in field KEY_CHECK/);
}, 300_000);

// Probe 22's Perl SDK: each of these passed, paycert's replies and inputs never showing what it got wrong: every
// code-0 reply in Russian, every cancel success with <operation>, the only decline "Транзакция отклонена", the
// payment form's zero-led ORDERs of exactly six digits.
test.each([
  ['success-by-text', 'JY-SDK-17', /code 0 \(its description in English\)/],
  ['cancel-requires-operation', 'JY-SDK-17', /payment\.cancel: the bank answered code 0 \(without <operation>\)/],
  ['paid-by-desc', 'JY-SDK-12', /res_code 51/],
  ['order-pad-six', 'JY-SDK-15', /ORDER "000\d+" became "\d+"/],
])(
  'jysan %s: %s fails, naming the reply or input',
  async (defect, rule, reason) => {
    const { cert } = await certify('jysan', 'sdk', CHECKS.jysan, [defect], 5);
    const r = cert.rules.find((x) => x.id === rule)!;
    const shown = cert.rules.map((x) => `${x.id} ${x.verdict}: ${x.reason}`).join('\n');
    expect(r.verdict, shown).toBe('failed');
    expect(r.reason, shown).toMatch(reason);
    expect(cert.rules.filter((x) => x.verdict === 'failed').map((x) => x.id)).toEqual([rule]);
  },
  300_000,
);
