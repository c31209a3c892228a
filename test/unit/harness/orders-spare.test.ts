import { describe, expect, test } from 'vitest';
import { Orders } from '../../../src/harness/declaration.ts';
import { SkipCheck } from '../../../src/harness/outcome.ts';

// A check that must explain a failure it has already seen asks for a spare order; a declaration with
// none left must leave the failure a failure (take() would skip the whole check and hide it).
describe('declared orders', () => {
  const orders = () =>
    new Orders({
      profile: 'jysan',
      orders: [
        { orderId: '1001', amount: '500', state: 'payable' },
        { orderId: '1002', amount: '500', state: 'expired' },
      ],
    });

  test('take() hands out each order once, then skips the check', () => {
    const o = orders();
    expect(o.take('payable', 'a first').orderId).toBe('1001');
    expect(() => o.take('payable', 'a second')).toThrow(SkipCheck);
  });

  test('spare() hands out what is left, and undefined when nothing is', () => {
    const o = orders();
    expect(o.spare('payable')?.orderId).toBe('1001');
    expect(o.spare('payable')).toBeUndefined();
    expect(() => o.take('payable', 'after the spare')).toThrow(SkipCheck);
    expect(o.take('expired', 'another state').orderId).toBe('1002');
  });
});
