// HTML pages from the wire are read in one forward pass: a page of unclosed tags took minutes with
// the regular expressions these readers used (each `<` rescanned the rest of the page).
import { expect, test } from 'vitest';
import { firstForm } from '../../../src/harness/forms.ts';
import { readPage } from '../../../src/sdk/jysan.ts';
import { attribute, inner, stripTags, tagWithId } from '../../../src/protocols/common/html-scan.ts';
import { cpuMsSince } from '../../cpu-time.ts';

test('the HTML readers give what the regular expressions gave on ordinary pages', () => {
  const page =
    '<html><body><div class="x" id="error" data-code="13"><span id="code">13</span></div>' +
    '<P ID="message">Неправильная <b>сумма</b>: 0 &amp; more</P><a id="backref" href="https://shop.example/back?a=1&amp;b=2">back</a>' +
    '<form method="post" action="/acs/confirm"><input name="MD" value="abc"><input type="hidden" name="PaRes" value=\'x y\'></form></body></html>';
  const err = tagWithId(page, 'error')!;
  expect(err.name).toBe('div');
  expect(attribute(err, 'data-code')).toBe('13');
  expect(inner(page, tagWithId(page, 'message')!)).toBe('Неправильная <b>сумма</b>: 0 &amp; more');
  expect(stripTags('a<b>c</b>d<e', '|')).toBe('a|c|d<e');
  expect(tagWithId('<a data-id="error">', 'error')).toBeUndefined();
  const r = readPage({ status: 200, headers: {}, text: page } as never);
  expect(r).toMatchObject({ kind: 'error', code: 13, next: 'https://shop.example/back?a=1&b=2' });
  const form = firstForm(page, 'https://gw.example/pay/1')!;
  expect(form.action).toBe('https://gw.example/acs/confirm');
  expect(form.method).toBe('POST');
  expect([...form.fields]).toEqual([
    ['MD', 'abc'],
    ['PaRes', 'x y'],
  ]);
  expect(firstForm('<form action="http://[bad"><input name="a"></form>', 'https://gw.example/')).toBeUndefined();
});

test.each([
  ['unclosed tags', (n: number) => '<a x'.repeat(n)],
  ['unclosed forms', (n: number) => '<form '.repeat(n)],
  ['forms never closed', (n: number) => '<form><input name="a" '.repeat(n)],
  ['id candidates in one open tag', (n: number) => `<div${' id="error"'.repeat(n)}`],
  ['card forms without the field', (n: number) => '<form>'.repeat(n)],
  // a card page's selects and textareas never closed, or closed after many options
  ['selects never closed', (n: number) => `<form>${'<select name="m"><option>1'.repeat(n)}</form>`],
  ['textareas never closed', (n: number) => `<form>${'<textarea name="t">'.repeat(n)}</form>`],
  ['options never closed', (n: number) => `<form><select name="m">${'<option value="1" '.repeat(n)}</select></form>`],
  // a message line led by a label and a long run of blanks (the label-and-code lead of an error page)
  ['a label before blanks', (n: number) => `<p>Ошибка${' '.repeat(5 * n)}x</p>`],
])('%s (about 500 KB): read in well under a second', (_name, make) => {
  const html = make(100_000);
  const t = process.cpuUsage();
  readPage({ status: 200, headers: {}, text: html } as never);
  firstForm(html, 'https://gw.example/');
  // not a benchmark: the quadratic readers took 2 minutes on 400 KB of unclosed tags, these take
  // milliseconds; a deadline 100× above that only catches going back to quadratic
  expect(cpuMsSince(t)).toBeLessThan(5000);
});

test('the closing tag is found as before: any case, then > or a space; not a longer name', () => {
  const page = '<DIV id="m">a</DIVX>b</div >c</Div>';
  expect(inner(page, tagWithId(page, 'm')!)).toBe('a</DIVX>b');
  expect(inner('<p id="m">x</P>', tagWithId('<p id="m">x</P>', 'm')!)).toBe('x');
  expect(inner('<p id="m">x</p', tagWithId('<p id="m">x</p', 'm')!)).toBeUndefined();
  expect(inner('<p id="m">x</', tagWithId('<p id="m">x</', 'm')!)).toBeUndefined();
});

test('a long tag name followed by many `</` (about 600 KB): its end is looked for in linear time', () => {
  const html = `<${'a'.repeat(200_000)} id="message">${'</'.repeat(100_000)}${'</aa'.repeat(50_000)}`;
  const t = process.cpuUsage();
  expect(inner(html, tagWithId(html, 'message')!)).toBeUndefined();
  // slicing and lowercasing the name's length at every `</` took 15 s on 400 KB
  expect(cpuMsSince(t)).toBeLessThan(3000);
});

test('an attribute after text whose lowercase is longer (İ) is read where it is', () => {
  const page = `<div title="${'İ'.repeat(10)}" id="result" data-res-code="05">declined</div>`;
  expect(attribute(tagWithId(page, 'result')!, 'data-res-code')).toBe('05');
});
