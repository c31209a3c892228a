// HTML takes attribute values in double quotes, single quotes or none. A bank page built in Python
// f-strings writes name='pan' and id='code' (the outsider fixtures/third-party/gateways/jysan-python):
// paycert read its card page as "not a page paycert can read", and every payment check ended inconclusive.
import { expect, test } from 'vitest';
import { readPage } from '../../../src/sdk/jysan.ts';
import type { Response } from '../../../src/sdk/transport.ts';

const res = (text: string): Response => ({ status: 200, headers: {}, text, body: new TextEncoder().encode(text) });
const page = (form: string) => `<!DOCTYPE html><html><body><h1>Order</h1>${form}</body></html>`;

test.each([
  ['double quotes', `<form method="post" action="/ecom/pay"><input name="pan"><input name="exp"></form>`],
  [
    'single quotes',
    `<form method='post' action='/ecom/pay'><input name='pan' autocomplete='off'><input name='exp'></form>`,
  ],
  ['no quotes', `<form method=post action=/ecom/pay><input name=pan><input name=exp></form>`],
  ['autocomplete, single quotes', `<form method='post' action='/p'><input name='n1' autocomplete='cc-number'></form>`],
])('a card form with its attributes in %s is the card page', (_, form) => {
  expect(readPage(res(page(form))).kind).toBe('card-page');
});

test('a field whose name only begins like a card field is no card field', () => {
  for (const form of [`<form action='/x'><input name='panel'></form>`, `<form action=/x><input name=pane></form>`])
    expect(readPage(res(page(form))).kind).toBe('other');
});

test("id='code' and data-code in single quotes are read as the error page's code", () => {
  const single = readPage(res(page(`<p id='code'>21</p><p id='message'>Неправильная подпись!</p>`)));
  expect(single).toMatchObject({ kind: 'error', code: 21, message: 'Неправильная подпись!' });
  const data = readPage(res(page(`<div id='error' data-code='17'>Неправильное значение в поле MERCHANT: X</div>`)));
  expect(data).toMatchObject({ kind: 'error', code: 17 });
  // both quotes on one page: the first tag in the page is the one read
  const both = readPage(res(page(`<p id='code'>21</p><p id="code">17</p>`)));
  expect(both).toMatchObject({ kind: 'error', code: 21 });
});
