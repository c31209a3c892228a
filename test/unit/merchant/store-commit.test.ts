import { expect, test } from 'vitest';
import fc from 'fast-check';
import { fsync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MerchantStore, type Answer, type Fsync } from '../../../src/merchant/store.ts';
import type { DeclaredOrder } from '../../../src/harness/declaration.ts';

// The reference merchant's journal: group commit (one fsync for the changes made while another
// runs), durable before an answer goes out, and every change not yet durable undone when an fsync fails.

const ORDERS: DeclaredOrder[] = ['A', 'B', 'C'].map((orderId) => ({ orderId, amount: '100', state: 'payable' }));
const path = () => join(mkdtempSync(join(tmpdir(), 'paycert-store-')), 'shop.json');
const answer = (status: string): Answer => ({ status, description: status, at: 1 });

/** fs.fsync that fails while `disk.failing` (the EIO a full or broken disk gives). */
function disk(): { failing: boolean; fsync: Fsync } {
  const d: { failing: boolean; fsync: Fsync } = {
    failing: false,
    fsync: ((fd, done) =>
      d.failing
        ? setImmediate(done, Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))
        : fsync(fd, done)) as Fsync,
  };
  return d;
}

/** What a store holds, as a restarted merchant reads it. */
function state(s: MerchantStore, keys: string[]) {
  return {
    answers: Object.fromEntries(keys.map((k) => [k, s.answer(k)?.status ?? null])),
    paidBy: Object.fromEntries(s.orders().map((o) => [o.orderId, o.paidBy ?? null])),
  };
}

test('answers made together share one fsync, and none is durable before it has finished', async () => {
  const s = new MerchantStore(path(), () => ORDERS, 'greenleaves');
  try {
    for (const k of ['r:1', 'r:2', 'r:3']) s.remember(k, answer('ok'), { orderId: 'A', paymentId: k });
    let settled = false;
    const d = s.durable().then((ok) => ((settled = true), ok));
    expect(settled).toBe(false);
    expect(await d).toBe(true);
    expect(s.syncs).toBe(1);
    // the next answer gets an fsync of its own
    s.remember('r:4', answer('ok'));
    expect(await s.durable()).toBe(true);
    expect(s.syncs).toBe(2);
    expect(await s.durable()).toBe(true); // nothing pending: at once, no fsync
    expect(s.syncs).toBe(2);
  } finally {
    await s.close();
  }
});

test('an fsync that fails undoes every change not yet durable, in memory and in the journal', async () => {
  const file = path();
  const d = disk();
  const s = new MerchantStore(file, () => ORDERS, 'greenleaves', d.fsync);
  s.remember('r:1', answer('ok'), { orderId: 'A', paymentId: '1' });
  expect(await s.durable()).toBe(true);
  d.failing = true;
  s.remember('r:1', answer('error')); // a change of a durable answer
  s.remember('r:2', answer('ok'), { orderId: 'B', paymentId: '2' });
  s.forget('r:1');
  expect(s.answer('r:1')).toBeUndefined(); // applied at once: a repeat arriving now sees it
  expect(await s.durable()).toBe(false);
  expect(state(s, ['r:1', 'r:2'])).toEqual({
    answers: { 'r:1': 'ok', 'r:2': null },
    paidBy: { A: '1', B: null, C: null },
  });
  expect(readFileSync(`${file}.journal`, 'utf8').trim().split('\n')).toHaveLength(1);
  d.failing = false;
  s.remember('r:3', answer('ok'));
  expect(await s.durable()).toBe(true);
  await s.close();
  const again = new MerchantStore(file, () => [], 'greenleaves');
  expect(state(again, ['r:1', 'r:2', 'r:3']).answers).toEqual({ 'r:1': 'ok', 'r:2': null, 'r:3': 'ok' });
  await again.close();
});

test('close waits for a running fsync', async () => {
  const s = new MerchantStore(path(), () => ORDERS, 'greenleaves');
  s.remember('r:1', answer('ok'));
  const durable = s.durable();
  await s.close();
  expect(await durable).toBe(true);
});

// Batches of changes, each made in one tick and then awaited (some on a failing disk): the store in
// memory, and as a restart reads it, is what the straightforward write-then-fsync of each change
// would have left, keeping exactly the batches that durable() called durable.
test('property: the store holds exactly the changes durable() confirmed, and a restart reads the same', async () => {
  const key = fc.constantFrom('r:1', 'r:2', 'c:1', 'post:A');
  const change = fc.oneof(
    fc.record({
      set: key,
      status: fc.constantFrom('ok', 'rejected', 'error'),
      paid: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
    }),
    fc.record({ forget: key }),
  );
  const keys = ['r:1', 'r:2', 'c:1', 'post:A'];
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ changes: fc.array(change, { minLength: 1, maxLength: 4 }), fails: fc.boolean() }), {
        maxLength: 6,
      }),
      async (batches) => {
        const file = path();
        const d = disk();
        const s = new MerchantStore(file, () => ORDERS, 'greenleaves', d.fsync);
        // the model: a plain map per batch that durable() confirmed
        const model = {
          answers: Object.fromEntries(keys.map((k) => [k, null as string | null])),
          paidBy: { A: null, B: null, C: null } as Record<string, string | null>,
        };
        let n = 0;
        for (const b of batches) {
          d.failing = b.fails;
          const next = structuredClone(model);
          for (const c of b.changes) {
            if ('forget' in c) {
              s.forget(c.forget);
              next.answers[c.forget] = null;
            } else {
              const payment = `p${n++}`;
              s.remember(c.set, answer(c.status), c.paid ? { orderId: c.paid, paymentId: payment } : undefined);
              next.answers[c.set] = c.status;
              if (c.paid) next.paidBy[c.paid] = payment;
            }
          }
          const ok = await s.durable();
          expect(ok).toBe(!b.fails);
          if (ok) Object.assign(model, next);
          expect(state(s, keys)).toEqual(model);
        }
        await s.close();
        const again = new MerchantStore(file, () => [], 'greenleaves');
        expect(state(again, keys)).toEqual(model);
        await again.close();
      },
    ),
    { numRuns: 40 },
  );
});
