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

  // A UUID whose groups are digits (an X-Request-Id) once came out as "471604******1981-…" in a
  // reason: its first three groups are 16 digits and passed Luhn.
  test('an all-digit UUID is not taken for a card number', () => {
    const id = '47160472-6194-1981-0000-000000000000';
    expect(redactText(`X-Request-Id ${id} was sent for two requests`)).toBe(
      `X-Request-Id ${id} was sent for two requests`,
    );
    expect(redactText(`{"id":"${id}"}`)).toBe(`{"id":"${id}"}`);
  });
  prop.prop([
    fc.oneof(
      fc.uuid(),
      fc.stringMatching(/^[0-9]{8}-[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{12}$/),
      fc.stringMatching(/^[0-9a-f]{32}$/),
      fc.stringMatching(/^[a-f]{1,8}[0-9]{13,19}[a-f]{0,4}$/),
      fc.stringMatching(/^[0-9]{13,19}[a-f]{1,8}$/),
      fc.stringMatching(/^[0-9]{20,40}$/),
    ),
    fc.constantFrom('X-Request-Id %s.', '"id":"%s"', '<id>%s</id>', 'id=%s&x=1', 'id=%22%s%22', '(%s)'),
  ])(
    'a token whose digits are part of a longer hex or letter/digit run (a UUID, a digest, digits glued to letters) is left as it is',
    (tok, form) => {
      const text = form.replace('%s', tok);
      expect(redactText(text)).toBe(text);
    },
  );
  const PAN = fc.stringMatching(/^[0-9]{13,19}$/).filter(luhn);
  const grouped = (pan: string, sep: string): string => pan.match(/.{1,4}/g)!.join(sep);
  prop.prop([
    PAN,
    fc.constantFrom(
      (p: string) => `card ${p} was used`,
      (p: string) => `card ${grouped(p, ' ')} was used`,
      (p: string) => `card ${grouped(p, '-')} was used`,
      (p: string) => `card ${p} 12/30`,
      (p: string) => `card ${grouped(p, ' ')} 12 30`,
      (p: string) => `exp 12 ${p}`,
      (p: string) => `v=${p}-12`,
      (p: string) => `ref-${p}`,
      (p: string) => `ORDER-${p}-A`,
      (p: string) => `id=ab12-${grouped(p, '-')}`,
      (p: string) => `{"number":"${p}","n":${p}}`,
      (p: string) => `<number>${grouped(p, ' ')}</number>`,
      (p: string) => `number=${p}&x=1`,
      (p: string) => `number=${grouped(p, '+')}&x=1`,
      (p: string) => `number=${grouped(p, '%20')}&x=1`,
      (p: string) => `data=${encodeURIComponent(JSON.stringify({ card: p }))}`,
      (p: string) => `data=${encodeURIComponent(JSON.stringify({ card: grouped(p, ' ') }))}`,
      (p: string) => `q=${encodeURIComponent(`<number>${p}</number>`)}`,
    ),
  ])(
    'a card number is masked in every form a target may echo it (spaced, dashed, URL-encoded, beside other numbers)',
    (pan, form) => {
      const r = redactText(form(pan));
      expect(r.replace(/%20|[ +-]/g, '')).not.toContain(pan);
      // masked first6/last4 (with a neighbouring number when the two together pass Luhn too)
      expect(r).toMatch(/[0-9]{6}\*+[0-9]{4}/);
    },
  );
});
