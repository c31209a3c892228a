import { describe, expect, test } from 'vitest';
import {
  payloadDepartures,
  headerFormDepartures,
  signatureBreak,
  valueDepartures,
} from '../../../suites/greenleaves-v5/sdk/sdk.checks.ts';
import { signDetachedWith } from '../../../src/protocols/greenleaves-v5/jws.ts';

const KEY = 'k-secret';
const BODY = '{"amount":500,"description":"Заказ"}';
const req = { method: 'POST', body: Buffer.from(BODY) };
const header = (over: Record<string, unknown> = {}) => ({
  uri: '/v5/g2g/create',
  auth_id: '123456',
  method: 'POST',
  params: '',
  alg: 'HS256',
  ...over,
});
const token = (over: Record<string, unknown> = {}, body = BODY) =>
  signDetachedWith(body, header(over) as Record<string, unknown> & { alg: string }, KEY);
const judge = async (over: Record<string, unknown> = {}) => {
  const t = await token(over);
  return { sdk01: signatureBreak(t, req, '/v5/g2g/create', KEY, '123456'), sdk14: headerFormDepartures(t) };
};

// A Ruby SDK probe: "auth_id":123456 failed V5-SDK-01 (MUST) as "missing or not strings", although the
// seed gives the fields no type; "params":"lang=ru" passed every rule although paycert's own gateway
// refuses it (V5-JWS-11). The MUST keeps presence and binding; the form is V5-SDK-14 (INFERRED).
describe('V5-SDK-01 (presence, binding) and V5-SDK-14 (the example header form)', () => {
  test("the seed's header passes both", async () => {
    expect(await judge()).toEqual({ sdk01: undefined, sdk14: [] });
  });
  test("auth_id as the number 123456: the merchant's auth_id, bound (V5-SDK-01); no string (V5-SDK-14)", async () => {
    const { sdk01, sdk14 } = await judge({ auth_id: 123456 });
    expect(sdk01).toBeUndefined();
    expect(sdk14).toEqual(["auth_id 123456 is no string (the seed's example writes every field as a string)"]);
  });
  test('params not empty passes V5-SDK-01 and departs on V5-SDK-14', async () => {
    const { sdk01, sdk14 } = await judge({ params: 'lang=ru' });
    expect(sdk01).toBeUndefined();
    expect(sdk14).toEqual([`params "lang=ru": the reserved field is "" in the seed's example`]);
  });
  test("crit and b64 are V5-SDK-14's; an extra typ is judged by neither", async () => {
    expect((await judge({ crit: ['exp'] })).sdk14).toEqual(['a crit parameter']);
    expect(await judge({ typ: 'JWT' })).toEqual({ sdk01: undefined, sdk14: [] });
  });
  test('a field missing, another uri, auth_id or method, another body or alg break V5-SDK-01', async () => {
    const params = header();
    delete (params as Record<string, unknown>).params;
    const noParams = await signDetachedWith(BODY, params, KEY);
    expect(signatureBreak(noParams, req, '/v5/g2g/create', KEY, '123456')).toBe(
      'has no protected header field(s) params',
    );
    expect((await judge({ uri: '/v5/g2g' })).sdk01).toMatch(/signed for uri \/v5\/g2g,/);
    expect((await judge({ auth_id: 654321 })).sdk01).toMatch(/signed for auth_id 654321, expected 123456/);
    expect((await judge({ method: 'post' })).sdk01).toMatch(/signed for method post/);
    expect(signatureBreak(await token({}, '{}'), req, '/v5/g2g/create', KEY, '123456')).toMatch(/does not verify/);
    expect((await judge({ alg: 'HS512' })).sdk01).toBe('names alg HS512, not HS256');
    expect(signatureBreak(undefined, req, '/v5/g2g/create', KEY, '123456')).toBe('missing');
    // a header that cannot be read judges nothing on V5-SDK-14 (V5-SDK-01 says why)
    expect(headerFormDepartures('x.y')).toBeUndefined();
    expect(headerFormDepartures(undefined)).toBeUndefined();
  });
});

// A probe's Python SDK (attached_payload) failed V5-SDK-01 (MUST) "is not detached", though seed 000 asks
// only for the header and signature blocks over the body: detachment is its example's form (V5-SDK-21,
// INFERRED). A payload that is not the body sent still breaks V5-SDK-01: the signature binds another text.
describe('V5-SDK-01 (header and signature over the body) and V5-SDK-21 (the payload segment empty)', () => {
  const attach = (t: string, payload: string) => t.replace('..', `.${payload}.`);
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  test("the seed's detached form passes both", async () => {
    const t = await token();
    expect(signatureBreak(t, req, '/v5/g2g/create', KEY, '123456')).toBeUndefined();
    expect(payloadDepartures(t, req.body)).toEqual([]);
  });
  test('the body sent attached as the payload: V5-SDK-01 passes, V5-SDK-21 departs', async () => {
    const t = attach(await token(), b64(BODY));
    expect(signatureBreak(t, req, '/v5/g2g/create', KEY, '123456')).toBeUndefined();
    expect(payloadDepartures(t, req.body)).toEqual([
      "the payload segment carries the body sent (header.payload.signature), not the seed's detached form (header..signature)",
    ]);
  });
  test('another payload than the body sent breaks V5-SDK-01, signed over it or over the body', async () => {
    const other = '{"amount":5,"description":"Заказ"}';
    const overOther = attach(await token({}, other), b64(other));
    expect(signatureBreak(overOther, req, '/v5/g2g/create', KEY, '123456')).toBe(
      'carries a payload segment that is not the body sent: the signature binds another text than the request',
    );
    const overBody = attach(await token(), b64(other));
    expect(signatureBreak(overBody, req, '/v5/g2g/create', KEY, '123456')).toMatch(/^carries a payload segment that/);
    expect(payloadDepartures(overBody, req.body)).toEqual([
      "the payload segment carries another text than the body sent (header.payload.signature), not the seed's detached form (header..signature)",
    ]);
  });
  test('a token that cannot be split in three judges nothing on V5-SDK-21', () => {
    expect(payloadDepartures(undefined, req.body)).toBeUndefined();
    expect(payloadDepartures('x.y', req.body)).toBeUndefined();
  });
  // the Ruby outsider's padding bug: a header V5-SDK-01 refuses for its encoding still has its segments
  test("a header padded or in Base64's alphabet (V5-SDK-01's) is still judged on its payload segment", async () => {
    const [h, , sig] = (await token()).split('.');
    const padded = `${Buffer.from(Buffer.from(h!, 'base64url')).toString('base64')}`;
    expect(padded).toMatch(/=$/);
    expect(payloadDepartures(`${padded}..${sig}`, req.body)).toEqual([]);
    expect(payloadDepartures(`${padded}.${b64(BODY)}.${sig}`, req.body)).toHaveLength(1);
  });
});

// The probe's amount-minor (50000 for 500), amount-round (123 for 123.42) and drop-description passed
// every rule: nothing compared the body sent with the caller's (V5-SDK-15).
describe("V5-SDK-15: the body sent carries the caller's values", () => {
  const given = {
    amount: 123.42,
    currency: 'KZT',
    description: 'Оплата',
    order_id: 'o1',
    auto_clearing: true,
    from: { type: 'card', card: { pan: '4400444400004440', cvc: '123', year: 30, month: 12 } },
  };
  const sent = (over: Record<string, unknown>) => JSON.stringify({ ...given, ...over });
  test('the same values, in any order, spelling or with fields of its own, do not depart', () => {
    expect(valueDepartures(given, sent({}))).toEqual([]);
    expect(valueDepartures({ ...given, amount: 500 }, sent({}).replace('123.42', '500.0'))).toEqual([]);
    expect(valueDepartures({ ...given, amount: 500 }, sent({}).replace('123.42', '5E+2'))).toEqual([]);
    // a field the gateway knows for the operation, which the caller did not give (the seed example's)
    expect(valueDepartures(given, JSON.stringify({ user_id: 'u1', ...given }), 'create')).toEqual([]);
    expect(valueDepartures(given, sent({ description: '\u041e\u043f\u043b\u0430\u0442\u0430' }))).toEqual([]);
    // a type written otherwise is V5-SDK-12's, not another value
    expect(valueDepartures(given, sent({ amount: '123.42', auto_clearing: 'true' }))).toEqual([]);
    // a boolean written as PHP's (string)true or an integer (the probe's bool-string: from.save "1")
    expect(valueDepartures(given, sent({ auto_clearing: '1' }))).toEqual([]);
    expect(valueDepartures({ ...given, auto_clearing: false }, sent({ auto_clearing: 0 }))).toEqual([]);
    expect(valueDepartures(given, sent({ auto_clearing: '0' }))).toEqual([`auto_clearing "0" (the caller gave true)`]);
    expect(valueDepartures({ ...given, amount: 0.07 }, sent({ amount: 0.07000000000000001 }))).toEqual([]);
  });
  test('another amount, a dropped or changed field departs; card values are never quoted', () => {
    expect(valueDepartures(given, sent({ amount: 12342 }))).toEqual(['amount 12342 (the caller gave 123.42)']);
    expect(valueDepartures(given, sent({ amount: 123 }))).toEqual(['amount 123 (the caller gave 123.42)']);
    expect(valueDepartures(given, sent({ description: undefined }))).toEqual([
      'description missing (the caller gave one)',
    ]);
    expect(valueDepartures(given, sent({ order_id: 'O1' }))).toEqual(['order_id "O1" (the caller gave "o1")']);
    const card = JSON.parse(sent({}));
    card.from.card.cvc = '124';
    expect(valueDepartures(given, JSON.stringify(card))).toEqual(['from.card.cvc changed (a card value: not shown)']);
  });
  // An audit sent these past V5-SDK-15 while paycert's own gateway refused them: the float artefact
  // (0.1 + 0.2 is 0.30000000000000004, three decimals: 2002) and a field the gateway does not know (2003)
  test("an amount the SDK's arithmetic changed, or a field the gateway does not know, departs", () => {
    expect(valueDepartures({ ...given, amount: 0.3 }, sent({ amount: 0.1 + 0.2 }))).toEqual([
      'amount 0.30000000000000004 (the caller gave 0.3)',
    ]);
    expect(valueDepartures(given, JSON.stringify({ merchant_id: 'm1', ...given }), 'create')).toEqual([
      'merchant_id added (not a field of the create request: the gateway refuses it, V5-BODY-02)',
    ]);
    const nested = JSON.parse(sent({}));
    nested.from.card.holder = 'X';
    expect(valueDepartures(given, JSON.stringify(nested), 'create')).toEqual([
      'from.card.holder added (not a field of the create request: the gateway refuses it, V5-BODY-02)',
    ]);
    expect(
      valueDepartures({ id: 'p1', amount: 10 }, JSON.stringify({ id: 'p1', amount: 10, currency: 'KZT' }), 'clearing'),
    ).toEqual(['currency added (not a field of the clearing request: the gateway refuses it, V5-BODY-02)']);
  });
  // A probe's PHP SDK under serialize_precision 17 wrote 0.05 as 0.050000000000000003 and 59212.15 as
  // 59212.150000000001: JSON.parse reads each as the caller's double, so V5-SDK-15 passed. The amount
  // is the decimal number written; any spelling of the caller's number is still the same amount.
  test('an amount is the decimal number written: a float artefact of any length departs, other spellings do not', () => {
    const written = (amount: number, text: string) =>
      valueDepartures({ ...given, amount }, sent({}).replace('123.42', text));
    expect(written(0.05, '0.050000000000000003')).toEqual(['amount 0.050000000000000003 (the caller gave 0.05)']);
    expect(written(59212.15, '59212.150000000001')).toEqual(['amount 59212.150000000001 (the caller gave 59212.15)']);
    expect(written(0.07, '0.07000000000000001')).toEqual(['amount 0.07000000000000001 (the caller gave 0.07)']);
    for (const [amount, text] of [
      [500, '500.00'],
      [500, '5E+2'],
      [500, '500.0'],
      [697611.68, '69761168E-2'],
      [0.05, '5e-2'],
      [123.42, '123.42000000000000'],
    ] as const)
      expect(written(amount, text), text).toEqual([]);
    // a numeric string is read as the decimal it writes too (its type is V5-SDK-12's)
    expect(written(0.05, '"0.050000000000000003"')).toEqual(['amount "0.050000000000000003" (the caller gave 0.05)']);
  });
  // a probe's SDK cutting descriptions to 64 characters: both texts quoted to 60 read alike in the reason
  test('a text cut short says where it was cut', () => {
    const long = 'Оплата заказа №17, '.repeat(10);
    expect(valueDepartures({ ...given, description: long }, sent({ description: long.slice(0, 64) }))).toEqual([
      `description cut to 64 characters (the caller gave ${long.length})`,
    ]);
  });
  test('a body that is no JSON object is not judged here', () => {
    expect(valueDepartures(given, 'amount=1')).toBeUndefined();
    expect(valueDepartures(given, '[1]')).toBeUndefined();
  });
});

test("V5-SDK-14 reads a header V5-SDK-01 refuses for its encoding (padding, Base64's alphabet) and judges its form", () => {
  const padded = `${Buffer.from(JSON.stringify(header({ auth_id: 123456 }))).toString('base64')}..sig`;
  expect(padded).toMatch(/=\.\./);
  expect(headerFormDepartures(padded)).toEqual([
    "auth_id 123456 is no string (the seed's example writes every field as a string)",
  ]);
});
