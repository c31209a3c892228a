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
    // no title or h1: the page's text (was its h2 alone: every h2 was read, session 23 review)
    ['<h2 class="x">Payment failed</h2><p>try again</p>', 'Payment failed try again'],
    ['<script>var ok = 1;</script><p>Ошибка оплаты</p>', 'Ошибка оплаты'],
    ['plain text: Error, already processed', 'plain text: Error, already processed'],
  ])('%s', (html, told) => {
    expect(errorTold(html)).toBe(told);
  });
  test.each([
    '<title>Спасибо за оплату</title><h1>Заказ № 7140002301 оплачен</h1><p>Если произошла ошибка, свяжитесь с нами</p>',
    '<title>Заказ уже оплачен</title>',
    // session 23 review: an order status page's FAQ heading, a title-less page's script, are no verdict
    '<title>Заказ 7140002301</title><h1>Заказ оплачен</h1><h2>Payment failed? Contact us</h2><h2>Возникли ошибки при оплате?</h2>',
    '<script>try { go() } catch (e) { console.error(e) }</script><style>.error{color:red}</style><p>Спасибо, заказ оплачен</p>',
    '<p>Спасибо, заказ оплачен</p><script>console.error("failed")',
    '',
  ])('no error told: %s', (html) => {
    expect(errorTold(html)).toBeUndefined();
  });
});
