import { randomBytes } from 'node:crypto';
import type { CheckContext } from '../../../src/harness/check.ts';
import { ordersOf, type Orders } from '../../../src/harness/declaration.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import { sign } from '../../../src/protocols/jysan/signature.ts';

export type Ctx = CheckContext<'jysan'>;

export function orders(t: Ctx): Orders {
  if (!t.subject.declarationPath) t.skip('no merchant declaration (--declaration FILE)');
  return ordersOf(t.subject.declarationPath!);
}

export type Redirect = Record<'order' | 'mpi_order' | 'rrn' | 'res_code' | 'amount' | 'currency' | 'res_desc', string>;

/** The result the bank appends to BACKREF after a payment (digest §A10). */
export function redirectFields(o: { orderId: string; amount?: string; currency?: string }, ok = true, resDesc = ok ? 'Approved' : 'Declined'): Redirect {
  const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
  return {
    order: o.orderId, mpi_order: `1${digits(25)}`, rrn: ok ? digits(12) : '', res_code: ok ? '0' : '2',
    amount: o.amount ?? '100', currency: o.currency ?? 'KZT', res_desc: resDesc,
  };
}

export function signed(t: Ctx, r: Redirect): Record<string, string> {
  return { ...r, sign: sign('redirect', r, t.credentials.sharedSecret) };
}

/** The browser arriving at BACKREF with the result appended (GET). */
export async function land(t: Ctx, params: Record<string, string>, note?: string) {
  const url = t.subject.baseUrl;
  return t.http.send({ url: `${url}${url.includes('?') ? '&' : '?'}${encodeForm(Object.entries(params))}`, statuses: 'any', note });
}

export const accepted = (status: number) => status >= 200 && status < 400;
export const refused = (status: number) => status >= 400 && status < 500;
