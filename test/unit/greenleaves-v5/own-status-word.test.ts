import { expect, test } from 'vitest';
import { ownStatusSays } from '../../../suites/greenleaves-v5/merchant/support.ts';

// session 23 review: V5-MCB-12 passed any status word but exactly ok, so {"status":"OK"} or "success"
// for an order the shop does not have passed, hiding a shop that acknowledges it in upper case. Only a
// decline word (rejected, error) in any letter case declines; an ok written otherwise is an ok.
test.each([
  ['OK', 'ok'],
  [' ok ', 'ok'],
  ['Ok', 'ok'],
  ['REJECTED', 'declines'],
  [' Error', 'declines'],
  ['success', 'unknown'],
  ['paid', 'unknown'],
  ['declined', 'unknown'],
] as const)('%j says %s', (word, says) => {
  expect(ownStatusSays(word)).toBe(says);
});
