// What a page renders afresh for every request (a token, a short hex request id) is masked; what it
// says of the order (its number, amount, status) is not.
import { expect, test } from 'vitest';
import { withoutTokens } from '../../../src/harness/per-request.ts';

test('a short hex request id is a per-request token', () => {
  const page = (id: string) => `<p>Заказ оплачен</p><p class="small">Запрос ${id}</p>`;
  expect(withoutTokens(page('e390f5b790d0'))).toBe(withoutTokens(page('0a9c11f3b2e4')));
  expect(withoutTokens(page('3f9a2c'))).toBe(withoutTokens(page('b71e04')));
  expect(withoutTokens('csrf 5f2b8c1d9e7a4b6c8d0e1f2a3b4c5d6e')).toBe('csrf ~');
});

test("a page's own meaning still differs", () => {
  for (const [a, b] of [
    ['Заказ 5000810005 оплачен', 'Заказ 5000810007 оплачен'],
    ['Сумма: 1007.50 KZT', 'Сумма: 1008.50 KZT'],
    ['Статус: paid', 'Статус: failed'],
    ['Заказ оплачен', 'Заказ не найден'],
    ['Код ошибки 05', 'Код ошибки 51'],
    ['decade added', 'facade added'],
  ] as const)
    expect(withoutTokens(a), `${a} / ${b}`).not.toBe(withoutTokens(b));
});
