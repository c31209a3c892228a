import { expect, test } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGreenleavesMerchant } from '../../../src/merchant/greenleaves/app.ts';
import { startJysanMerchant } from '../../../src/merchant/jysan/app.ts';
import type { PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { readDeclaration } from '../../../src/harness/declaration.ts';
import { storeFor } from '../../../src/cli/serve.ts';
import { call, field, paycertMerchant, redirect, serveMerchant } from './support.ts';
import { MERCHANTS } from '../../../src/merchant/registry.ts';
import { PROFILES } from '../../../src/spec/paths.ts';

/** `--profile all` prints one line per reference merchant */
const MERCHANT_COUNT = PROFILES.filter((p) => MERCHANTS[p]).length;

const dir = () => mkdtempSync(join(tmpdir(), 'paycert-'));

function payCall(decl: string, payment: string): PgMessage {
  const order = readDeclaration(decl).orders.find((o) => o.state === 'payable')!;
  return {
    pg_order_id: order.orderId,
    pg_payment_id: payment,
    pg_amount: order.amount!,
    pg_currency: 'KZT',
    pg_result: '1',
    pg_can_reject: '1',
  };
}

test('the reference merchant answers a repeat after a restart exactly as before (its store survives)', async () => {
  const store = join(dir(), 'merchant.json');
  const first = await startGreenleavesMerchant({ storePath: store });
  const fields = payCall(first.declarationPath!, '777');
  const before = await call(first.url, fields);
  expect(before).toBe('ok|Заказ оплачен');
  await first.close();

  const second = await startGreenleavesMerchant({ storePath: store });
  try {
    expect(await call(second.url, fields)).toBe(before);
    // the order is paid by payment 777: another payment for it is refused while it may be
    expect(await call(second.url, { ...fields, pg_payment_id: '778' })).toMatch(/^rejected\|/);
    expect(JSON.parse(readFileSync(store, 'utf8')).orders[fields.pg_order_id as string].paidBy).toBe('777');
  } finally {
    await second.close();
  }
});

test('an answer is durable before it is sent: it is in the journal, not only in memory', async () => {
  const store = join(dir(), 'merchant.json');
  const m = await startGreenleavesMerchant({ storePath: store });
  try {
    const fields = payCall(m.declarationPath!, '901');
    expect(await call(m.url, fields)).toBe('ok|Заказ оплачен');
    const lines = readFileSync(`${store}.journal`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { set: string; paid?: { paymentId: string } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ set: 'result:901', paid: { paymentId: '901' } });
  } finally {
    await m.close();
  }
});

test('an append cut short by a crash is dropped at start; complete lines are kept', async () => {
  const store = join(dir(), 'merchant.json');
  const first = await startGreenleavesMerchant({ storePath: store });
  const fields = payCall(first.declarationPath!, '555');
  expect(await call(first.url, fields)).toBe('ok|Заказ оплачен');
  await first.close();
  appendFileSync(`${store}.journal`, '{"set":"result:556","answ');
  const second = await startGreenleavesMerchant({ storePath: store });
  try {
    expect(await call(second.url, { ...fields, pg_payment_id: '556' })).toMatch(/^rejected\|/);
  } finally {
    await second.close();
  }
});

test('--store with --profile all gives each merchant its own store and declaration; restarts keep each one', async () => {
  const base = join(dir(), 'shop.json');
  const args = ['--profile', 'all', '--store', base];
  const run1 = await serveMerchant(args, MERCHANT_COUNT);
  let fields: PgMessage;
  try {
    const gl = run1.out.find((l) => l.startsWith('greenleaves '))!;
    const jy = run1.out.find((l) => l.startsWith('jysan'))!;
    expect(field(gl, 'declaration')).not.toBe(field(jy, 'declaration'));
    expect(readDeclaration(field(jy, 'declaration')).orders.every((o) => /^\d+$/.test(o.orderId))).toBe(true);
    fields = payCall(field(gl, 'declaration'), '777');
    expect(await call(field(gl, 'result_url'), fields)).toBe('ok|Заказ оплачен');
    // the Jysan merchant records an outcome too (an order it does not have)
    expect(
      await redirect(field(jy, 'result_url'), {
        order: '9999999999',
        mpi_order: '1',
        rrn: '1',
        res_code: '0',
        amount: '10.00',
        currency: '398',
        res_desc: 'ok',
      }),
    ).toBe(404);
  } finally {
    await run1.stop();
  }
  expect(JSON.parse(readFileSync(storeFor(base, 'greenleaves'), 'utf8')).profile).toBe('greenleaves');
  const run2 = await serveMerchant(args, MERCHANT_COUNT);
  try {
    const gl = run2.out.find((l) => l.startsWith('greenleaves '))!;
    expect(await call(field(gl, 'result_url'), { ...fields, pg_payment_id: '778' })).toMatch(/^rejected\|/);
    expect(await call(field(gl, 'result_url'), fields)).toBe('ok|Заказ оплачен');
  } finally {
    await run2.stop();
  }
});

test('storeFor inserts the profile before the extension', () => {
  expect(storeFor('/a/shop.json', 'jysan')).toBe('/a/shop.jysan.json');
  expect(storeFor('/a.b/shop', 'jysan')).toBe('/a.b/shop.jysan');
  expect(storeFor('.shop', 'jysan')).toBe('.shop.jysan');
});

test("one merchant refuses another profile's store", async () => {
  const store = join(dir(), 'shop.json');
  const gl = await startGreenleavesMerchant({ storePath: store });
  await gl.close();
  await expect(startJysanMerchant({ storePath: store })).rejects.toThrow(/greenleaves merchant's store/);
});

test('a store of the wrong shape is refused at start with the path of the bad field', async () => {
  const store = join(dir(), 'shop.json');
  writeFileSync(
    store,
    JSON.stringify({ orders: { A1: { orderId: 'A1', state: 'payable', amount: 12 } }, answers: {} }),
  );
  await expect(startGreenleavesMerchant({ storePath: store })).rejects.toThrow(/\/orders\/A1\/amount must be string/);
  const r = paycertMerchant(['--profile', 'greenleaves', '--store', store]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain('/orders/A1/amount');
});

test('a journal line of the wrong shape is refused at start with its line number', async () => {
  const store = join(dir(), 'shop.json');
  const m = await startGreenleavesMerchant({ storePath: store });
  await m.close();
  appendFileSync(
    `${store}.journal`,
    `${JSON.stringify({ set: 'result:1', answer: { status: 'ok', description: 'x', at: 1 } })}\n${JSON.stringify({ set: 'result:2', answer: { status: 'ok' } })}\n`,
  );
  await expect(startGreenleavesMerchant({ storePath: store })).rejects.toThrow(
    /journal line 2.*\/answer must have required property/,
  );
});

test('a store that is not JSON is refused at start: exit 2, one line', () => {
  const store = join(dir(), 'shop.json');
  writeFileSync(store, 'orders: none\n');
  const r = paycertMerchant(['--profile', 'greenleaves', '--store', store]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/shop\.json is not a paycert merchant store: not JSON/);
});
