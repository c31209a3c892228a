import { expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startGreenleavesMerchant } from '../../../src/merchant/greenleaves/app.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import { parseXml, salt, sign, toForm, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { readDeclaration } from '../../../src/harness/declaration.ts';

const agent = new Agent();

async function call(url: string, fields: PgMessage): Promise<string> {
  const m: PgMessage = { ...fields, pg_salt: salt() };
  m.pg_sig = sign('result', m, credentials('greenleaves').secretKey);
  const res = await request(url, { method: 'POST', body: encodeForm(toForm(m)), headers: { 'content-type': 'application/x-www-form-urlencoded' }, dispatcher: agent });
  const { message } = parseXml(await res.body.text());
  return `${String(message.pg_status)}|${String(message.pg_description)}`;
}

test('the reference merchant answers a repeat after a restart exactly as before (its store survives)', async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'paycert-')), 'merchant.json');
  const first = await startGreenleavesMerchant({ storePath: store });
  const decl = readDeclaration(first.declarationPath!);
  const order = decl.orders.find((o) => o.state === 'payable')!;
  const fields: PgMessage = { pg_order_id: order.orderId, pg_payment_id: '777', pg_amount: order.amount!, pg_currency: 'KZT', pg_result: '1', pg_can_reject: '1' };
  const before = await call(first.url, fields);
  expect(before).toBe('ok|Заказ оплачен');
  await first.close();

  const second = await startGreenleavesMerchant({ storePath: store });
  try {
    expect(await call(second.url, fields)).toBe(before);
    // the order is paid by payment 777: another payment for it is refused while it may be
    expect(await call(second.url, { ...fields, pg_payment_id: '778' })).toMatch(/^rejected\|/);
    expect(JSON.parse(readFileSync(store, 'utf8')).orders[order.orderId].paidBy).toBe('777');
  } finally {
    await second.close();
  }
});
