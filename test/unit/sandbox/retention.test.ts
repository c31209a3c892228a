import { afterEach, expect, test } from 'vitest';
import { BoundedMap, defaultRetention, TimedMap } from '../../../src/sandbox/retention.ts';
import { startGreenleavesSandbox } from '../../../src/sandbox/greenleaves/app.ts';
import { GreenleavesClient } from '../../../src/sdk/greenleaves.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { loadCards } from '../../../src/spec/greenleaves-cards.ts';
import { send } from './support.ts';

interface E {
  done: boolean;
  at: number;
  pinned?: boolean;
}
const HOUR = 3_600_000;
const life = { finished: (e: E) => e.done, at: (e: E) => e.at, pinned: (e: E) => !!e.pinned };

test('finished entries go once older than the retention on the sandbox clock; unfinished, pinned and the newest stay', () => {
  let now = 0;
  const m = new BoundedMap<string, E>(() => now, life, { retentionMs: 24 * HOUR, maxEntries: 1000, keepRecent: 2 });
  m.set('old-done', { done: true, at: 0 });
  m.set('old-open', { done: false, at: 0 });
  m.set('old-pinned', { done: true, at: 0, pinned: true });
  m.set('fresh-done', { done: true, at: 20 * HOUR });
  m.set('recent1', { done: true, at: 0 });
  m.set('recent2', { done: true, at: 0 });
  now = 24 * HOUR;
  expect(m.sweep()).toBe(0);
  now = 25 * HOUR;
  expect(m.sweep()).toBe(1);
  expect([...m.keys()]).toEqual(['old-open', 'old-pinned', 'fresh-done', 'recent1', 'recent2']);
  now = 45 * HOUR;
  m.sweep();
  expect([...m.keys()]).toEqual(['old-open', 'old-pinned', 'recent1', 'recent2']);
});

test('past the cap the oldest finished go first, then the oldest unfinished; pinned ones never', () => {
  const m = new BoundedMap<number, E>(() => 0, life, { retentionMs: 24 * HOUR, maxEntries: 10, keepRecent: 0 });
  m.set(0, { done: false, at: 0, pinned: true });
  for (let i = 1; i <= 10; i++) m.set(i, { done: i % 2 === 0, at: 0 });
  // 11 > 10: down to 9, finished (even) first
  expect([...m.keys()]).toEqual([0, 1, 3, 5, 6, 7, 8, 9, 10]);
  for (let i = 11; i <= 12; i++) m.set(i, { done: false, at: 0 });
  m.set(13, { done: false, at: 0 });
  expect(m.size).toBeLessThanOrEqual(10);
  expect(m.has(0)).toBe(true);
  expect(m.has(13)).toBe(true);
});

test('a TimedMap ages each record from when it was set', () => {
  let now = 0;
  const m = new TimedMap<string, { reply: string }>(() => now, { retentionMs: HOUR, maxEntries: 100, keepRecent: 0 });
  m.set('a', { reply: 'A' });
  now = 30 * 60_000;
  m.set('b', { reply: 'B' });
  now = HOUR + 1;
  m.sweep();
  expect([...m.keys()]).toEqual(['b']);
});

test('the limits can be set through the environment', () => {
  expect(defaultRetention({ PAYCERT_SANDBOX_RETENTION_HOURS: '2', PAYCERT_SANDBOX_MAX_ENTRIES: '500' })).toMatchObject({
    retentionMs: 2 * HOUR,
    maxEntries: 500,
  });
  expect(defaultRetention({})).toMatchObject({ retentionMs: 24 * HOUR, maxEntries: 20_000 });
});

const saved = process.env.PAYCERT_SANDBOX_MAX_ENTRIES;
afterEach(() => {
  if (saved === undefined) delete process.env.PAYCERT_SANDBOX_MAX_ENTRIES;
  else process.env.PAYCERT_SANDBOX_MAX_ENTRIES = saved;
});

test('greenleaves sandbox: past its cap it forgets its oldest finished payments and still answers for recent ones', async () => {
  process.env.PAYCERT_SANDBOX_MAX_ENTRIES = '40';
  const gw = await startGreenleavesSandbox();
  try {
    const c = credentials('greenleaves');
    const client = new GreenleavesClient(send, gw.url, c.merchantId, c.secretKey);
    const card = [...loadCards().values()].find((x) => x.auth && !x.threeDs)!;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await client.call('/g2g/payment', {
        pg_order_id: `RT${Date.now()}${i}`,
        pg_amount: '500',
        pg_currency: 'KZT',
        pg_description: 'retention',
        pg_card_name: 'TEST TESTOV',
        pg_card_pan: card.pan,
        pg_card_cvc: card.cvc,
        pg_card_month: card.month,
        pg_card_year: card.year,
        pg_testing_mode: '1',
      });
      ids.push(r.field('pg_payment_id')!);
    }
    const status = async (id: string) =>
      (await client.call('/g2g/status_v2', { pg_payment_id: id })).field('pg_status');
    expect(await status(ids[0]!)).toBe('error');
    expect(await status(ids.at(-1)!)).toBe('ok');
    expect(await status(ids.at(-30)!)).toBe('ok');
  } finally {
    await gw.close();
  }
});

test('jysan: a pre-authorisation waits; processed orders and abandoned pages age out', async () => {
  const { Store } = await import('../../../src/sandbox/jysan/store.ts');
  let now = 0;
  const s = new Store(() => now, { retentionMs: 24 * HOUR, maxEntries: 100, keepRecent: 0 });
  const order = (id: string, status: 'N' | 'A' | 'S') =>
    ({ order: id, status, createdAt: 0, refunds: [] as Array<{ amount: string; desc: string; at: number }> }) as never;
  s.orders.set('1', order('1', 'A'));
  s.orders.set('2', order('2', 'S'));
  s.orders.set('3', order('3', 'N'));
  const refunded = order('4', 'S') as { refunds: Array<{ amount: string; desc: string; at: number }> };
  refunded.refunds.push({ amount: '1', desc: '', at: 10 * HOUR });
  s.orders.set('4', refunded as never);
  now = 25 * HOUR;
  s.orders.sweep();
  expect([...s.orders.keys()]).toEqual(['1', '4']);
});

test('greenleaves-v5: forgetting a payment drops its order_id from the index too', async () => {
  const { MerchantStore } = await import('../../../src/sandbox/greenleaves-v5/store.ts');
  let now = 0;
  const m = new MerchantStore('1', 's', () => now, { retentionMs: HOUR, maxEntries: 100, keepRecent: 0 });
  const p = { id: 'p1', orderId: 'o1', status: 'cleared', createdAt: 0, updatedAt: 0 } as never;
  m.add(p);
  expect(m.byOrder('o1')).toBe(p);
  now = 2 * HOUR;
  m.payments.sweep();
  expect(m.byOrder('o1')).toBeUndefined();
  expect((m as unknown as { orders: Map<string, string> }).orders.size).toBe(0);
});
