// The pieces jy.sdk.status-cancel judges status and cancel requests with (a probe's Ruby SDK posting them
// to /ecom/api/status, sending REV_AMOUNT 1000 for 10.00, taking code 99 for a success, or code 0 for an
// error, passed every rule): where they go (JY-SDK-18), the order they carry (JY-SDK-19) and the replies the
// recording gateway gives them with another code (JY-SDK-06, -17).
import { expect, test } from 'vitest';
import { xmlAddressBreak } from '../../../suites/jysan/sdk/form-address.ts';
import { requestChanges } from '../../../suites/jysan/sdk/order-fields.ts';
import {
  NOT_XML_REPLIES,
  REPLY_CODES,
  operationBreaks,
  recoded,
  replyCode,
} from '../../../suites/jysan/sdk/xml-replies.ts';
import { parseReply } from '../../../src/protocols/jysan/index.ts';

test('a status or cancel goes to /ecom/api of the gateway, whatever its query', () => {
  const gw = 'http://127.0.0.1:4100';
  expect(xmlAddressBreak('/ecom/api', gw)).toBeUndefined();
  expect(xmlAddressBreak('/ecom/api?ORDER=123456&GETSTATUS=1', gw)).toBeUndefined();
  expect(xmlAddressBreak('/ecom/api/status', gw)).toMatch(
    /posted to \/ecom\/api\/status, not to the eCom API \/ecom\/api/,
  );
  expect(xmlAddressBreak('/ecom/api/', gw)).toBeDefined();
  expect(xmlAddressBreak('/ecom/pay', gw)).toBeDefined();
  // a gateway configured with a path of its own: /ecom/api under it
  expect(xmlAddressBreak('/jy/ecom/api', `${gw}/jy/`)).toBeUndefined();
  expect(xmlAddressBreak('/ecom/api', `${gw}/jy`)).toBeDefined();
  // a base URL ending in "/" (probe17): "//ecom/api" is that path, not the host "ecom" with /api
  expect(xmlAddressBreak('//ecom/api', gw)).toMatch(/posted to \/\/ecom\/api, not to the eCom API \/ecom\/api/);
});

test('a status or cancel is of the order given: ORDER as given, REV_AMOUNT the amount as a number', () => {
  const f = { ORDER: '00123456', MERCHANT: 'TEST_ECOM', REV_AMOUNT: '10.00', REV_DESC: 'x' };
  expect(requestChanges({ order: '00123456', amount: '10.00' }, f)).toEqual({ changes: [], judged: true });
  expect(requestChanges({ order: '00123456', amount: '10.00' }, { ...f, REV_AMOUNT: '10.0' }).changes).toEqual([]);
  expect(requestChanges({ order: '00123456', amount: '10.00' }, { ...f, REV_AMOUNT: '10' }).changes).toEqual([]);
  expect(requestChanges({ order: '00123456', amount: '10.00' }, { ...f, REV_AMOUNT: '1000' }).changes).toEqual([
    'REV_AMOUNT "10.00" became "1000"',
  ]);
  expect(requestChanges({ order: '00123456', amount: '10.00' }, { ...f, REV_AMOUNT: '10,00' }).changes).toHaveLength(1);
  expect(requestChanges({ order: '00123456' }, { ORDER: '123456', MERCHANT: 'TEST_ECOM' }).changes).toEqual([
    'ORDER "00123456" became "123456"',
  ]);
  // a field the request lacks is JY-SDK-03's (missingFields): nothing to compare here
  expect(requestChanges({ order: '00123456' }, { MERCHANT: 'TEST_ECOM' })).toEqual({ changes: [], judged: false });
});

const gatewayReply = {
  status: 200,
  headers: { 'content-type': 'application/xml; charset=UTF-8' },
  text: '<?xml version="1.0" encoding="UTF-8"?>\n<result><code>12</code><description>Неправильное значение в поле ORDER: 123456</description></result>',
};

test('the gateway reply with another code: an error with its documented text, or 0 with the order', () => {
  // every error of seed 002's table (an SDK taking 16 or 18 for a success passed on 11, 21 and 99), not the
  // third party's (171, 30-34: INFERRED)
  const seedTable = [...Array.from({ length: 19 }, (_, i) => String(11 + i)), '99'];
  expect([...REPLY_CODES].sort()).toEqual(['0', ...seedTable].sort());
  expect(replyCode(gatewayReply.text)).toBe('12');
  const e = recoded('99', 'status', '10.00')(gatewayReply);
  expect(e.headers).toEqual(gatewayReply.headers);
  expect(parseReply(e.text).result).toMatchObject({
    code: '99',
    description: expect.stringMatching(/^Другая ошибка\s*:/),
  });
  expect(parseReply(recoded('21', 'cancel', '10.00')(gatewayReply).text).result.description).toBe(
    'Неправильная подпись!',
  );
  const ok = parseReply(recoded('0', 'cancel', '10.00')(gatewayReply).text).result;
  expect(ok).toMatchObject({ code: '0', operation: { status: 'R', amount: '10.00' } });
  expect(parseReply(recoded('0', 'status', '10.00')(gatewayReply).text).result).toMatchObject({
    operation: { status: 'S' },
  });
});

// an error reply may carry the order as it stands: an SDK taking any reply with an <operation> for a success
// passed while every error's <operation> was empty
test('some error replies carry the order paid, unchanged; each its documented text with its arguments', () => {
  const errors = REPLY_CODES.filter((c) => c !== '0');
  const results = errors.map((c) => parseReply(recoded(c, 'cancel', '12.50')(gatewayReply).text).result);
  const filled = results.filter((r) => r.operation !== undefined);
  expect(filled.length).toBeGreaterThan(0);
  expect(filled.length).toBeLessThan(errors.length);
  for (const r of filled) expect(r.operation).toMatchObject({ status: 'S', amount: '12.50' });
  expect(filled.map((r) => r.code)).toEqual(expect.arrayContaining(['12', '16', '18']));
  expect(results.find((r) => r.code === '26')?.description).toBe('Размер значения в поле "paycert" больше 1 символов.');
});

test('a reply that is no XML <result> (a request sent elsewhere: 404) is left as it is', () => {
  const notFound = { status: 404, headers: { 'content-type': 'text/plain' }, text: 'not found' };
  expect(replyCode(notFound.text)).toBeUndefined();
  expect(replyCode(undefined)).toBeUndefined();
  expect(recoded('0', 'status', '10.00')(notFound)).toBe(notFound);
});

// A cancel's REV_DESC is the caller's (probe 17's rev-desc-const wrote "Refund" whatever it was given and
// passed, every cancel carrying one fixed text): compared line breaks aside, which the bank removes (digest §A8)
test("a cancel's REV_DESC is the caller's, its line breaks aside", () => {
  const f = { ORDER: '123456', MERCHANT: 'M1', REV_AMOUNT: '10.00', REV_DESC: 'Возврат 50% & fee=0' };
  const given = { order: '123456', amount: '10.00', description: 'Возврат 50% & fee=0' };
  expect(requestChanges(given, f)).toEqual({ changes: [], judged: true });
  expect(requestChanges(given, { ...f, REV_DESC: 'Refund' }).changes).toEqual([
    'REV_DESC "Возврат 50% & fee=0" became "Refund"',
  ]);
  // an unencoded form cut at the '&': what the gateway received
  expect(requestChanges(given, { ...f, REV_DESC: 'Возврат 50% ' }).changes).toHaveLength(1);
  const lines = { ...given, description: 'Возврат\r\nзаказа 17' };
  expect(requestChanges(lines, { ...f, REV_DESC: 'Возвратзаказа 17' }).changes).toEqual([]);
  expect(requestChanges(lines, { ...f, REV_DESC: 'Возврат\nзаказа 17' }).changes).toEqual([]);
  expect(requestChanges(lines, { ...f, REV_DESC: 'Возврат заказа 17' }).changes).toHaveLength(1);
  // a cancel without REV_DESC is JY-SDK-21's; a status has none to compare
  const { REV_DESC: _d, ...without } = f;
  expect(requestChanges(given, without).changes).toEqual([]);
});

// JY-SDK-23: a status success reaches the caller with its operation (probe 17's xml-nongreedy lost it, and passed)
test('the operations reported for status successes: judged when the SDK reports any, each as the reply gave it', () => {
  const withMpi = { reply: 'with the MPI <result>', amount: '10.00' };
  const without = { reply: 'without it', amount: '1500.75' };
  const op = (amount: unknown, status = 'S') => ({ status, status_desc: 'ok', amount, currency: 'KZT' });
  // an adapter that reports none (the output is optional): nothing to judge
  expect(
    operationBreaks([
      { ...withMpi, reported: undefined },
      { ...without, reported: {} },
    ]),
  ).toEqual({
    judged: false,
    breaks: [],
  });
  expect(
    operationBreaks([
      { ...withMpi, reported: op('10.00') },
      { ...without, reported: op(1500.75) },
    ]),
  ).toEqual({ judged: true, breaks: [] });
  // a non-greedy <result> regex: the operation with a nested <result> is lost, the other reported
  const lost = operationBreaks([
    { ...withMpi, reported: {} },
    { ...without, reported: op('1500.75') },
  ]);
  expect(lost.breaks).toEqual([
    'the reply with the MPI <result> (status "S" and amount "10.00") reached the caller without its operation, which the SDK reports for another',
  ]);
  expect(operationBreaks([{ ...withMpi, reported: op('10.00', 'E') }]).breaks).toHaveLength(1);
  expect(operationBreaks([{ ...withMpi, reported: op('1.00') }]).breaks).toHaveLength(1);
});

test('a status success with or without the MPI result in its operation; replies that are no XML', () => {
  const full = parseReply(recoded('0', 'status', '10.00')(gatewayReply).text).result.operation;
  const plain = parseReply(recoded('0', 'status', '10.00', { mpi: false })(gatewayReply).text).result.operation;
  expect(full).toMatchObject({ status: 'S', amount: '10.00', result: '0', result_desc: 'ok' });
  expect(plain).toMatchObject({ status: 'S', amount: '10.00' });
  expect(plain).not.toHaveProperty('result');
  for (const [, , text] of NOT_XML_REPLIES) expect(replyCode(text)).toBeUndefined();
  expect(NOT_XML_REPLIES.map(([status]) => status)).toEqual([502, 503, 200]);
});
