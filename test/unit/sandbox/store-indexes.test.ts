// The sandboxes find a payment or order by a key other than its own through an index (greenleaves:
// a 3-D Secure MD, a hosted page's token; jysan: a card page's token): the one a scan of the store
// found, none once the store has forgotten or replaced it, and no index entry the store does not hold.
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

test('jysan: a card page token finds its order, not once the order is replaced or forgotten', async () => {
  const { Store: JyStore } = await import('../../../src/sandbox/jysan/store.ts');
  let now = 0;
  const s = new JyStore(() => now, { retentionMs: 1000, maxEntries: 50, keepRecent: 0 });
  const order = (id: string, token: string, status = 'N') =>
    ({ order: id, pageToken: token, status, createdAt: now, refunds: [] }) as never;
  const a = order('1', 'ta');
  s.add(a);
  expect(s.byToken('ta')).toBe(a);
  expect(s.byToken('tb')).toBeUndefined();
  const again = order('1', 'tb');
  s.add(again); // the same ORDER again (a bank that does not refuse a reused one)
  expect(s.byToken('ta')).toBeUndefined();
  expect(s.byToken('tb')).toBe(again);
  for (let i = 0; i < 500; i++) {
    now += 10;
    s.add(order(`n${i}`, `t${i}`, 'S'));
  }
  expect(s.byToken('t499')?.order).toBe('n499');
  expect(s.byToken('t0')).toBeUndefined();
  expect((s as unknown as { tokens: Map<string, string> }).tokens.size).toBe(s.orders.size);
});

test('greenleaves: an order id finds its oldest payment the store still holds', () => {
  let now = 0;
  const s = new Store(() => now, { retentionMs: 1000, maxEntries: 50, keepRecent: 0 });
  const a = payment(s, now);
  payment(s, now); // the same order id (o-0) again
  const c = payment(s, (now = 5));
  expect(s.byOrder('o-0')).toBe(a);
  expect(s.byOrder('o-5')).toBe(c);
  const d = s.add({ ...c, id: s.newPaymentId(), orderId: 'twice', state: 'failed' });
  const e = s.add({ ...c, id: s.newPaymentId(), orderId: 'twice' });
  expect(s.byOrder('twice')).toBe(d);
  expect(s.byOrder('nope')).toBeUndefined();
  for (let i = 0; i < 500; i++) {
    now += 10;
    s.add({ ...payment(s, now), state: 'failed' });
  }
  expect(s.payments.has(d.id)).toBe(false);
  expect(s.byOrder('twice')).toBe(s.payments.has(e.id) ? e : undefined);
  const orders = (s as unknown as { orders: Map<string, string[]> }).orders;
  expect([...orders.values()].reduce((n, ids) => n + ids.length, 0)).toBe(s.payments.size);
});

test("a user's saved cards are found through the index as a scan finds them, oldest first, none once forgotten", () => {
  const s = new Store(() => 0, { retentionMs: 1000, maxEntries: 50, keepRecent: 0 });
  const scan = (user: string) => [...s.tokens.values()].filter((c) => c.userId === user);
  for (let i = 0; i < 400; i++) s.saveCard(`u${i % 7}`, `4400000000000${String(i).padStart(3, '0')}`, i % 2 === 0);
  for (let u = 0; u < 8; u++) expect(s.cardsOf(`u${u}`)).toEqual(scan(`u${u}`));
  expect(s.cardsOf('u1').length).toBeGreaterThan(0);
  expect(s.tokens.size).toBeLessThanOrEqual(50);
  // the cap forgot the oldest cards: the index holds only the tokens the store still holds
  const index = (s as unknown as { userCards: Map<string, Set<string>> }).userCards;
  expect([...index.values()].reduce((n, own) => n + own.size, 0)).toBe(s.tokens.size);
  expect(s.cardsOf('nobody')).toEqual([]);
});
