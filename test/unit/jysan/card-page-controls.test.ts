// A bank's card page is its own design: the scripted payer fills it as a browser's autofill would,
// by each control's autocomplete token or name, and submits what a browser submits.
import { expect, test } from 'vitest';
import { firstForm } from '../../../src/harness/forms.ts';
import { cardValue, type CardData } from '../../../src/sdk/jysan.ts';
import { paymentPage } from '../../../src/sandbox/jysan/pages.ts';

const CARD: CardData = { pan: '4111111111111111', exp: '03/29', cvc: '123' };

test('the controls of a form: inputs, selects (selected or first option) and textareas, in page order', () => {
  const form = firstForm(
    `<form action="/pay" method="post"><input type="hidden" name="t" value="x&amp;y">
     <select name="m"><option value="">--</option><option value="2" selected>02</option></select>
     <select name="y"><option>2030</option><option>2031</option></select>
     <textarea name="note">a &lt;b&gt;</textarea><input type="checkbox" name="save" value="1" checked>
     <input name="off" disabled><input type="submit" name="go" value="Pay"></form>`,
    'https://gw.example/',
  )!;
  expect(form.controls.map((c) => [c.name, c.type, c.value])).toEqual([
    ['t', 'hidden', 'x&y'],
    ['m', 'select', '2'],
    ['y', 'select', '2030'],
    ['note', 'textarea', 'a <b>'],
    ['save', 'checkbox', '1'],
    ['off', 'text', ''],
    ['go', 'submit', 'Pay'],
  ]);
  expect(form.controls[1]!.options).toEqual(['', '2']);
  expect(form.controls[4]!.checked).toBe(true);
  expect(form.controls[5]!.disabled).toBe(true);
  expect([...form.fields.keys()]).toEqual(['t', 'm', 'y', 'note', 'save', 'off', 'go']);
});

test.each([
  [{ name: 'x1', type: 'tel', autocomplete: 'cc-number' }, CARD.pan],
  [{ name: 'x2', type: 'text', autocomplete: 'section-pay cc-exp' }, '03/29'],
  [{ name: 'x3', type: 'text', autocomplete: 'cc-exp-month' }, '03'],
  [{ name: 'exp_month', type: 'select', options: ['', '1', '2', '3', '12'] }, '3'],
  [{ name: 'expMonth', type: 'select', options: ['01', '02', '03'] }, '03'],
  [{ name: 'exp_year', type: 'text' }, '29'],
  [{ name: 'exp_year', type: 'text', maxLength: 4 }, '2029'],
  [{ name: 'card_exp_yyyy', type: 'text' }, '2029'],
  [{ name: 'yr', type: 'select', options: ['2028', '2029'] }, '2029'],
  [{ name: 'year', type: 'select', options: ['2020', '2021'] }, undefined],
  [{ name: 'cvv2', type: 'password', autocomplete: 'off' }, '123'],
  [{ name: 'cardholder', type: 'text' }, 'TEST CARDHOLDER'],
  [{ name: 'card_name', type: 'text' }, 'TEST CARDHOLDER'],
  [{ name: 'x4', type: 'text', autocomplete: 'cc-name' }, 'TEST CARDHOLDER'],
  [{ name: 'card_pan', type: 'hidden' }, undefined],
  [{ name: 'email', type: 'email' }, undefined],
  [{ name: 'name', type: 'text' }, undefined],
])('%o takes %s', (control, value) => {
  expect(cardValue(control, CARD)).toBe(value);
});

test("the sandbox's split card page, filled by its controls, carries the card and nothing the payer left alone", () => {
  const page = paymentPage(
    'ru',
    'https://gw.example/ecom/pay/t1',
    { order: '1', amount: '1', currency: 'KZT', desc: 'd' },
    'split',
    'tok',
  );
  const form = firstForm(page.body as string, 'https://gw.example/')!;
  const filled = Object.fromEntries(form.controls.map((c) => [c.name, cardValue(c, CARD) ?? c.value]));
  expect(filled).toMatchObject({
    form_token: 'tok',
    number: CARD.pan,
    exp_month: '3',
    year_of_expiry: '2029',
    cvc2: '123',
    cardholder: 'TEST CARDHOLDER',
  });
});
