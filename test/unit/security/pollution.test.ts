import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startGreenleavesSandbox } from '../../../src/sandbox/greenleaves/app.ts';
import { startGreenleavesMerchant } from '../../../src/merchant/greenleaves/app.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { encodeForm, encodeMultipart, FormError } from '../../../src/protocols/common/form.ts';
import { fromForm, parseXml, salt, sign, toForm, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { decodeForm } from '../../../src/protocols/jysan/index.ts';
import { NO_MEMBERS } from '../../../src/protocols/common/record.ts';
import { credentials } from '../../../src/spec/credentials.ts';

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype);

// on vulnerable code the attack pollutes this very process (the servers run in it): undo it, so
// that one failing test does not break the others
afterEach(() => {
  for (const k of Object.getOwnPropertyNames(Object.prototype)) {
    if (!PROTO_KEYS.includes(k)) delete (Object.prototype as Record<string, unknown>)[k];
  }
});

function polluted(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).filter((k) => !PROTO_KEYS.includes(k));
}

async function post(
  url: string,
  pairs: Array<[string, string]>,
  multipart = false,
): Promise<{ status: number; text: string }> {
  const boundary = 'pcBoundary42';
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': multipart ? `multipart/form-data; boundary=${boundary}` : 'application/x-www-form-urlencoded',
    },
    body: multipart ? encodeMultipart(pairs, boundary) : encodeForm(pairs),
  });
  return { status: res.status, text: await res.text() };
}

function signed(script: string, fields: PgMessage): Array<[string, string]> {
  const m: PgMessage = { ...fields, pg_salt: salt() };
  m.pg_sig = sign(script, m, credentials('greenleaves').secretKey);
  return toForm(m);
}

const reply = (text: string) => parseXml(text).message;

describe('form names from the wire never reach Object.prototype', () => {
  test('fromForm refuses __proto__, constructor and prototype segments and builds prototype-less objects', () => {
    for (const name of [
      '__proto__[x]',
      'a[__proto__][x]',
      'constructor[prototype][x]',
      'a[constructor]',
      'prototype',
    ]) {
      expect(() => fromForm([[name, '1']]), name).toThrow(FormError);
    }
    const m = fromForm([
      ['a[b]', '1'],
      ['toString', 'x'],
    ]);
    // records: the prototype is a frozen empty object without one (src/protocols/common/record.ts)
    expect(Object.getPrototypeOf(m)).toBe(NO_MEMBERS);
    expect(Object.getPrototypeOf(m.a)).toBe(NO_MEMBERS);
    expect(m.toString).toBe('x');
    expect((m as Record<string, unknown>).hasOwnProperty).toBeUndefined();
    expect((m.a as Record<string, unknown>).constructor).toBeUndefined();
    expect(polluted()).toEqual([]);
    const f = decodeForm('__proto__=1&constructor=2');
    expect(Object.getPrototypeOf(f)).toBeNull();
    expect(f.__proto__).toBe('1');
    expect(decodeForm('A=1').hasOwnProperty).toBeUndefined();
  });

  // the message is a check's reason when the form was a subject's (runner.ts): a 100 KB name was quoted whole
  test("fromForm's refusal of a long name with a reserved segment quotes its start only", () => {
    const name = `__proto__[${'a'.repeat(100_000)}]`;
    expect(() => fromForm([[name, '1']])).toThrow(
      new FormError(`field name "${name.slice(0, 80)}…" uses the reserved segment "__proto__"`),
    );
  });

  test('fromForm refuses a name nested deeper than PHP reads (a stack overflow at 10,000 levels)', () => {
    expect(() => fromForm([[`a${'[x]'.repeat(10_000)}`, '1']])).toThrow(/nests deeper than 64 levels/);
    expect(() => fromForm([[`a${'[x]'.repeat(64)}`, '1']])).toThrow(FormError);
    let m: unknown = fromForm([[`a${'[x]'.repeat(63)}`, '1']]);
    for (let i = 0; i < 64; i++) m = (m as Record<string, unknown>)[i === 0 ? 'a' : 'x'];
    expect(m).toBe('1');
  });

  let gw: SandboxHandle;
  let shop: SandboxHandle;
  beforeAll(async () => {
    gw = await startGreenleavesSandbox();
    shop = await startGreenleavesMerchant();
  });
  afterAll(async () => {
    await gw.close();
    await shop.close();
  });

  test('sandbox: an unsigned __proto__ POST is refused and later requests are answered as before', async () => {
    const status = () =>
      post(
        `${gw.url}/g2g/status_v2`,
        signed('status_v2', { pg_merchant_id: credentials('greenleaves').merchantId, pg_order_id: 'no-such-order' }),
      );
    const before = reply((await status()).text);
    for (const multipart of [false, true]) {
      const attack = await post(
        `${gw.url}/g2g/status_v2`,
        [
          ['__proto__[pg_payment_id]', '1'],
          ['__proto__[pg_card_token]', 'tok'],
          ['constructor[prototype][pg_status]', 'ok'],
        ],
        multipart,
      );
      expect(attack.status).toBeLessThan(500);
      expect(polluted()).toEqual([]);
    }
    const after = reply((await status()).text);
    expect(after.pg_status).toBe(before.pg_status);
    expect(after.pg_error_code).toBe(before.pg_error_code);
  });

  test('merchant: an unsigned POST cannot plant an order that a signed callback then pays', async () => {
    const order = (k: string) => `__proto__[PLANTED1][${k}]`;
    const attack = await post(
      shop.url,
      [
        [order('orderId'), 'PLANTED1'],
        [order('amount'), '500'],
        [order('currency'), 'KZT'],
        [order('state'), 'payable'],
      ],
      true,
    );
    expect(attack.status).toBeLessThan(500);
    expect(polluted()).toEqual([]);
    const pay = (orderId: string, amount: string, paymentId: string) =>
      post(
        shop.url,
        signed('result', {
          pg_order_id: orderId,
          pg_payment_id: paymentId,
          pg_amount: amount,
          pg_currency: 'KZT',
          pg_result: '1',
          pg_can_reject: '1',
        }),
        true,
      );
    const planted = reply((await pay('PLANTED1', '500', '900001')).text);
    expect(planted.pg_status).toBe('rejected');
    const orders = (await (await fetch(`${shop.controlUrl}/orders`)).json()) as Array<{
      orderId: string;
      amount: string;
      paidBy?: string;
    }>;
    expect(orders.map((o) => o.orderId)).not.toContain('PLANTED1');
    // a real order is still paid normally
    const real = orders[0]!;
    expect(reply((await pay(real.orderId, real.amount, '900002')).text).pg_status).toBe('ok');
  });
});
