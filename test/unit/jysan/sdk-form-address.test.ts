import { expect, test } from 'vitest';
import { formAddressBreak, formText, signNotText, unreadRules } from '../../../suites/jysan/sdk/form-address.ts';

// JY-SDK-11 (seed 002 "методом POST на адрес https://jpay.jysanbank.kz/ecom/api"): before it, nothing judged the
// payment form's action or method, and an SDK whose form the payer's browser posts to the configured base address
// (the Perl outsider's action_base, fixtures/third-party/perl-sdk-jysan) passed every rule.
const GW = 'http://127.0.0.1:41234';

test('a form addressed to the gateway /ecom/api by POST is right, with or without a trailing slash on the base', () => {
  expect(formAddressBreak({ action: `${GW}/ecom/api`, method: 'POST' }, GW)).toBeUndefined();
  expect(formAddressBreak({ action: `${GW}/ecom/api`, method: 'post' }, `${GW}/`)).toBeUndefined();
  // the method is optional in the adapter protocol: not stated, not judged
  expect(formAddressBreak({ action: `${GW}/ecom/api` }, GW)).toBeUndefined();
  // a query string on the action is not the seed's concern
  expect(formAddressBreak({ action: `${GW}/ecom/api?x=1` }, GW)).toBeUndefined();
});

test('a form addressed elsewhere breaks JY-SDK-11, with the address it should have', () => {
  expect(formAddressBreak({ action: GW, method: 'POST' }, GW)).toBe(
    `the form's action ${GW} is not the eCom API ${GW}/ecom/api`,
  );
  expect(formAddressBreak({ action: `${GW}/ecom/api/`, method: 'POST' }, GW)).toMatch(/is not the eCom API/);
  expect(formAddressBreak({ action: 'https://jpay.jysanbank.kz/ecom/api' }, GW)).toMatch(/is not the eCom API/);
  expect(formAddressBreak({ action: '/ecom/api' }, GW)).toMatch(/is not an absolute URL/);
  expect(formAddressBreak({ method: 'POST' }, GW)).toMatch(/has no action/);
  expect(formAddressBreak({ action: `${GW}/ecom/api`, method: 'GET' }, GW)).toBe(`the form's method "GET" is not POST`);
});

// JSON::PP writes int(rand(1_000_000)) as a number: the 6-digit NONCE 487203 was reported as breaking N(6-64)
// (JY-SDK-09, "NONCE is not in the required format") for every form, though the form posts the digits
test('an integer form field written as a JSON number is read as its digits; another non-string is left unread', () => {
  expect(formText({ ORDER: '001234', NONCE: 487203 })).toEqual({
    fields: { ORDER: '001234', NONCE: '487203' },
    unread: [],
  });
  // probe 22: the other fields are still read (a wrong MERCHANT beside AMOUNT 7.05 went unseen)
  expect(formText({ AMOUNT: 1500.5, MERCHANT: 'M1' })).toEqual({
    fields: { MERCHANT: 'M1' },
    unread: [
      {
        name: 'AMOUNT',
        why: 'field AMOUNT is 1500.5 (a JSON number), not the text of a form field: its exact text in the form is unknown',
      },
    ],
  });
  expect(formText({ EMAIL: null }).unread[0]?.why).toMatch(/EMAIL is null \(null\)/);
});

// only the rules that need the unread field's text are left unjudged on such a form
test('unreadRules: the rules that need the text of a field', () => {
  const documented = ['ORDER', 'AMOUNT', 'MERCHANT', 'DESC', 'NONCE'];
  expect(unreadRules('AMOUNT', documented, ['ORDER', 'AMOUNT', 'DESC'])).toEqual([
    'JY-SDK-01',
    'JY-SDK-09',
    'JY-SDK-14',
    'JY-SDK-15',
  ]);
  expect(unreadRules('DESC', documented, ['DESC'])).toEqual(['JY-SDK-01', 'JY-SDK-09', 'JY-SDK-14', 'JY-SDK-16']);
  expect(unreadRules('MERCHANT', documented, [])).toEqual(['JY-SDK-01', 'JY-SDK-09', 'JY-SDK-14', 'JY-SDK-20']);
  expect(unreadRules('KEY_CHECK', documented, [])).toEqual([]);
});

// review: a P_SIGN that is no text and no number verifies in no spelling; it only left JY-SDK-01
// unjudged for that form (inconclusive when every form did it), now it fails it
test.each([
  [null, 'null'],
  [false, 'false (a boolean)'],
  [{ sign: 'ab' }, 'an object'],
  [['ab'], 'an array'],
] as const)('a P_SIGN %j is no signature: %s', (sign, what) => {
  expect(signNotText(sign)).toBe(what);
  // unread for the rules that need its text, JY-SDK-01 excepted: that one it fails
  expect(formText({ ORDER: '001234', P_SIGN: sign }).unread.map((u) => u.name)).toEqual(['P_SIGN']);
  const rules = unreadRules('P_SIGN', ['P_SIGN'], [], sign);
  expect(rules).not.toContain('JY-SDK-01');
  expect(rules).toEqual(['JY-SDK-09', 'JY-SDK-14']);
});
test('a P_SIGN that is text or a JSON number is not judged so (a number stays unread)', () => {
  expect(signNotText('ab12')).toBeUndefined();
  expect(signNotText(12.5)).toBeUndefined();
  expect(signNotText(undefined)).toBeUndefined();
  expect(formText({ P_SIGN: 12.5 }).unread.map((u) => u.name)).toEqual(['P_SIGN']);
  expect(unreadRules('P_SIGN', ['P_SIGN'], [], 12.5)).toContain('JY-SDK-01');
  expect(unreadRules('P_SIGN', ['P_SIGN'], [])).toContain('JY-SDK-01');
});

// probe 26 (sdk-tls-edge, G_NO_REWRITE): JY-SDK-11 is about /ecom/api "of the address the SDK is configured
// with". Under --sdk-tls the gateway's certificate names 127.0.0.1 and localhost, and an SDK configured with
// https://localhost:PORT for https://127.0.0.1:PORT (a TLS stack that checks no IP name) builds its action on
// the same address: passed. Another scheme or port (a TLS edge of the adapter's own) is another address, and
// so is [::1] (the gateway listens on 127.0.0.1 only).
test('JY-SDK-11: the same loopback address written localhost or 127.0.0.1 is the configured one; [::1] or another port is not', () => {
  const TLS = 'https://127.0.0.1:41235';
  expect(formAddressBreak({ action: 'https://localhost:41235/ecom/api', method: 'POST' }, TLS)).toBeUndefined();
  expect(formAddressBreak({ action: 'http://localhost:41234/ecom/api' }, GW)).toBeUndefined();
  // the gateway listens on 127.0.0.1 only: a form posted to [::1] does not reach it
  expect(formAddressBreak({ action: 'https://[::1]:41235/ecom/api' }, TLS)).toMatch(/is not the eCom API/);
  expect(formAddressBreak({ action: 'https://localhost:48423/ecom/api' }, GW)).toMatch(/is not the eCom API/);
  expect(formAddressBreak({ action: 'http://localhost:41235/ecom/api' }, TLS)).toMatch(/is not the eCom API/);
  expect(formAddressBreak({ action: 'https://localhost.example:41235/ecom/api' }, TLS)).toMatch(/is not the eCom API/);
});
