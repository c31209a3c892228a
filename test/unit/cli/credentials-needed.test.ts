import { expect, test } from 'vitest';
import { requireCredentials } from '../../../src/cli/preflight.ts';

// README's g2g merchant recipe exports the secret key alone: the gateway's calls to a shop carry no
// pg_merchant_id, and the run stopped with "PAYCERT_GREENLEAVES_MERCHANT_ID is not set"
test('a g2g merchant needs the secret key alone; a g2g gateway its merchant id too', () => {
  const env = { PAYCERT_GREENLEAVES_SECRET_KEY: 'k' };
  expect(() => requireCredentials('greenleaves', env, 'merchant')).not.toThrow();
  expect(() => requireCredentials('greenleaves', env, 'gateway')).toThrow(/PAYCERT_GREENLEAVES_MERCHANT_ID is not set/);
  expect(() => requireCredentials('greenleaves', {}, 'merchant')).toThrow(/PAYCERT_GREENLEAVES_SECRET_KEY is not set/);
});

// the bank's results to BACKREF (redirect and server POST) carry neither MERCHANT nor TERMINAL: a probe's
// PHP shop run stopped on "PAYCERT_JYSAN_MERCHANT, PAYCERT_JYSAN_TERMINAL are not set"
test('a Jysan merchant needs SHARED_SECRET alone; a Jysan gateway its MERCHANT and TERMINAL too', () => {
  const env = { PAYCERT_JYSAN_SHARED_SECRET: 's' };
  expect(() => requireCredentials('jysan', env, 'merchant')).not.toThrow();
  expect(() => requireCredentials('jysan', env, 'gateway')).toThrow(
    /PAYCERT_JYSAN_MERCHANT, PAYCERT_JYSAN_TERMINAL are not set/,
  );
  expect(() => requireCredentials('jysan', {}, 'merchant')).toThrow(/PAYCERT_JYSAN_SHARED_SECRET is not set/);
  // v5 callbacks are signed with the auth_id in their header
  expect(() => requireCredentials('greenleaves-v5', { PAYCERT_GREENLEAVES_V5_SECRET_KEY: 'k' }, 'merchant')).toThrow(
    /not set/,
  );
});
