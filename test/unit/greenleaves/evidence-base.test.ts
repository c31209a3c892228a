// The signature base a request's evidence records is built only when the exchange is read, and it
// is the base of the fields as sent, whatever the caller does to its message afterwards.
import { describe, expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { GreenleavesClient } from '../../../src/sdk/greenleaves.ts';
import type { Request } from '../../../src/sdk/transport.ts';
import { signatureBase, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';

type V = string | V[] | { [k: string]: V };
const name = fc.oneof(
  fc.constantFrom('pg_amount', 'pg_amount2', 'item', 'item1', 'item10', 'a', '1', '10', '__proto__', 'б'),
  fc.string({ maxLength: 4 }),
);
const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 4 }));
const { msg } = fc.letrec<{ value: V; msg: Record<string, V> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, tie('msg'), fc.array(tie('value'), { maxLength: 6 })),
  msg: fc.dictionary(name, tie('value'), { maxKeys: 7, noNullPrototype: false }),
}));

/** Changes every value of `v` in place, adds a field and drops the first one. */
function tamper(v: V): void {
  if (typeof v === 'string') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => (typeof x === 'string' ? (v[i] = `${x}!`) : tamper(x)));
    v.push('more');
    return;
  }
  for (const k of Object.keys(v)) typeof v[k] === 'string' ? (v[k] = `${v[k]}!`) : tamper(v[k]!);
  delete v[Object.keys(v)[0]!];
  v.pg_added = 'x';
}

async function sent(m: PgMessage, path = '/g2g/payment'): Promise<Request> {
  let got: Request | undefined;
  const c = new GreenleavesClient(
    async (r) => {
      got = r;
      return { status: 200, headers: {}, body: new Uint8Array(), text: '' };
    },
    'http://127.0.0.1:1',
    '123456',
    's3cr3tKey',
  );
  await c.post(path, m);
  return got!;
}

describe('the recorded signature base', () => {
  prop.prop([msg], { numRuns: 200 })('is the base of the message as sent, after the caller changes it', async (raw) => {
    const m = { ...(raw as PgMessage), pg_sig: 'abc' } as PgMessage;
    const expected = signatureBase('payment', m, 's3cr3tKey');
    const req = await sent(m);
    tamper(m as V);
    const base = req.signatureBase;
    expect(typeof base === 'function' ? base() : base).toBe(expected);
  });

  test('none for an unsigned message', async () => {
    expect((await sent({ pg_amount: '1' })).signatureBase).toBeUndefined();
  });

  test('built only for the exchanges the log keeps and reads, redacted there', () => {
    const log = new EvidenceLog();
    let built = 0;
    const base = (n: number) => () => (built++, `payment;${n};s3cr3tKey`);
    for (let n = 0; n < 100; n++)
      log.add({ at: '', direction: 'sent', method: 'POST', url: '-', requestHeaders: {}, signatureBase: base(n) });
    expect(built).toBe(0);
    const kept = log.list();
    expect(built).toBe(kept.length);
    expect(kept.length).toBeLessThan(100);
    expect(kept.at(-1)!.signatureBase).toMatch(/^payment;99;/);
    expect(kept.at(-1)!.signatureBase).not.toContain('s3cr3tKey');
    log.list();
    expect(built).toBe(kept.length);
  });
});
