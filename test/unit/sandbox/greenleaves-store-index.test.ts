// The greenleaves sandbox finds a 3-D Secure payment by its MD through an index (Store.setKey/byKey; a hosted page's token the same way):
// the same payment a scan of the store found, and none once the store has forgotten it.
import { expect, test } from 'vitest';
import { Store, type Payment } from '../../../src/sandbox/greenleaves/store.ts';

const payment = (s: Store, now: number): Payment =>
  s.add({
    id: s.newPaymentId(),
    orderId: `o-${now}`,
    amount: '10',
    currency: 'KZT',
    description: 'd',
    state: 'pending3ds',
    captured: false,
    refunded: 0,
    autoClearing: true,
    saveCard: false,
    createdAt: now,
    kind: 'card',
    request: {},
    callbacks: { attempts: 0, done: false },
  });

test('an MD finds the payment given it, and no payment for an MD never given or empty', () => {
  const s = new Store(() => 0);
  const [a, b] = [payment(s, 0), payment(s, 0)];
  s.setKey(a, 'md', 'aa11');
  s.setKey(b, 'md', 'bb22');
  expect(s.byKey('md', 'aa11')).toBe(a);
  expect(s.byKey('md', 'bb22')).toBe(b);
  expect(a.md).toBe('aa11');
  expect(s.byKey('md', 'cc33')).toBeUndefined();
  expect(s.byKey('md', '')).toBeUndefined();
});

test('a payment the store has forgotten is not found by its MD, and the index holds only what the store holds', () => {
  let now = 0;
  const s = new Store(() => now, { retentionMs: 1000, maxEntries: 50, keepRecent: 0 });
  const first = payment(s, now);
  s.setKey(first, 'md', 'first');
  first.state = 'failed'; // the 3-D Secure step failed: a finished payment, forgotten in time
  for (let i = 0; i < 2_000; i++) {
    now += 10;
    const p = payment(s, now);
    p.state = 'failed'; // finished: forgettable once retention has passed
    s.setKey(p, 'md', `md-${i}`);
  }
  expect(s.payments.has(first.id)).toBe(false);
  expect(s.byKey('md', 'first')).toBeUndefined();
  expect(s.byKey('md', 'md-1999')?.md).toBe('md-1999');
  const size = (s as unknown as { keys: { md: Map<string, string> } }).keys.md.size;
  expect(size).toBe(s.payments.size);
});

test('a page token finds its payment; a new token replaces the old one', () => {
  const s = new Store(() => 0);
  const p = payment(s, 0);
  s.setKey(p, 'pageToken', 't1');
  expect(s.byKey('pageToken', 't1')).toBe(p);
  s.setKey(p, 'pageToken', 't2');
  expect(s.byKey('pageToken', 't2')).toBe(p);
  expect(s.byKey('pageToken', 't1')).toBeUndefined();
  expect(s.byKey('md', 't2')).toBeUndefined();
});
