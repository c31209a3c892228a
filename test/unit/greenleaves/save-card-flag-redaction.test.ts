import { describe, expect, test } from 'vitest';
import { redactText } from '../../../src/harness/redact.ts';

// probe23 finding 5: the 0/1 flag pg_save_card showed as [removed] beside a masked card number in the
// evidence (a short value named with "card" was taken for a CVC or an expiry)
describe('a request dump beside a masked card number', () => {
  const dump = [
    'POST http://127.0.0.1:1/g2g/payment',
    '   pg_card_pan = 471604******1981',
    '   pg_card_cvc = 123',
    '   pg_card_month = 12',
    '   pg_save_card = 1',
    '   pg_user_id = user-1',
  ].join('\n');

  test('keeps the pg_save_card flag', () => {
    expect(redactText(dump)).toContain('pg_save_card = 1');
  });

  test('still removes the CVC and the month beside the card', () => {
    const out = redactText(dump);
    expect(out).toContain('pg_card_cvc = [removed]');
    expect(out).toContain('pg_card_month = [removed]');
  });
});
