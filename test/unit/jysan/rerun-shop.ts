// A Jysan BACKREF shop that keeps its orders while paycert runs twice against it, modelled on a probe's
// Ruby shop (probe17, written from seed 002 and digest §A10): its pages tell the order's state as it is
// now, so a failed payment's result for an order a run before paid shows that order paid (as a shop
// should), and with `secondPayment409` a successful result of another mpi_order for a paid order is
// answered 409 ("paid by another transaction"). It logs the order of every result it gets, for the test
// to see which orders each check used.
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign, REDIRECT_SIGNED_FIELDS } from '../../../src/protocols/jysan/signature.ts';
import { sameCurrency } from '../../../src/protocols/jysan/currency.ts';
import { parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { realSubjectOf } from '../../../src/harness/reference.ts';
import type { Subject } from '../../../src/harness/subject.ts';

export interface RerunShop {
  subject: Subject;
  /** a fresh path with the same declaration: a new paycert process's allocator */
  again: () => Subject;
  /** the declared order of each result received, in arrival order */
  log: string[];
  close: () => Promise<void>;
}

const page = (title: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

export async function startRerunShop(
  orders: Array<{ orderId: string; amount: string; currency?: string }>,
  opts: { secondPayment409?: boolean } = {},
): Promise<RerunShop> {
  const secret = credentials('jysan').sharedSecret;
  const state = new Map(orders.map((o) => [o.orderId, { ...o, paidBy: undefined as string | undefined }]));
  const log: string[] = [];
  const decide = (p: Record<string, string>) => {
    const fields = Object.fromEntries(REDIRECT_SIGNED_FIELDS.map((k) => [k, p[k] ?? '']));
    if (!p.sign || sign('redirect', fields, secret) !== p.sign.toLowerCase()) return 'forged';
    const o = state.get(p.order ?? '');
    if (!o) return 'unknown';
    if (p.res_code !== '0') return o.paidBy ? 'paid' : 'declined';
    if (Number(p.amount) !== Number(o.amount) || !sameCurrency(p.currency ?? '', o.currency ?? 'KZT'))
      return 'mismatch';
    if (o.paidBy && o.paidBy !== p.mpi_order && opts.secondPayment409) return 'second';
    o.paidBy ??= p.mpi_order;
    return 'paid';
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const post = req.method === 'POST';
      const p = Object.fromEntries(parseUrlencoded(post ? body : url.search.slice(1)));
      if (state.has(p.order ?? '')) log.push(p.order!);
      const kind = decide(p);
      const [status, title] = {
        paid: [200, 'Оплата прошла'],
        declined: [200, 'Оплата не прошла'],
        second: [409, 'Заказ уже оплачен'],
        mismatch: [409, 'Сумма или валюта не совпадает'],
        unknown: [404, 'Заказ не найден'],
        forged: [400, 'Неверная подпись'],
      }[kind] as [number, string];
      res.writeHead(status, { 'content-type': post ? 'text/plain' : 'text/html; charset=utf-8' });
      res.end(post ? (status === 200 ? 'OK' : title) : page(title));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const backref = `http://127.0.0.1:${(server.address() as { port: number }).port}/jysan/backref?redirect=true`;
  const declaration = JSON.stringify({
    profile: 'jysan',
    backref,
    orders: [...orders.map((o) => ({ ...o, state: 'payable' })), { orderId: '0000999999', state: 'unknown' }],
  });
  const subjectAt = () => {
    const declarationPath = join(mkdtempSync(join(tmpdir(), 'paycert-rerun-')), 'declaration.json');
    writeFileSync(declarationPath, declaration);
    return realSubjectOf({ profile: 'jysan', url: backref, declarationPath } as never, 'merchant');
  };
  return {
    subject: subjectAt(),
    again: subjectAt,
    log,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The probe's declaration: 36 payable orders, every other one with leading zeros. */
export function probeOrders(): Array<{ orderId: string; amount: string }> {
  const amounts = ['1500.50', '700', '250.05', '12000', '99.90', '3.5'];
  return Array.from({ length: 36 }, (_, i) => ({
    orderId:
      i % 2 === 0
        ? `${'0'.repeat(1 + (i % 5))}417${String(i).padStart(2, '0')}`
        : `9${'1'.repeat(i % 4)}417${String(i).padStart(2, '0')}`,
    amount: amounts[i % 6]!,
  }));
}
