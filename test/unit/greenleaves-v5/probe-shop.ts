// The v5 shops the merchant probe tests write (merchant-oracle, merchant-probe-holes): each answers
// calls its own way, on a free port, over the same orders and declaration.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';

export type Json = Record<string, unknown>;

export const RESULT = '/shop/v5/result';
export const CHECK = '/shop/v5/check';

/** An order as a probe shop keeps it: its amount, the payment id that paid it ('' while unpaid). */
export interface ProbeOrder {
  amount: string;
  paidBy: string;
  expired?: boolean;
  cancelled?: boolean;
  checked?: boolean;
}

/** A probe shop's orders: P1..P30 payable at `price(i)`, E1..E3 expired (300). */
export function probeOrders(price = (i: number) => `${1000 + i * 10}.50`): Map<string, ProbeOrder> {
  return new Map<string, ProbeOrder>([
    ...Array.from({ length: 30 }, (_, i) => [`P${i + 1}`, { amount: price(i), paidBy: '' }] as const),
    ...Array.from({ length: 3 }, (_, i) => [`E${i + 1}`, { amount: '300', paidBy: '', expired: true }] as const),
  ]);
}

/** What a probe shop does with a call: its whole body and its path (the query left out). */
export type ProbeAnswer = (req: IncomingMessage, res: ServerResponse, raw: Buffer, path: string) => Promise<unknown>;

/** The probe shops of one test file, closed (their declarations removed) after it. The function returned
 *  serves `answer` on a free port and returns the subject paycert judges, its declaration of `orders`
 *  written as `name`.json. */
export function probeShops(
  tmpPrefix: string,
): (name: string, implementation: string, orders: Map<string, ProbeOrder>, answer: ProbeAnswer) => Promise<Subject> {
  const dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(dir, { recursive: true, force: true });
  });
  return async (name, implementation, orders, answer) => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void answer(req, res, Buffer.concat(chunks), (req.url ?? '').split('?')[0]!));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const declarationPath = join(dir, `${name}.json`);
    writeFileSync(
      declarationPath,
      JSON.stringify({
        profile: 'greenleaves-v5',
        resultUrl: `${base}${RESULT}`,
        checkUrl: `${base}${CHECK}`,
        orders: [
          ...[...orders].map(([orderId, o]) => ({
            orderId,
            amount: o.amount,
            currency: 'KZT',
            state: o.expired ? 'expired' : 'payable',
          })),
          { orderId: 'NO-SUCH-ORDER-1', state: 'unknown' },
        ],
      }),
    );
    return {
      profile: 'greenleaves-v5',
      kind: 'merchant',
      target: 'reference',
      baseUrl: `${base}${RESULT}`,
      checkUrl: `${base}${CHECK}`,
      declarationPath,
      capabilities: [],
      limits: LIMITS.reference,
      slow: true,
      info: { implementation, defects: [] },
    };
  };
}
