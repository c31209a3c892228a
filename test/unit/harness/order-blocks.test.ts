import { describe, expect, test } from 'vitest';
import { Orders, fewerThanBlocks, type DeclaredOrder } from '../../../src/harness/declaration.ts';
import { SkipCheck } from '../../../src/harness/outcome.ts';

// Each check's block of orders (specs/<profile>/merchant-orders.json): where it lies must not depend on
// how many orders the checks before it took (probe17: one order more in a second run shifted every later
// check onto orders another check had paid in the first).
describe('order blocks', () => {
  const declared = (n: number): DeclaredOrder[] =>
    Array.from({ length: n }, (_, i) => ({ orderId: String(100001 + i), amount: '500', state: 'payable' }));
  const orders = (n: number) =>
    new Orders({ profile: 'jysan', orders: declared(n) }, undefined, { payable: { a: 2, b: 1, c: 2 } });

  test("a check's orders are the same whatever the checks before it took beyond their blocks", () => {
    const plain = orders(10);
    const more = orders(10);
    expect([plain.of('a').take('payable', 'x').orderId]).toEqual(['100001']);
    // the second run: a takes its whole block and two more (from the end)
    expect([1, 2, 3, 4].map(() => more.of('a').take('payable', 'x').orderId)).toEqual([
      '100001',
      '100002',
      '100010',
      '100009',
    ]);
    expect(more.of('b').take('payable', 'x').orderId).toBe(plain.of('b').take('payable', 'x').orderId);
    expect(more.of('c').spare('payable')?.orderId).toBe('100004');
    expect(more.handed.get('a')).toEqual(['100001', '100002', '100010', '100009']);
  });

  test('a lone check takes the first orders, as before blocks', () => {
    const o = orders(10);
    expect([1, 2, 3].map(() => o.of('c').take('payable', 'x').orderId)).toEqual(['100001', '100002', '100010']);
  });

  test('past the last free order the check is skipped', () => {
    const o = orders(5);
    o.of('a').take('payable', 'x');
    // b: its block (100003), then one from the end (100005); c's block is cut short there
    expect([o.of('b').take('payable', 'x').orderId, o.of('b').take('payable', 'x').orderId]).toEqual([
      '100003',
      '100005',
    ]);
    expect(o.of('c').take('payable', 'x').orderId).toBe('100004');
    expect(o.of('c').spare('payable')).toBeUndefined();
    expect(() => o.of('c').take('payable', 'its order')).toThrow(
      new SkipCheck('the declaration has too few payable orders (5) for its order'),
    );
  });

  test('a check without a block, or no check named, takes the next order in line', () => {
    const o = orders(10);
    expect(o.of('z').take('payable', 'x').orderId).toBe('100001');
    expect(o.take('payable', 'x').orderId).toBe('100002');
    expect(o.of('a').take('payable', 'x').orderId).toBe('100003');
  });

  test('a declaration too small for every block hands its orders out in turn, as before blocks (with a warning)', () => {
    const o = orders(4);
    expect(o.holdsBlocks('payable')).toBe(false);
    expect([o.of('a').take('payable', 'x').orderId, o.of('b').take('payable', 'x').orderId]).toEqual([
      '100001',
      '100002',
    ]);
    expect(fewerThanBlocks({ profile: 'jysan', orders: declared(20) })).toMatch(
      /^the declaration has 20 payable orders, fewer than the [0-9]+ of the checks' own blocks/,
    );
    expect(fewerThanBlocks({ profile: 'jysan', orders: declared(40) })).toBeUndefined();
    expect(fewerThanBlocks({ profile: 'greenleaves', orders: declared(1) })).toBeUndefined();
  });
});
