import { expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { readPage, readXml, JysanClient } from '../../../src/sdk/jysan.ts';
import type { Request, Response } from '../../../src/sdk/transport.ts';
import { loadVectors } from '../../../src/spec/load.ts';

const res = (
  text: string,
  status = 200,
  headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' },
): Response => ({ status, headers, text, body: new TextEncoder().encode(text) });

test('an error page with the sandbox ids: code, message (entities decoded) and the BACKREF link', () => {
  const r = readPage(
    res(
      '<div id="error" data-code="26"><p>Код: <span id="code">26</span></p><p id="message">Размер значения в поле &quot;DESC&quot; больше 50 символов.</p></div><a id="backref" href="http://m.kz/r?redirect=true&amp;order=1">x</a>',
    ),
  );
  expect(r).toMatchObject({
    kind: 'error',
    code: 26,
    message: 'Размер значения в поле "DESC" больше 50 символов.',
    next: 'http://m.kz/r?redirect=true&order=1',
  });
});

test('a foreign error page: the code is found from the documented template the page renders', () => {
  const r = readPage(
    res(
      '<html><body><table><tr><td>Ошибка</td></tr><tr><td>Запрос ORDER=123456 уже выполнялся</td></tr></table></body></html>',
    ),
  );
  expect(r).toMatchObject({ kind: 'error', code: 18, message: 'Запрос ORDER=123456 уже выполнялся' });
  expect(readPage(res('<p>Signature is invalid!</p>'))).toMatchObject({ kind: 'error', code: 21 });
});

test('a foreign error page that leads the message with a label and the code', () => {
  // the third-party gateway's page: the code in its own element leaves ": …" on the message's line
  expect(
    readPage(res('<p class="error">Ошибка <span class="code">21</span>: Неправильная подпись!</p>')),
  ).toMatchObject({ kind: 'error', code: 21, message: 'Неправильная подпись!' });
  expect(readPage(res('<p>Error 13: Amount is invalid: 0</p>'))).toMatchObject({ kind: 'error', code: 13 });
  expect(readPage(res('<p>Код ошибки: 12 - Неправильное значение в поле ORDER: 1</p>'))).toMatchObject({
    kind: 'error',
    code: 12,
  });
});

test('a foreign error page with the code in id="code" but no id="message": the message is its template line', () => {
  // the Java gateway's page (fixtures/third-party/gateways/jysan-java): the message was read as
  // absent and JY-ERR-01 failed on "" although the page shows the documented template
  const page = (code: number, msg: string) =>
    res(
      `<div class="error"><h1>Заказ не может быть обработан</h1><p>Код ошибки: <span id="code">${code}</span></p><p id="description">${msg}</p></div>`,
    );
  expect(readPage(page(21, 'Неправильная подпись!'))).toMatchObject({
    kind: 'error',
    code: 21,
    message: 'Неправильная подпись!',
  });
  expect(readPage(page(24, 'The value of field &quot;DESC&quot; is required.'))).toMatchObject({
    code: 24,
    message: 'The value of field "DESC" is required.',
  });
  // a line rendering another code's template is not this code's message
  expect(readPage(page(21, 'Неправильная сумма: 0')).message).toBeUndefined();
});

test('a JSON error reply with a documented code and its message', () => {
  const json = (o: unknown) => res(JSON.stringify(o), 200, { 'content-type': 'application/json' });
  expect(readPage(json({ code: 21, message: 'Неправильная подпись!', order: '1' }))).toMatchObject({
    kind: 'error',
    code: 21,
  });
  expect(readPage(json({ error_code: '13', description: 'Amount is invalid: 0' }))).toMatchObject({ code: 13 });
  // a code outside the table, or a message that is not its template, is not read as that error
  expect(readPage(json({ code: 21, message: 'ok' })).kind).toBe('other');
  expect(readPage(json({ code: 0, message: 'Signature is invalid!' })).kind).toBe('other');
  expect(readPage(res('{"code": 21, "message": ')).kind).toBe('other');
});

test('a foreign card page: the card number field by another name', () => {
  for (const input of ['<input name="pan">', '<input name="cardNumber">', '<input name="x" autocomplete="cc-number">'])
    expect(readPage(res(`<form method="post" action="/ecom/pay">${input}</form>`)).kind).toBe('card-page');
  expect(readPage(res('<form method="post" action="/search"><input name="q"></form>')).kind).toBe('other');
});

test('card page, redirect, result page, anything else', () => {
  expect(readPage(res('<form method="post" action="/pay"><input name="card_pan"></form>')).kind).toBe('card-page');
  expect(readPage(res('', 302, { location: 'http://m.kz/r?res_code=0' }))).toMatchObject({
    kind: 'redirect',
    next: 'http://m.kz/r?res_code=0',
  });
  expect(readPage(res('<p id="result" data-res-code="99">declined</p>'))).toMatchObject({
    kind: 'result',
    resCode: '99',
  });
  expect(readPage(res('<p>hello</p>')).kind).toBe('other');
});

test('XML replies keep exact strings; a body without <result><code> is a parse error', () => {
  const r = readXml(
    res(
      '<?xml version="1.0"?><result><code>0</code><description>ok</description><operation><amount>10.50</amount><rrn>000123</rrn></operation></result>',
      200,
      { 'content-type': 'application/xml' },
    ),
  );
  expect(r.code).toBe('0');
  expect(r.operation).toMatchObject({ amount: '10.50', rrn: '000123' });
  expect(readXml(res('<html>no</html>')).parseError).toMatch(/no <result><code>/);
});

test('the client signs with the subject credentials and sends the exact fields', async () => {
  const sent: Request[] = [];
  const send = async (r: Request): Promise<Response> => {
    sent.push(r);
    return res('<result><code>0</code></result>');
  };
  const ex4 = loadVectors('jysan').find((v) => v.id === 'EX4')!;
  const c = new JysanClient(send, 'http://gw.test/', 'TEST_ECOM', 'WEB10004', '01234567890123456789012');
  await c.status('123456');
  expect(sent[0]!.url).toBe('http://gw.test/ecom/api');
  expect(Object.fromEntries(sent[0]!.form!)).toEqual({
    MERCHANT: 'TEST_ECOM',
    ORDER: '123456',
    GETSTATUS: '1',
    P_SIGN: (ex4.expected as { sign: string }).sign,
  });
  await c.confirm('123456');
  expect(sent[1]!.form!.map(([k]) => k)).toEqual(['MERCHANT', 'ORDER', 'P_SIGN']);
});

// JY-SDK-07: "carries nothing to sign with": the raw secret is the first such thing (a form carrying it failed
// JY-SDK-05 alone before), then its encodings and the hashes of it alone
test('key material of the SDK check: the secret itself, its encodings and hashes', async () => {
  const { keyMaterial } = await import('../../../suites/jysan/sdk/key-material.ts');
  const secret = '01234567890123456789012';
  const m = keyMaterial(secret);
  expect(m[0]).toEqual({ what: 'SHARED_SECRET itself', value: secret });
  expect(m.map((x) => x.value)).toContain(Buffer.from(secret).toString('hex'));
  expect(m.map((x) => x.value)).toContain(createHash('sha512').update(secret).digest('hex'));
  expect(m.find((x) => x.value === Buffer.from(secret).toString('hex'))?.what).toBe(
    'the hex encoding of SHARED_SECRET',
  );
  // too short a value proves nothing
  expect(keyMaterial('abc').every((x) => x.value.length >= 8)).toBe(true);
});

// probe 22 (key_check_field): a hash of the secret cut to its first (or last) digits is key material too; a
// P_SIGN or a random hex field is not taken for one
test('findKeyMaterial: a truncated hash of the secret, hex or Base64, is found; a shorter cut or a P_SIGN is not', async () => {
  const { findKeyMaterial, keyMaterial } = await import('../../../suites/jysan/sdk/key-material.ts');
  const secret = 'paycert-secret-0123456789';
  const m = keyMaterial(secret);
  const hex = createHash('sha512').update(secret).digest('hex');
  expect(findKeyMaterial(`{"key_check":"${hex.slice(0, 16)}"}`, m)).toEqual({
    what: 'the first 16 hex digits of the sha512 hash of SHARED_SECRET',
    value: hex.slice(0, 16),
  });
  const sha1 = createHash('sha1').update(secret).digest('hex');
  expect(findKeyMaterial(`kcv=${sha1.slice(-12)}`, m)?.what).toBe(
    'the last 12 hex digits of the sha1 hash of SHARED_SECRET',
  );
  const b64 = createHash('sha256').update(secret).digest().subarray(0, 8).toString('base64');
  expect(findKeyMaterial(`kcv=${b64.toLowerCase()}`, m)?.what).toMatch(
    /^the first 1\d Base64 characters of the sha256 hash/,
  );
  expect(findKeyMaterial(`kcv=${hex.slice(0, 11)}`, m)).toBeUndefined();
  const pSign = createHash('sha512').update(`${secret}ORDER;1;`).digest('hex');
  expect(findKeyMaterial(`{"P_SIGN":"${pSign}","NONCE":"123456789012"}`, m)).toBeUndefined();
});
