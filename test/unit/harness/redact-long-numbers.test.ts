import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhn, redactText } from '../../../src/harness/redact.ts';
import { warmCpuRatio } from '../../cpu-time.ts';

// A probe's Jysan SDK: long digit strings that are no card numbers were masked as cards inside the
// reasons, so the expected signing string a reason shows could not be reproduced. A 20-digit NONCE glued
// 17 + 3 (a card number and a CVC: a documented glued shape) came out as `546549*******4996095` in
// JY-SDK-01's base string while the same reason's JSON showed it in clear; 13-digit clock NONCEs that only
// count up came out as `(1796615321750, 179661***1751, 1796615321752, …)` in JY-SDK-02's.
const NONCE = '54654931288524996095';
const CARD = '4716047261941981'; // a test card of the fixtures

describe('long digit strings that are no card numbers in a reason', () => {
  test("a NONCE's digits the same text shows after a NONCE key stay readable in its base string", () => {
    const reason =
      `P_SIGN does not verify: expected sha512(SHARED_SECRET + "001694;1500.50;KZT;T8GWDHVXFN;HVZGPDP9;${NONCE};;` +
      `Заказ 17доставка;;;;;;"); the form's P_SIGN bfe819d4 over {"ORDER":"001694","AMOUNT":"1500.50",` +
      `"NONCE":"${NONCE}","DESC":"Заказ"}`;
    expect(redactText(reason)).toBe(reason);
    // also escaped (the reason in JSON), and a NONCE key written as a form's field
    const inJson = JSON.stringify(reason);
    expect(redactText(inJson)).toBe(inJson);
    const form = `base ${NONCE};1500.50 from NONCE=${NONCE}&ORDER=1`;
    expect(redactText(form)).toBe(form);
  });
  test('a run of more than 19 digits glued as a card number happens is still masked where no NONCE shows it', () => {
    expect(redactText(`expected "001694;1500.50;${NONCE};;"`)).toBe('expected "001694;1500.50;546549*******4996095;;"');
    expect(redactText(`NONCE=1${NONCE} then ${NONCE}`)).toContain('546549*******4996095');
  });
  test('numbers in a list that count up: a Luhn-valid one beside its neighbours in clear stays readable', () => {
    expect(luhn('1796615321751')).toBe(true);
    for (const list of [
      '(1796615321750, 1796615321751, 1796615321752, …, 1796615321767)',
      '(1796615321749, 1796615321750, 1796615321752, …, 1796615321751)',
      'NONCEs 1796615321751;1796615321760',
    ])
      expect(redactText(list)).toBe(list);
  });
  test('a Luhn-valid number whose hidden digits no number in clear shows is still masked', () => {
    expect(redactText('signature base: a;9;26066;123;11;4087760067101;86137;y')).toContain('408776***7101');
    // the same first six only, or another length
    expect(redactText('ids 1796615321751, 1796619999999')).toBe('ids 179661***1751, 1796619999999');
    expect(redactText('ids 1796615321751, 17966153217500')).toBe('ids 179661***1751, 17966153217500');
    // two Luhn-valid numbers: neither is in clear
    expect(luhn('1796615321769')).toBe(true);
    expect(redactText('ids 1796615321751, 1796615321769')).toBe('ids 179661***1751, 179661***1769');
  });
});

describe("paycert's own test cards are masked wherever they appear", () => {
  const saved = process.env.PAYCERT_JYSAN_TEST_CARDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PAYCERT_JYSAN_TEST_CARDS;
    else process.env.PAYCERT_JYSAN_TEST_CARDS = saved;
  });
  test('a fixture card beside its neighbours, after a NONCE key, as a NONCE shown elsewhere, glued', () => {
    for (const t of [
      `(4716047261941980, ${CARD}, 4716047261941982)`,
      `NONCE=${CARD} base ;${CARD};`,
      `{"NONCE":"${CARD}"} ;${CARD}737;`,
      `NONCE=1718000000${CARD} and 1718000000${CARD}`,
      `ids ${CARD}, 4716047261940000`,
    ]) {
      const out = redactText(t);
      expect(out, t).not.toContain(CARD);
      expect(out, t).toContain('471604******1981');
    }
  });
  test('a card of PAYCERT_JYSAN_TEST_CARDS (not Luhn-valid) too', () => {
    const pan = '4405645000006151';
    expect(luhn(pan)).toBe(false);
    const file = join(mkdtempSync(join(tmpdir(), 'cards-')), 'cards.json');
    writeFileSync(file, JSON.stringify({ cards: [{ pan, exp: '12/30', cvc: '123' }] }));
    process.env.PAYCERT_JYSAN_TEST_CARDS = file;
    for (const t of [`NONCE=${pan};${pan}`, `(4405645000006150, ${pan}, 4405645000006152)`, `x${pan}999`]) {
      expect(redactText(t), t).not.toContain(pan);
    }
  });
});

describe('numbers that are no card numbers: linear time', () => {
  const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  test.each<[string, (n: number) => string]>([
    ['a list of numbers that count up', (n) => fill('1796615321750, 1796615321751, ', n)],
    ['Luhn-valid numbers, none in clear', (n) => fill('1796615321751 ', n)],
    ['NONCE keys and their values', (n) => fill(`NONCE=${NONCE};${NONCE};nonce `, n)],
    ['NONCE keys without a value', (n) => `${NONCE} ${fill('NONCE ', n)}`],
  ])('%s (1 MiB)', (_name, make) => {
    // linear is 8, quadratic 64
    expect(warmCpuRatio(redactText, make, 1 << 17)).toBeLessThan(32);
  });
});
