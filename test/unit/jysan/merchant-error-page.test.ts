import { describe, expect, test } from 'vitest';
import { errorTold } from '../../../suites/jysan/merchant/support.ts';

// probe 23: a Perl shop answered a reloaded redirect HTTP 200 "Ошибка: этот платёж уже был обработан
// ранее" where the first got the paid page; JY-MRD-04 compared statuses only. errorTold reads the
// verdict a page tells in its title and top headings.
describe('errorTold: the error a page tells in its heads', () => {
  test.each([
    [
      '<html><head><title>Ошибка</title></head><body><h1>Ошибка: этот платёж уже был обработан ранее.</h1></body></html>',
      'Ошибка / Ошибка: этот платёж уже был обработан ранее.',
    ],
    ['<h2 class="x">Payment failed</h2><p>try again</p>', 'Payment failed'],
    ['plain text: Error, already processed', 'plain text: Error, already processed'],
  ])('%s', (html, told) => {
    expect(errorTold(html)).toBe(told);
  });
  test.each([
    '<title>Спасибо за оплату</title><h1>Заказ № 7140002301 оплачен</h1><p>Если произошла ошибка, свяжитесь с нами</p>',
    '<title>Заказ уже оплачен</title>',
    '',
  ])('no error told: %s', (html) => {
    expect(errorTold(html)).toBeUndefined();
  });
});
