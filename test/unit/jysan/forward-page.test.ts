// A bank's result page that sends the payer on to BACKREF by itself (a form submitted by script or
// button, or a meta refresh), as many banks end the payment: read as a redirect to BACKREF, with
// what the browser sends there; a page forwarding anywhere else (an ACS) is not.
import { expect, test } from 'vitest';
import { forwardOf, readPage } from '../../../src/sdk/jysan.ts';
import { metaRefresh } from '../../../src/harness/forms.ts';
import type { Response } from '../../../src/sdk/transport.ts';
import { cpuMsSince } from '../../cpu-time.ts';

const res = (text: string): Response => ({ status: 200, headers: {}, text, body: new TextEncoder().encode(text) });
const BACKREF = 'https://shop.example/back?shop_ref=R-77';
const ctx = { backref: BACKREF, base: 'https://gw.example/ecom/api' };

// the third-party gateway's page (fixtures/third-party/gateways/jysan, finish())
const AUTO_POST =
  '<!DOCTYPE html><html><body><p>Approved</p>\n<form method="post" action="https://shop.example/back?shop_ref=R-77" id="back">' +
  '<input type="hidden" name="ORDER" value="1234567"><input type="hidden" name="RESULT" value="0">' +
  '<input type="hidden" name="TEXT" value="A &amp; B"><button type="submit">Вернуться в магазин</button></form>\n' +
  '<script>document.getElementById("back").submit()</script></body></html>';

test('an auto-submitted POST form to BACKREF: a redirect carrying the form, res_code when it is there', () => {
  const r = readPage(res(AUTO_POST), ctx);
  expect(r).toMatchObject({
    kind: 'redirect',
    next: BACKREF,
    forward: { via: 'form', method: 'POST', url: BACKREF },
  });
  expect(r.forward!.form).toEqual([
    ['ORDER', '1234567'],
    ['RESULT', '0'],
    ['TEXT', 'A & B'],
  ]);
  // the vendor's own field names: no res_code is read into it
  expect(r.resCode).toBeUndefined();
  const withCode = readPage(res(AUTO_POST.replace('name="RESULT"', 'name="res_code"')), ctx);
  expect(withCode).toMatchObject({ kind: 'redirect', resCode: '0' });
});

test('a GET form: the fields replace the action query, as the browser sends them; a relative action', () => {
  const page =
    '<form action="/back" method="get"><input name="order" value="1"><input name="res_code" value="05"></form>';
  const r = readPage(res(page), { backref: 'https://gw.example/back?x=1', base: 'https://gw.example/ecom/api' });
  expect(r).toMatchObject({
    kind: 'redirect',
    next: 'https://gw.example/back?order=1&res_code=05',
    resCode: '05',
    forward: { method: 'GET' },
  });
});

test('a meta refresh to BACKREF (any case, quoted url): a GET redirect there', () => {
  const page = `<html><head><META HTTP-EQUIV="Refresh" content="0; URL='https://shop.example/back?res_code=0&amp;order=9'"></head></html>`;
  expect(metaRefresh(page)).toBe('https://shop.example/back?res_code=0&order=9');
  expect(readPage(res(page), ctx)).toMatchObject({
    kind: 'redirect',
    resCode: '0',
    forward: { via: 'refresh', method: 'GET', url: 'https://shop.example/back?res_code=0&order=9' },
  });
});

test('not to BACKREF: another path or origin, an ACS form, no BACKREF sent, a form with no URL', () => {
  for (const action of ['https://shop.example/other', 'https://evil.example/back', 'http://shop.example/back'])
    expect(readPage(res(AUTO_POST.replace(BACKREF, action)), ctx).kind).toBe('other');
  expect(readPage(res(AUTO_POST)).kind).toBe('other');
  expect(forwardOf(AUTO_POST, { backref: 'not a url' })).toBeUndefined();
  const acs = '<form method="post" action="https://acs.example/challenge"><input name="creq" value="x"></form>';
  expect(readPage(res(acs), ctx).kind).toBe('other');
  expect(readPage(res('<meta http-equiv="refresh" content="5">'), ctx).kind).toBe('other');
});

test('an error page that also forwards to BACKREF stays an error, with where it forwards', () => {
  const page = `<p>Ошибка <span class="code">21</span>: Неправильная подпись!</p>${AUTO_POST}`;
  expect(readPage(res(page), ctx)).toMatchObject({
    kind: 'error',
    code: 21,
    next: BACKREF,
    forward: { method: 'POST' },
  });
});

test.each([
  ['unclosed metas', (n: number) => '<meta '.repeat(n)],
  ['metas that are no refresh', (n: number) => '<meta http-equiv="x" content="0;url=y">'.repeat(n / 4)],
  [
    'a refresh with a long blank url',
    (n: number) => `<meta http-equiv="refresh" content="0;url=${' '.repeat(5 * n)}">`,
  ],
  ['forms to BACKREF never closed', (n: number) => `<form action="${BACKREF}"><input name="a" `.repeat(n / 10)],
])('%s (about 500 KB): read in well under a second', (_name, make) => {
  const html = make(100_000);
  const t = process.cpuUsage();
  readPage(res(html), ctx);
  // a deadline far above the milliseconds this takes: only going back to quadratic fails it
  expect(cpuMsSince(t)).toBeLessThan(5000);
});

test('a meta refresh after text whose lowercase is longer (İ) is found where it is', () => {
  const page = `<html><head><title>${'İ'.repeat(40)}</title><meta http-equiv="refresh" content="0;url=https://shop.example/back?İ=1"></head></html>`;
  expect(metaRefresh(page)).toBe('https://shop.example/back?İ=1');
});

// fixtures/third-party/gateways/jysan-php: the result page of a paid order (BACKREF without
// redirect=true) shows the result in the same table as its error page; code 0 is success
test('a result page showing code 0 in id="code" is a result (res_code 0), not an error page with code 0', () => {
  const page =
    '<h2>Оплата проведена успешно</h2><table class="res"><tr><td>Результат</td><td id="code">0</td></tr>' +
    '<tr><td>Описание</td><td id="message">ok</td></tr></table>';
  expect(readPage(res(page), ctx)).toMatchObject({ kind: 'result', resCode: '0', message: 'ok' });
  expect(readPage(res(page.replace('>0<', '>21<')), ctx)).toMatchObject({ kind: 'error', code: 21 });
});

// a probe's gateway (seed 002 leaves the page's markup open): the error page's way back to the shop is a
// plain link with a class of its own, no id="backref"; JY-RED-04 warned "no redirect, link, form or
// refresh to BACKREF" and JY-SIG-15 was never judged
test('a link to BACKREF with any id or class is the way to BACKREF; a link elsewhere is not', () => {
  const link = `${BACKREF}&amp;order=1234567&amp;res_code=26&amp;sign=ab`;
  const page = (href: string) =>
    '<h1>Ошибка</h1><p class="code">Код ошибки: 26</p><p class="message">Размер значения в поле "DESC" больше 50 симоволов.</p>' +
    `<p><a href="https://shop.example/help">?</a> <A CLASS="back" HREF='${href}'>Вернуться в магазин</A></p>`;
  expect(readPage(res(page(link)), ctx)).toMatchObject({
    kind: 'error',
    code: 26,
    next: `${BACKREF}&order=1234567&res_code=26&sign=ab`,
  });
  expect(readPage(res(page('https://shop.example/other?res_code=26')), ctx).next).toBeUndefined();
  // relative to the page, as the browser reads it
  const here = { backref: 'https://gw.example/back', base: 'https://gw.example/ecom/api' };
  expect(readPage(res(page('/back?res_code=26')), here).next).toBe('https://gw.example/back?res_code=26');
  // without a BACKREF sent nothing is the way to it
  expect(readPage(res(page(link))).next).toBeUndefined();
});

test.each([
  ['links never closed', (n: number) => `<a class="back" href="${BACKREF}" `.repeat(n / 10)],
  ['links elsewhere', (n: number) => '<a href="https://shop.example/x">x</a>'.repeat(n / 10)],
  ['one tag of many hrefs', (n: number) => `<a${' href=x'.repeat(n / 2)}>`],
])('%s (about 500 KB): the link to BACKREF is looked for in well under a second', (_name, make) => {
  const html = make(100_000);
  const t = process.cpuUsage();
  readPage(res(html), ctx);
  expect(cpuMsSince(t)).toBeLessThan(5000);
});
