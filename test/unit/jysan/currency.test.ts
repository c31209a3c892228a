// A probe (probe17) declared orders in KGS, UZS, CNY, GBP, TRY and AED: JY-MRD-16 was inconclusive on a
// conformant shop, "the currency of 73363407 (UZS) has no ISO 4217 form paycert knows to write it in",
// CURRENCY_NUMBER having four entries. Seed 002 "CURRENCY Да C(3) Валюта заказа (ISO 4217, например KZT)":
// any ISO 4217 currency, its letters or its number (specs/iso4217.json).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CURRENCY_NUMBER, ISO_4217, sameCurrency } from '../../../src/protocols/jysan/currency.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { SPECS } from '../../../src/spec/paths.ts';
import { checks } from '../../../suites/jysan/merchant/redirect.checks.ts';
import { startRerunShop } from './rerun-shop.ts';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers) await c();
});

test('every ISO 4217 currency has its number, and is the same currency written either way', () => {
  for (const [letters, number] of [
    ['KZT', '398'],
    ['UZS', '860'],
    ['KGS', '417'],
    ['AED', '784'],
    ['CNY', '156'],
    ['ALL', '008'],
  ] as const) {
    expect(CURRENCY_NUMBER[letters]).toBe(number);
    expect(sameCurrency(number, letters)).toBe(true);
    expect(sameCurrency(letters.toLowerCase(), number)).toBe(true);
  }
  expect(sameCurrency('860', 'KGS')).toBe(false);
  expect(ISO_4217.get('JPY')?.minorUnits).toBe(0);
  expect(ISO_4217.get('KWD')?.minorUnits).toBe(3);
  expect(ISO_4217.get('XAU')?.minorUnits).toBeNull();
});

test('the list is well formed: three letters, three digits, each number once, minor units 0-4 or none', () => {
  const numbers = [...ISO_4217.values()].map((c) => c.number);
  expect(new Set(numbers).size).toBe(numbers.length);
  for (const [code, c] of ISO_4217) {
    expect(code).toMatch(/^[A-Z]{3}$/);
    expect(c.number).toMatch(/^[0-9]{3}$/);
    expect([null, 0, 1, 2, 3, 4]).toContain(c.minorUnits);
  }
});

test("the currencies the profiles' schemas allow (their own, narrower lists) are ISO 4217 codes", () => {
  const enums: string[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n));
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (/currency/i.test(key) && Array.isArray(o.enum)) enums.push(...(o.enum as string[]));
    for (const [k, v] of Object.entries(o)) walk(v, k);
  };
  for (const profile of ['greenleaves', 'greenleaves-v5', 'jysan'])
    for (const f of readdirSync(join(SPECS, profile, 'schemas')))
      walk(JSON.parse(readFileSync(join(SPECS, profile, 'schemas', f), 'utf8')));
  expect(enums).toContain('UZS');
  expect(enums.filter((c) => !ISO_4217.has(c))).toEqual([]);
});

test('orders in UZS and AED have JY-MRD-16 judged: their currency as 860 or 784 is taken', async () => {
  const shop = await startRerunShop(
    Array.from({ length: 14 }, (_, i) => ({
      orderId: String(7336340 + i),
      amount: '150000.50',
      currency: i % 2 === 0 ? 'UZS' : 'AED',
    })),
  );
  closers.push(shop.close);
  const r = await runCheck(
    checks.find((c) => c.id === 'jy.merchant.other-amount')!,
    shop.subject,
    {
      seed: 1,
      plan: 'full',
      runs: 5,
    },
  );
  expect(r.ruleOutcomes['JY-MRD-16'], JSON.stringify(r.ruleReasons)).toBe('passed');
  expect(r.outcome, JSON.stringify(r.ruleReasons)).toBe('passed');
});
