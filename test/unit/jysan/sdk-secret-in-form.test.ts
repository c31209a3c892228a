// JY-SDK-05, "SHARED_SECRET never appears in the payment form or in anything else the SDK sends" (seed 002: it
// must not be accessible to anyone outside the merchant's server), is judged on the payment form as on the
// status and cancel requests (secretIn): the secret readable in it, as it is or encoded (Base64 in the action
// URL, hex in a field: a probe's PHP SDK passed it so, blamed on JY-SDK-07 alone). A hash of the secret hides
// it: that is JY-SDK-07's only (nothing to sign with).
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { secretInForm } from '../../../suites/jysan/sdk/key-material.ts';

const secret = 'Sekret-0123456789abcdef';
const form = (o: { action?: string; fields?: Record<string, string> } = {}) => ({
  action: o.action ?? 'http://127.0.0.1:4100/ecom/api',
  method: 'POST',
  fields: { ORDER: '123456', AMOUNT: '100', P_SIGN: 'ab'.repeat(64), ...o.fields },
});

test('the secret in a field, as it is or hex-encoded, or Base64 in the action URL', () => {
  expect(secretInForm(form({ fields: { SHARED_SECRET: secret } }), [secret])).toBe('field SHARED_SECRET');
  const hex = Buffer.from(secret).toString('hex');
  expect(secretInForm(form({ fields: { SIGN_KEY: hex } }), [secret])).toBe('field SIGN_KEY, hex-encoded');
  const b64 = Buffer.from(secret).toString('base64');
  expect(secretInForm(form({ action: `http://127.0.0.1:4100/ecom/api?k=${b64}` }), [secret])).toBe(
    'the action, Base64-encoded',
  );
});

// the form is what the browser posts: action, method, fields; a member beside them (a note) is what the SDK
// reports to its caller, JY-SDK-24's (probe 21: a debugging note with the secret failed JY-SDK-05 and -07)
test('a member of the answer beside the form is not the form', () => {
  expect(secretInForm({ ...form(), note: `key ${secret}` }, [secret])).toBeUndefined();
});

test('a form without it, or with a hash of it only, shows no secret', () => {
  expect(secretInForm(form(), [secret])).toBeUndefined();
  const hash = createHash('sha512').update(secret).digest('hex');
  expect(secretInForm(form({ fields: { SIGN_KEY: hash } }), [secret])).toBeUndefined();
  // too short a value to look for
  expect(secretInForm(form({ fields: { X: 'abc' } }), ['abc'])).toBeUndefined();
});
