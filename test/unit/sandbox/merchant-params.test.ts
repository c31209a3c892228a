import { expect, test } from 'vitest';
import { resultFields } from '../../../src/sandbox/greenleaves/callbacks.ts';
import { payerReturn } from '../../../src/sandbox/greenleaves/returns.ts';
import { DEFAULT_GREENLEAVES_POLICY } from '../../../src/sandbox/greenleaves/policy.ts';
import { parseXml, verify } from '../../../src/protocols/greenleaves/index.ts';
import type { Gw } from '../../../src/sandbox/greenleaves/context.ts';
import type { Payment } from '../../../src/sandbox/greenleaves/store.ts';

// A pg_xml request may name a merchant's own field __proto__ (the XML reader keeps it as an own
// field): the reference gateway echoes it like any other (GL-CB-13, GL-RET-02), and copying it
// never sets a prototype.
const { message: request } = parseXml(
  '<request><pg_order_id>o1</pg_order_id><pg_success_url>http://127.0.0.1:1/ok</pg_success_url>' +
    '<__proto__>x</__proto__><constructor>c</constructor><toString>t</toString><shop>s</shop></request>',
);
const gw = { secret: 'secret', policy: DEFAULT_GREENLEAVES_POLICY } as unknown as Gw;
const payment = {
  id: '1',
  orderId: 'o1',
  amount: '10',
  currency: 'KZT',
  description: 'd',
  state: 'success',
  captured: true,
  createdAt: 0,
  paidAt: 0,
  request,
  callbacks: { attempts: 0, done: false },
} as unknown as Payment;
const own = (o: object, k: string) => Object.getOwnPropertyDescriptor(o, k)?.value as unknown;

test('result_url fields echo merchant fields named __proto__, constructor, toString as own fields', () => {
  const f = resultFields(gw, payment, false, 0);
  expect(own(f, '__proto__')).toBe('x');
  expect(own(f, 'constructor')).toBe('c');
  expect(own(f, 'toString')).toBe('t');
  expect(f.shop).toBe('s');
  expect(typeof Object.getPrototypeOf(f)).toBe('object');
  expect(({} as Record<string, unknown>).x).toBeUndefined();
});

test('the payer return carries a merchant field named __proto__, signed', () => {
  const r = payerReturn(gw, payment, true);
  const q = new URL(r.url!).searchParams;
  expect(q.get('__proto__')).toBe('x');
  expect(q.get('constructor')).toBe('c');
  expect(q.get('shop')).toBe('s');
  expect(q.get('pg_sig')).toBeTruthy();
  const fields = Object.fromEntries(q.entries());
  expect(verify('ok', fields, 'secret', q.get('pg_sig')!)).toBe(true);
});
