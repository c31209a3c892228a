// The signature base a request's evidence records is built only when the exchange is read, and it
// is the base of the fields as sent, whatever the caller does to its message afterwards.
import { describe, expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { GreenleavesClient } from '../../../src/sdk/greenleaves.ts';
import type { Request } from '../../../src/sdk/transport.ts';
import { sign, signatureBase, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { EvidenceLog, bodyLines, type Exchange } from '../../../src/harness/evidence.ts';
import { redact } from '../../../src/harness/redact.ts';

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

function client(requests: Request[]): GreenleavesClient {
  return new GreenleavesClient(
    async (r) => {
      requests.push(r);
      return { status: 200, headers: {}, body: new Uint8Array(), text: '' };
    },
    'http://127.0.0.1:1',
    '123456',
    's3cr3tKey',
  );
}

async function sent(m: PgMessage, path = '/g2g/payment'): Promise<Request> {
  const got: Request[] = [];
  await client(got).post(path, m);
  return got[0]!;
}

/** A request as the harness records it, read back from the evidence log (redacted there). */
function recorded(r: Request): Exchange {
  const log = new EvidenceLog();
  log.add({
    at: '',
    direction: 'sent',
    method: 'POST',
    url: r.url,
    requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
    requestBody: new URLSearchParams(r.form).toString(),
    signatureBase: r.signatureBase,
  });
  return log.list()[0]!;
}

const CARD = {
  pg_card_name: 'IVAN PETROV',
  pg_card_pan: '4716047261941981',
  pg_card_cvc: '123',
  pg_card_month: '12',
  pg_card_year: '30',
  pg_encrypted_card: 'ZW5jcnlwdGVkLWNhcmQtYmxvYg==',
  pg_online_payment_cryptogram: 'AgAAAAAABk4DWZ4C28yUQAAAAAA=',
};

describe('the recorded signature base', () => {
  prop.prop([msg], { numRuns: 200 })('is the base of the message as sent, after the caller changes it', async (raw) => {
    const m = { ...(raw as PgMessage), pg_sig: 'abc' } as PgMessage;
    // a field named like card data (pan, cvc, card…) shows as the field list shows it
    const expected = signatureBase('payment', redact(m), '[secret]');
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

  // Sorted by name, a payment's card fields are neighbours in the base: "…;123;12;IVAN PETROV;471604******1981;30;…"
  // was written in every report, while the field list above it showed [removed].
  test('card data shows as the field list shows it: removed, the card number masked', async () => {
    const got: Request[] = [];
    await client(got).call('/g2g/payment', { pg_order_id: '77', pg_amount: '0.01', ...CARD });
    const x = recorded(got[0]!);
    const listed = Object.fromEntries(
      bodyLines(x.requestBody!, 'application/x-www-form-urlencoded').map((l) => l.split(' = ')),
    );
    expect(listed.pg_card_cvc).toBe('[removed]');
    const shown = { ...(Object.fromEntries(new URLSearchParams(got[0]!.form)) as PgMessage), ...listed };
    expect(x.signatureBase).toBe(signatureBase('payment', shown, '[secret]'));
    expect(x.signatureBase!.split(';').filter((v) => Object.values(CARD).includes(v))).toEqual([]);
    expect(x.signatureBase).toContain(';[removed];[removed];[removed];471604******1981;[removed];');
  });

  test('nested card data too, under any script', async () => {
    const got: Request[] = [];
    await client(got).call('/g2g/x', { pg_order_id: '77', pg_card: { ...CARD }, items: [{ pg_card_cvc: '737' }] });
    const base = recorded(got[0]!).signatureBase!;
    expect(base.split(';').filter((v) => [...Object.values(CARD), '737'].includes(v))).toEqual([]);
  });
});

// A request signed otherwise than its path says (a forged one) was recorded with the base of the path's
// script: "signed with script name payment" beside "list;555001;…", and pg_sig the md5 of neither.
describe('the recorded base is the one signed', () => {
  const base = (r: Request) => recorded(r).signatureBase;
  const fields = { pg_merchant_id: '123456', pg_user_id: 'u1', pg_salt: 'salt1', shop_note: '', Zeta: 'z', alpha: 'a' };

  test('with the script name given', async () => {
    const got: Request[] = [];
    await client(got).call('/v1/merchant/123456/cardstorage/list', { pg_user_id: 'u1' }, { script: 'payment' });
    expect(base(got[0]!)).toMatch(/^payment;123456;/);
  });

  test('with the options given (another order, empty values left out)', async () => {
    const got: Request[] = [];
    const c = client(got);
    await c.post('/g2g/payment_page', c.signed('/g2g/payment_page', fields, { order: 'folded' }));
    await c.post(
      '/g2g/payment_page',
      c.signed('/g2g/payment_page', fields, { script: 'Payment_Page', skipEmpty: true }),
    );
    expect(base(got[0]!)).toBe(signatureBase('payment_page', fields, '[secret]', { order: 'folded' }));
    expect(base(got[1]!)).toBe(signatureBase('Payment_Page', fields, '[secret]', { skipEmpty: true }));
  });

  test('a pg_sig of a known wrong signer, made by the caller', async () => {
    const got: Request[] = [];
    const c = client(got);
    for (const opts of [{ skipEmpty: true }, { order: 'folded' as const }, {}])
      await c.post('/g2g/payment_page', { ...fields, pg_sig: sign('payment_page', fields, 's3cr3tKey', opts) });
    expect(got.map(base)).toEqual([
      signatureBase('payment_page', fields, '[secret]', { skipEmpty: true }),
      signatureBase('payment_page', fields, '[secret]', { order: 'folded' }),
      signatureBase('payment_page', fields, '[secret]'),
    ]);
  });

  test("a pg_sig that is no base's: the base of the path's script, the one the gateway verifies", async () => {
    const got: Request[] = [];
    const c = client(got);
    await c.post('/g2g/payment_page', {
      ...c.signed('/g2g/payment_page', fields, { script: 'list' }),
      pg_sig: '0'.repeat(32),
    });
    await c.post('/g2g/payment_page', { ...fields, pg_sig: 'f'.repeat(32) });
    expect(got.map(base)).toEqual([
      signatureBase('payment_page', fields, '[secret]'),
      signatureBase('payment_page', fields, '[secret]'),
    ]);
  });
});
