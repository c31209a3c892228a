import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { fc } from '@fast-check/vitest';
import { getSchema, schemaId, validate } from '../../../src/spec/ajv.ts';
import { validArbitrary } from '../../../src/spec/arbitrary.ts';
import { SPECS } from '../../../src/spec/paths.ts';
import { validateReply } from '../../../suites/greenleaves/support.ts';
import type { PgMessage } from '../../../src/protocols/greenleaves/index.ts';

// A gateway's reply is judged on what the documents say (GL-PAY-01 and every other reply check): a probe's
// gateway failed GL-PAY-01 (MUST) on a 100-character pg_salt ("any length", digest §2.1; 64 is our bound)
// and on a signed undocumented nested element (<pg_card><pg_brand>VI</pg_brand>…</pg_card>).
const REPLIES = readdirSync(`${SPECS}/greenleaves/schemas`)
  .filter((f) => f.endsWith('-response.schema.json'))
  .map((f) => f.replace('.schema.json', ''));

const payment: PgMessage = {
  pg_status: 'ok',
  pg_payment_id: '12345',
  pg_datetime: '2024-09-02T12:19:01+00:00',
  pg_salt: 'abc123',
  pg_sig: '0123456789abcdef0123456789abcdef',
};
/** A valid reply of the schema (its generator's first sample). */
const sample = (name: string) =>
  fc.sample(validArbitrary(schemaId('greenleaves', name)), { numRuns: 1, seed: 42 })[0] as PgMessage;
const reasons = (name: string, m: PgMessage) =>
  validateReply(name, m).errors.map((e) => `${e.instancePath} ${e.keyword}`);

describe('greenleaves reply schemas', () => {
  test('a pg_salt of any length and letters is no break, in every signed reply', () => {
    const long = { ...payment, pg_salt: 'a'.repeat(100) };
    expect(validate(schemaId('greenleaves', 'payment-response'), long).ok).toBe(false); // our bound, kept for generation
    expect(reasons('payment-response', long)).toEqual([]);
    // the seed's own reply samples: <pg_salt>random string</pg_salt>
    expect(reasons('payment-response', { ...payment, pg_salt: 'random string' })).toEqual([]);
    for (const name of REPLIES) {
      const m = sample(name);
      if (m.pg_salt) expect(reasons(name, { ...m, pg_salt: 'a'.repeat(100) }), name).toEqual([]);
    }
  });

  test('an empty or missing pg_salt still breaks the reply', () => {
    expect(reasons('payment-response', { ...payment, pg_salt: '' })).toEqual(['/pg_salt minLength']);
    const { pg_salt: _, ...noSalt } = payment;
    expect(reasons('payment-response', noSalt)).toEqual([' required']);
  });

  test('undocumented fields may be nested XML: objects and repeated elements, at any depth', () => {
    const nested: PgMessage = {
      pg_card: { pg_brand: 'VI', pg_exp: '12/30' },
      pg_fee: ['10', '5'],
      pg_extra: { pg_items: { pg_item: [{ pg_name: 'a' }, { pg_name: 'b' }] } },
    };
    for (const name of REPLIES) expect(reasons(name, { ...sample(name), ...nested }), name).toEqual([]);
    // and inside a documented element with fields of its own (cardstorage/list's card)
    const card = { pg_card_token: 'tok', pg_status: 'approved', pg_card_hash: '5483-18XX-XXXX-0293' };
    expect(
      reasons('card-list-response', {
        pg_status: 'ok',
        card: { ...card, pg_bank: { pg_name: 'X' } },
        pg_salt: 's',
        pg_sig: '0123456789abcdef0123456789abcdef',
      }),
    ).toEqual([]);
  });

  test('documented fields keep their types and documented constraints', () => {
    expect(reasons('payment-response', { ...payment, pg_payment_id: { pg_id: '1' } })).toContain('/pg_payment_id type');
    expect(reasons('payment-response', { ...payment, pg_payment_id: ['1', '2'] })).toContain('/pg_payment_id type');
    expect(reasons('payment-response', { ...payment, pg_payment_id: '12a' })).toEqual(['/pg_payment_id pattern']);
    expect(reasons('payment-response', { ...payment, pg_status: 'done' })).toEqual(['/pg_status enum']);
  });
});
