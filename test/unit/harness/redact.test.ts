import { describe, expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { luhn, maskPan, redact, redactText, registerSecret } from '../../../src/harness/redact.ts';

describe('redaction', () => {
  test('a PAN is masked to first6/last4 in form, JSON, XML and free text', () => {
    const pan = '4716047261941981';
    const texts = [
      `pg_card_pan=${pan}&pg_amount=10`,
      `{"pan":"${pan}","amount":1}`,
      `<pg_card_pan>${pan}</pg_card_pan>`,
      `card ${pan} was used`,
      `card 4716 0472 6194 1981 was used`,
    ];
    for (const t of texts) {
      const r = redactText(t);
      expect(r, t).not.toContain(pan);
      expect(r).not.toContain('0472 6194');
      expect(r).toMatch(/471604\*+1981|471604\*{6}1981/);
    }
  });
  test('CVC and card data fields are removed by key, also in structured values', () => {
    const r = redact({
      pg_card_cvc: '123',
      cvc: '999',
      nested: { pg_card_pan: '4716047261941981', crd_cvc: 'ZmFrZQ==' },
      ok: 'x',
    });
    expect(JSON.stringify(r)).not.toMatch(/123|999|4716047261941981|ZmFrZQ==/);
    expect(r.ok).toBe('x');
    expect(redactText('pg_card_cvc=123&x=1')).toBe('pg_card_cvc=[removed]&x=1');
  });
  test('registered secrets are replaced wherever they appear, inside signature base strings too', () => {
    registerSecret('s3cr3t-value-xyz');
    expect(redactText('payment;500;KZT;s3cr3t-value-xyz')).toBe('payment;500;KZT;[secret]');
    expect(redactText('01234s3cr3t-value-xyz;')).toBe('01234[secret];');
  });
  test('numbers that are not Luhn-valid card numbers stay readable', () => {
    expect(redactText('pg_payment_id=1234567890123')).toBe('pg_payment_id=1234567890123');
  });
  prop.prop([fc.stringMatching(/^[0-9]{13,19}$/).filter(luhn)])(
    'no Luhn-valid 13–19 digit number survives in free text',
    (pan) => {
      expect(redactText(`x ${pan} y`)).not.toContain(pan);
      expect(maskPan(pan).slice(0, 6)).toBe(pan.slice(0, 6));
      expect(maskPan(pan).slice(-4)).toBe(pan.slice(-4));
    },
  );
});
