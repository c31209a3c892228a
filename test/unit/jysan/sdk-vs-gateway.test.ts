// An audit compared what jy.sdk.payment-form and jy.sdk.status-cancel accept with what paycert's own strict
// reference gateway (src/sandbox/jysan) refuses: a form of another MERCHANT (code 17) or TERMINAL (20), an
// uppercase P_SIGN (21), a status without GETSTATUS (21: routed to confirm) or with GETSTATUS=true (27), a cancel
// without REV_DESC (24) or with REV_AMOUNT 10.000 (13) were all certified. Each request below is judged by the
// checks' own predicates and posted to the gateway: what the gateway refuses, some rule names.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJysanSandbox } from '../../../src/sandbox/jysan/app.ts';
import { sign, verify } from '../../../src/protocols/jysan/index.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import {
  expectedSign,
  notConfigured,
  requestFormBreaks,
  fieldTableBreaks,
} from '../../../suites/jysan/sdk/order-fields.ts';
import { refusalOf, replyCode } from '../../../suites/jysan/sdk/xml-replies.ts';

const c = credentials('jysan');
let gw: Awaited<ReturnType<typeof startJysanSandbox>>;
beforeAll(async () => {
  gw = await startJysanSandbox({ port: 0, host: '127.0.0.1' });
});
afterAll(() => gw.close());

const post = async (f: Record<string, string>): Promise<string> => {
  const res = await fetch(`${gw.url}/ecom/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: encodeForm(Object.entries(f)),
  });
  const text = await res.text();
  return replyCode(text) ?? /data-code="([0-9]+)"/.exec(text)?.[1] ?? (/ecom\/pay\//.test(text) ? 'page' : text);
};
let n = 0;
const order = () => String(300000 + n++);
const signed = (op: 'payment' | 'status' | 'cancel', f: Record<string, string>, upper = false) => {
  const P_SIGN = sign(op, f, c.sharedSecret);
  return { ...f, P_SIGN: upper ? P_SIGN.toUpperCase() : P_SIGN };
};
/** What the SDK rules say of a request: each rule that fails, with its reason. */
function judged(op: 'payment' | 'status' | 'cancel', f: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!verify(op, f, c.sharedSecret, f.P_SIGN ?? ''))
    out[op === 'payment' ? 'JY-SDK-01' : 'JY-SDK-03'] = expectedSign(op, f, c.sharedSecret, f.P_SIGN);
  if (op === 'payment') {
    const t = fieldTableBreaks(f);
    if (t.seed.length) out['JY-SDK-09'] = t.seed.join('; ');
    if (t.inferred.length) out['JY-SDK-14'] = t.inferred.join('; ');
    const other = notConfigured({ MERCHANT: c.merchant, TERMINAL: c.terminal }, f).changes;
    if (other.length) out['JY-SDK-20'] = other.join('; ');
  } else {
    const other = notConfigured({ MERCHANT: c.merchant }, f).changes;
    if (other.length) out['JY-SDK-19'] = other.join('; ');
    const breaks = requestFormBreaks(op, f);
    if (breaks.length) out['JY-SDK-21'] = breaks.join('; ');
  }
  return out;
}

const form = (o: Record<string, string> = {}) => ({
  ORDER: order(),
  AMOUNT: '1500.50',
  CURRENCY: 'KZT',
  MERCHANT: c.merchant,
  TERMINAL: c.terminal,
  DESC: 'paycert order',
  ...o,
});

test.each([
  [
    'MERCHANT of another shop',
    { MERCHANT: 'TEST_ECOM2' },
    '17',
    'JY-SDK-20',
    /MERCHANT "TEST_ECOM2" is not .*"TEST_ECOM"/,
  ],
  [
    'TERMINAL not the configured one',
    { TERMINAL: 'WEB10099' },
    '20',
    'JY-SDK-20',
    /TERMINAL "WEB10099" is not .*"WEB10004"/,
  ],
  ['P_SIGN in uppercase hex', {}, '21', 'JY-SDK-01', /uppercase/],
])('payment form, %s: the gateway answers %s, %s fails', async (_what, o, code, rule, why) => {
  const f = signed('payment', form(o), rule === 'JY-SDK-01');
  expect(await post(f)).toBe(code);
  const j = judged('payment', f);
  expect(Object.keys(j)).toEqual([rule]);
  expect(j[rule]).toMatch(why);
});

// what the seed allows but paycert's gateway refuses (its stricter payment-request patterns) warns on JY-SDK-14
// (INFERRED), its reason naming the refusal: seed 002 states AMOUNT N(1 - 13) with '.', CURRENCY C(3) ISO 4217
test.each([
  [{ AMOUNT: '1500.500' }, '13'],
  [{ CURRENCY: '398' }, '14'],
  [{ CURRENCY: 'kzt' }, '14'],
])('payment form %j: the gateway answers %s, only JY-SDK-14 warns', async (o, code) => {
  const f = signed('payment', form(o));
  expect(await post(f)).toBe(code);
  expect(judged('payment', f)).toEqual({ 'JY-SDK-14': expect.stringContaining(`refuses it: code ${code}`) });
});

test('the control: a form as configured is taken, and judged right', async () => {
  const f = signed('payment', form());
  expect(await post(f)).toBe('page');
  expect(judged('payment', f)).toEqual({});
});

test.each([
  ['status as documented (the order unknown)', 'status', { GETSTATUS: '1' }, '12', undefined, undefined],
  ['status without GETSTATUS', 'status', {}, '21', 'JY-SDK-21', /GETSTATUS is required/],
  ['status with GETSTATUS=true', 'status', { GETSTATUS: 'true' }, '27', 'JY-SDK-21', /GETSTATUS .*"true"/],
  [
    'status with MERCHANT of another shop',
    'status',
    { GETSTATUS: '1', MERCHANT: 'TEST_ECOM2' },
    '17',
    'JY-SDK-19',
    /MERCHANT "TEST_ECOM2"/,
  ],
  ['cancel as documented', 'cancel', { REV_AMOUNT: '10.00', REV_DESC: 'Возврат' }, '12', undefined, undefined],
  ['cancel without REV_DESC', 'cancel', { REV_AMOUNT: '10.00' }, '24', 'JY-SDK-21', /REV_DESC is required/],
  [
    'cancel with REV_AMOUNT 10.000',
    'cancel',
    { REV_AMOUNT: '10.000', REV_DESC: 'Возврат' },
    '13',
    'JY-SDK-21',
    /REV_AMOUNT .*"10\.000"/,
  ],
  [
    'cancel with MERCHANT of another shop',
    'cancel',
    { REV_AMOUNT: '10.00', REV_DESC: 'r', MERCHANT: 'TEST_ECOM2' },
    '17',
    'JY-SDK-19',
    /MERCHANT "TEST_ECOM2"/,
  ],
] as const)('%s: the gateway answers %s, %s fails', async (_what, op, o, code, rule, why) => {
  const f = signed(op, { ORDER: order(), MERCHANT: c.merchant, ...o });
  const got = await post(f);
  expect(got).toBe(code);
  const j = judged(op, f);
  expect(Object.keys(j)).toEqual(rule ? [rule] : []);
  if (rule) expect(j[rule]).toMatch(why!);
});

test('a status or cancel in uppercase hex: the gateway answers 21, JY-SDK-03 fails naming the case', async () => {
  const f = signed('status', { ORDER: order(), MERCHANT: c.merchant, GETSTATUS: '1' }, true);
  expect(await post(f)).toBe('21');
  expect(judged('status', f)).toEqual({ 'JY-SDK-03': expect.stringMatching(/uppercase/) });
});

test("the gateway's reply to a status or cancel: its refusal of the request named, a processed one (0, 12) not", () => {
  const xml = (code: string, d: string) =>
    `<?xml version="1.0"?><result><code>${code}</code><description>${d}</description></result>`;
  expect(refusalOf(xml('12', 'Неправильное значение в поле ORDER: 123456'))).toBeUndefined();
  expect(refusalOf(xml('0', 'ok'))).toBeUndefined();
  expect(refusalOf(xml('27', 'Введите валидное значение в поле "GETSTATUS".'))).toBe(
    'code 27 "Введите валидное значение в поле \\"GETSTATUS\\"."',
  );
  expect(refusalOf(xml('21', 'Неправильная подпись!'))).toMatch(/^code 21/);
  // no XML <result> (a request sent elsewhere): no reply of the operation, JY-SDK-18's
  expect(refusalOf('not found')).toBeUndefined();
});
