import { expect, test, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDeclaration } from '../../../src/harness/declaration.ts';
import { startGreenleavesMerchant } from '../../../src/merchant/greenleaves/app.ts';
import { startJysanMerchant } from '../../../src/merchant/jysan/app.ts';
import { call, redirect } from './support.ts';

// A disk that fails every write while `disk.failing` is set.
const disk = vi.hoisted(() => ({ failing: false }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const failing = <F extends (...a: never[]) => unknown>(f: F) =>
    ((...a: Parameters<F>) => {
      if (disk.failing) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      return f(...a);
    }) as F;
  const mocked = {
    ...fs,
    writeSync: failing(fs.writeSync),
    fsyncSync: failing(fs.fsyncSync),
    // the journal's fsync (group commit) runs on libuv's pool and reports through its callback
    fsync: (fd: number, done: (e: NodeJS.ErrnoException | null) => void) =>
      disk.failing
        ? process.nextTick(done, Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))
        : fs.fsync(fd, done),
    writeFileSync: failing(fs.writeFileSync),
    renameSync: failing(fs.renameSync),
    appendFileSync: failing(fs.appendFileSync),
  };
  return { ...mocked, default: mocked };
});

test('greenleaves: a call whose answer cannot be stored changes nothing; its repeat is treated the same, and after recovery one payment pays the order', async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'paycert-')), 'shop.json');
  const first = await startGreenleavesMerchant({ storePath: store });
  const order = readDeclaration(first.declarationPath!).orders.find((o) => o.state === 'payable')!;
  const fields = {
    pg_order_id: order.orderId,
    pg_payment_id: '777',
    pg_amount: order.amount!,
    pg_currency: 'KZT',
    pg_result: '1',
    pg_can_reject: '1',
  };
  try {
    disk.failing = true;
    expect(await call(first.url, fields)).toBe('HTTP 500');
    expect(await call(first.url, fields)).toBe('HTTP 500');
    disk.failing = false;
    expect(await call(first.url, fields)).toBe('ok|Заказ оплачен');
  } finally {
    disk.failing = false;
    await first.close();
  }
  const second = await startGreenleavesMerchant({ storePath: store });
  try {
    expect(await call(second.url, { ...fields, pg_payment_id: '778' })).toMatch(/^rejected\|/);
    expect(await call(second.url, fields)).toBe('ok|Заказ оплачен');
  } finally {
    await second.close();
  }
});

test('jysan: a redirect whose outcome cannot be stored gets 500 again on reload, and its outcome once the disk recovers', async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'paycert-')), 'shop.json');
  const m = await startJysanMerchant({ storePath: store });
  const order = readDeclaration(m.declarationPath!).orders.find((o) => o.state === 'payable')!;
  const wrongAmount = {
    order: order.orderId,
    mpi_order: '42',
    rrn: '1',
    res_code: '0',
    amount: '1.00',
    currency: '398',
    res_desc: 'ok',
  };
  try {
    disk.failing = true;
    expect(await redirect(m.url, wrongAmount)).toBe(500);
    expect(await redirect(m.url, wrongAmount)).toBe(500);
    disk.failing = false;
    expect(await redirect(m.url, wrongAmount)).toBe(409);
    expect(await redirect(m.url, { ...wrongAmount, mpi_order: '43', amount: order.amount! })).toBe(200);
  } finally {
    disk.failing = false;
    await m.close();
  }
});
