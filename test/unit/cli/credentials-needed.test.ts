import { expect, test } from 'vitest';
import { requireCredentials } from '../../../src/cli/preflight.ts';

// README's g2g merchant recipe exports the secret key alone: the gateway's calls to a shop carry no
// pg_merchant_id, and the run stopped with "PAYCERT_GREENLEAVES_MERCHANT_ID is not set"
test('a g2g merchant needs the secret key alone; a g2g gateway its merchant id too', () => {
  const env = { PAYCERT_GREENLEAVES_SECRET_KEY: 'k' };
  expect(() => requireCredentials('greenleaves', env, 'merchant')).not.toThrow();
  expect(() => requireCredentials('greenleaves', env, 'gateway')).toThrow(/PAYCERT_GREENLEAVES_MERCHANT_ID is not set/);
  expect(() => requireCredentials('greenleaves', {}, 'merchant')).toThrow(/PAYCERT_GREENLEAVES_SECRET_KEY is not set/);
  expect(() => requireCredentials('jysan', { PAYCERT_JYSAN_SHARED_SECRET: 's' }, 'merchant')).toThrow(/not set/);
});
