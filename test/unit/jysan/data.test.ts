import { expect, test } from 'vitest';
import { describeErrors, schemaId, validate } from '../../../src/spec/ajv.ts';
import { loadErrors, loadFixture, loadRules, loadVectors, violationCode } from '../../../src/spec/load.ts';
import { jysanCard, jysanFaults } from '../../../src/spec/jysan-cards.ts';
import { encryptCard, generateCardKeyPair, SANDBOX_KEY_BITS } from '../../../src/protocols/jysan/card.ts';
import { sign } from '../../../src/protocols/jysan/signature.ts';

const payment = schemaId('jysan', 'payment-request');
const ex1 = loadVectors('jysan').find((v) => v.id === 'EX1')!;
const ex1Fields = (ex1.input as { fields: Record<string, string> }).fields;
const ok: Record<string, string> = {
  ...ex1Fields,
  DESC_ORDER: 'Line 1Line 2',
  LANGUAGE: 'ru',
  P_SIGN: (ex1.expected as { sign: string }).sign,
};

test('rules: gateway rules, the merchant-side JY-MRD and sdk-side JY-SDK rules, JY- ids, levels present', () => {
  const rules = loadRules('jysan').rules;
  for (const r of rules) {
    expect(r.id).toMatch(/^JY-(SIG|PAY|ENC|3DS|STA|LST|REV|CNF|RED|ERR|MRD|SDK|REC)-[0-9]{2}$/);
    expect(r.subject).toBe(r.id.startsWith('JY-MRD-') ? 'merchant' : r.id.startsWith('JY-SDK-') ? 'sdk' : 'gateway');
  }
  expect(rules.filter((r) => r.id.startsWith('JY-MRD-')).length).toBeGreaterThan(0);
  expect(new Set(rules.map((r) => r.level))).toEqual(new Set(['MUST', 'SHOULD', 'INFERRED']));
});

test('payment-request accepts EX1 and refuses single violations', () => {
  const v = validate(payment, ok);
  expect(v.ok, describeErrors(v.errors)).toBe(true);
  const bad: Record<string, unknown>[] = [
    { ORDER: '12345' },
    { ORDER: '12345678901' },
    { ORDER: '12345a' },
    { AMOUNT: '1,50' },
    { AMOUNT: '1.505' },
    { AMOUNT: '12345678901234' },
    { CURRENCY: 'kzt' },
    { CURRENCY: 'KZTT' },
    { MERCHANT: 'ABCDE' },
    { TERMINAL: 'ABCDEFGHI' },
    { NONCE: '12345' },
    { LANGUAGE: 'kz' },
    { DESC: '' },
    { DESC: 'x'.repeat(51) },
    { EMAIL: 'x'.repeat(81) },
    { P_SIGN: 'ab' },
    { crd_pan: 'A'.repeat(344) },
    { UNKNOWN: '1' },
  ];
  for (const b of bad) expect(validate(payment, { ...ok, ...b }).ok, JSON.stringify(b)).toBe(false);
  for (const k of ['ORDER', 'AMOUNT', 'CURRENCY', 'MERCHANT', 'TERMINAL', 'DESC', 'P_SIGN']) {
    const { [k]: _drop, ...rest } = ok;
    expect(validate(payment, rest).ok, `without ${k}`).toBe(false);
  }
});

test('AMOUNT forms and crd_* under the sandbox key pass', () => {
  const keys = generateCardKeyPair(SANDBOX_KEY_BITS);
  for (const AMOUNT of ['1', '100', '1.5', '1500.50', '1234567890123', '1234567890.12'])
    expect(validate(payment, { ...ok, AMOUNT }).ok, AMOUNT).toBe(true);
  const card = {
    crd_pan: encryptCard('4400430000000015', keys.publicKey),
    crd_exp: encryptCard('12/30', keys.publicKey),
    crd_cvc: encryptCard('123', keys.publicKey),
  };
  expect(validate(payment, { ...ok, ...card }).ok).toBe(true);
});

test('the other request schemas accept the vector inputs', () => {
  const S = '01234567890123456789012';
  const cases: [string, string, Record<string, string>][] = [
    ['status-request', 'status', { ORDER: '123456', MERCHANT: 'TEST_ECOM', GETSTATUS: '1' }],
    [
      'list-request',
      'list',
      { MERCHANT: 'TEST_ECOM', TERMINAL: 'WEB10004', DATE_FROM: '01.01.2025 00:00:00', DATE_TO: '31.01.2025 23:59:59' },
    ],
    [
      'cancel-request',
      'cancel',
      { ORDER: '123456', MERCHANT: 'TEST_ECOM', REV_AMOUNT: '1500.50', REV_DESC: 'Customer request' },
    ],
    ['confirm-request', 'confirm', { ORDER: '123456', MERCHANT: 'TEST_ECOM', AMOUNT: '' }],
  ];
  for (const [schema, op, f] of cases) {
    const v = validate(schemaId('jysan', schema), { ...f, P_SIGN: sign(op as never, f, S) });
    expect(v.ok, `${schema}: ${describeErrors(v.errors)}`).toBe(true);
  }
  expect(
    validate(schemaId('jysan', 'status-request'), {
      ORDER: '123456',
      MERCHANT: 'TEST_ECOM',
      GETSTATUS: '2',
      P_SIGN: 'x'.repeat(128),
    }).ok,
  ).toBe(false);
  expect(
    validate(schemaId('jysan', 'cancel-request'), {
      ORDER: '123456',
      MERCHANT: 'TEST_ECOM',
      REV_AMOUNT: '1',
      REV_DESC: 'x'.repeat(401),
      P_SIGN: 'x'.repeat(128),
    }).ok,
  ).toBe(false);
});

test("the redirect schema accepts EX5 with BACKREF's own parameters", () => {
  const ex5 = loadVectors('jysan').find((v) => v.id === 'EX5')!;
  const q = {
    ...(ex5.input as { fields: Record<string, string> }).fields,
    sign: (ex5.expected as { sign: string }).sign,
    redirect: 'true',
    shop_ref: 'abc',
  };
  const v = validate(schemaId('jysan', 'redirect'), q);
  expect(v.ok, describeErrors(v.errors)).toBe(true);
  const { sign: _s, ...unsigned } = q;
  expect(validate(schemaId('jysan', 'redirect'), unsigned).ok).toBe(false);
});

test('violations map: defaults and field overrides', () => {
  expect(violationCode('jysan', 'DESC', 'missing')).toBe(24);
  expect(violationCode('jysan', 'DESC', 'tooShort')).toBe(25);
  expect(violationCode('jysan', 'DESC', 'tooLong')).toBe(26);
  expect(violationCode('jysan', 'NONCE', 'charset')).toBe(27);
  expect(violationCode('jysan', 'ORDER', 'charset')).toBe(12);
  expect(violationCode('jysan', 'ORDER', 'tooLong')).toBe(26);
  expect(violationCode('jysan', 'AMOUNT', 'format')).toBe(13);
  expect(violationCode('jysan', 'CURRENCY', 'enum')).toBe(14);
  expect(violationCode('jysan', 'MERCHANT', 'unknown')).toBe(17);
  expect(violationCode('jysan', 'TERMINAL', 'unknown')).toBe(20);
  expect(violationCode('jysan', 'crd_exp', 'format')).toBe(19);
  expect(violationCode('jysan', 'crd_exp', 'charset')).toBe(19);
});

function luhn(pan: string): boolean {
  let sum = 0;
  [...pan].reverse().forEach((c, i) => {
    let d = Number(c) * (i % 2 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  });
  return sum % 10 === 0;
}

test('test cards are Luhn-valid, sandbox-only, and cover approve, decline, 3ds-fail and code 29', () => {
  const f = loadFixture<{
    sandboxOnly: boolean;
    cards: { pan: string; exp: string; cvc: string; outcome: string; expect: { code?: number } }[];
  }>('jysan', 'test-cards.json');
  expect(f.sandboxOnly).toBe(true);
  for (const c of f.cards) {
    expect(luhn(c.pan), c.pan).toBe(true);
    expect(luhn(c.pan.slice(0, -1) + String((Number(c.pan.at(-1)) + 1) % 10))).toBe(false);
    expect(c.exp).toMatch(/^(0[1-9]|1[0-2])\/[0-9]{2}$/);
    expect(c.cvc).toMatch(/^[0-9]{3,4}$/);
  }
  expect(new Set(f.cards.map((c) => c.outcome))).toEqual(
    new Set(['approve', 'decline', '3ds-fail', 'preauth', 'mpi-unavailable']),
  );
  expect(f.cards.some((c) => c.expect.code === 29)).toBe(true);
});

test('the sandbox faults trigger codes 11, 15, 16 and 22 of the documented table, with a card of their own', () => {
  const x = jysanFaults();
  const documented = new Set(loadErrors('jysan').codes.map((c) => c.code));
  const codes = [x.serviceUnavailable.code, x.mpiUnavailable.code, x.dbUnavailable.code, x.rateNotFound.code];
  expect(codes).toEqual([11, 15, 16, 22]);
  for (const c of codes) expect(documented.has(c)).toBe(true);
  expect(x.serviceUnavailable.AMOUNT).not.toBe(x.dbUnavailable.AMOUNT);
  expect(jysanCard(x.mpiUnavailable.card).outcome).toBe('mpi-unavailable');
});

test('the published test credentials reproduce EX1', () => {
  const c = loadFixture<{ credentials: Record<string, string> }>('jysan', 'test-credentials.json').credentials;
  expect(c.MERCHANT).toBe(ex1Fields.MERCHANT);
  expect(c.TERMINAL).toBe(ex1Fields.TERMINAL);
  expect(sign('payment', ex1Fields, c.SHARED_SECRET!)).toBe((ex1.expected as { sign: string }).sign);
});
