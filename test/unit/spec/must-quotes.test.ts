import { expect, test } from 'vitest';
import { loadRules } from '../../../src/spec/load.ts';

// The verdict audit: a MUST rule states only what the seed states. These rules' quotes do not state
// what the rule says (GL-TOK-02: how confirmed cards are listed, not that another token is refused;
// GL-SDK-05: that an error reply carries more fields, not what an SDK does with it; JY-SDK-09's
// "the SDK does not refuse a valid order", now JY-SDK-13): they are INFERRED, with the inference marked.
test('rules whose seed quote does not state them are INFERRED, the inference marked in the source', () => {
  const level = (p: 'greenleaves' | 'jysan', id: string) => loadRules(p).rules.find((r) => r.id === id);
  for (const [p, id] of [
    ['greenleaves', 'GL-TOK-02'],
    ['greenleaves', 'GL-SDK-05'],
    ['jysan', 'JY-SDK-13'],
    // the schema's two decimals and uppercase letter code, and the shop's own DESC and optional fields
    ['jysan', 'JY-SDK-14'],
    ['jysan', 'JY-SDK-16'],
  ] as const) {
    const r = level(p, id);
    expect([id, r?.level]).toEqual([id, 'INFERRED']);
    expect(r?.source, id).toMatch(/\[INF/);
  }
  // JY-SDK-09 keeps what seed 002's field table states, quoted
  const f = level('jysan', 'JY-SDK-09');
  expect(f?.level).toBe('MUST');
  expect(f?.source).toMatch(/AMOUNT Да N\(1 - 13\) Сумма заказа, разделитель - точка/);
  // JY-SDK-15: the form's ORDER, AMOUNT and CURRENCY are the order's, as the table names them
  const o = level('jysan', 'JY-SDK-15');
  expect(o?.level).toBe('MUST');
  for (const q of ['Номер заказа', 'Сумма заказа', 'Валюта заказа']) expect(o?.source).toContain(q);
});
