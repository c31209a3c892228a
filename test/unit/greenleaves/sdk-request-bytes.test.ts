import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  descriptionPattern,
  requestSchemaBreaks,
  requestSignature,
  validDescriptions,
} from '../../../suites/greenleaves/sdk/support.ts';
import { buildXml, sign, toForm, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import type { Recorded } from '../../../src/harness/recorder.ts';

const SECRET = 's3cr3tKey';

/** A request as the recording gateway keeps it, from its body's bytes. */
const recorded = (body: Buffer, contentType: string, path = '/g2g/payment'): Recorded => ({
  at: 0,
  method: 'POST',
  path,
  headers: { 'content-type': contentType },
  body,
  text: body.toString('utf8'),
});

/** A text's bytes in `charset` as a Latin-1 string (one character a byte). */
const bytes = (s: string, charset: 'utf-8' | 'windows-1251'): string => {
  if (charset === 'utf-8') return Buffer.from(s, 'utf8').toString('latin1');
  const dec = new TextDecoder('windows-1251');
  const table = new Map(Array.from({ length: 128 }, (_, i) => [dec.decode(Uint8Array.of(0x80 + i)), 0x80 + i]));
  return [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : String.fromCharCode(table.get(c)!))).join('');
};
const pct = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const FIELDS: PgMessage = {
  pg_merchant_id: '123456',
  pg_order_id: 'A-1',
  pg_amount: '500',
  pg_description: 'Покупка в интернет магазине Site.kz',
  pg_salt: 'a1b2',
};

/** FIELDS with pg_description as Windows-1251 bytes, signed over the bytes sent (a PHP SDK's
 *  mb_convert_encoding before md5): each value a Latin-1 string of its bytes. */
function cp1251Signed(): PgMessage {
  const m: PgMessage = { ...FIELDS, pg_description: bytes(FIELDS.pg_description as string, 'windows-1251') };
  m.pg_sig = sign('payment', m, SECRET, { charset: 'latin1' });
  return m;
}

// a probe's PHP SDK (desc_cp1251): GL-SDK-01 (MUST) failed "pg_sig … does not verify", paycert having
// verified the form read as UTF-8 (each invalid byte U+FFFD); the seed's pg_sig is an MD5 over the bytes
describe('requestSignature verifies over the bytes the gateway received (GL-SDK-01)', () => {
  test('an urlencoded form with pg_description in Windows-1251, signed over those bytes', () => {
    const m = cp1251Signed();
    const body = toForm(m)
      .map(([k, v]) => `${pct(k)}=${pct(v)}`)
      .join('&');
    const r = recorded(Buffer.from(body, 'latin1'), 'application/x-www-form-urlencoded');
    expect(requestSignature(r, SECRET)).toEqual({ sig: m.pg_sig, verifies: true, script: 'payment' });
  });

  test('a multipart form with those bytes in its part', () => {
    const m = cp1251Signed();
    const parts = toForm(m).map(([k, v]) => `--b\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const r = recorded(Buffer.from(`${parts.join('')}--b--\r\n`, 'latin1'), 'multipart/form-data; boundary=b');
    expect(requestSignature(r, SECRET).verifies).toBe(true);
  });

  test('a GET query with those bytes', () => {
    const m = cp1251Signed();
    const query = toForm(m)
      .map(([k, v]) => `${pct(k)}=${pct(v)}`)
      .join('&');
    const r = { ...recorded(Buffer.alloc(0), ''), method: 'GET', path: `/g2g/payment?${query}` };
    expect(requestSignature(r, SECRET).verifies).toBe(true);
  });

  test('a pg_sig over other bytes than were sent does not verify (the text read as UTF-8 signed)', () => {
    const m = cp1251Signed();
    // signed over the U+FFFD text a UTF-8 decoder makes of the bytes, not over the bytes sent
    const decoded: PgMessage = {
      ...m,
      pg_description: Buffer.from(m.pg_description as string, 'latin1').toString('utf8'),
    };
    delete decoded.pg_sig;
    m.pg_sig = sign('payment', decoded, SECRET);
    const body = toForm(m)
      .map(([k, v]) => `${pct(k)}=${pct(v)}`)
      .join('&');
    const r = recorded(Buffer.from(body, 'latin1'), 'application/x-www-form-urlencoded');
    expect(requestSignature(r, SECRET).verifies).toBe(false);
  });

  test('UTF-8 forms, pg_xml and JSON bodies verify as before; a wrong pg_sig does not', () => {
    const sig = sign('payment', FIELDS, SECRET);
    const m = { ...FIELDS, pg_sig: sig };
    const form = recorded(Buffer.from(encodeForm(toForm(m))), 'application/x-www-form-urlencoded');
    expect(requestSignature(form, SECRET)).toEqual({ sig, verifies: true, script: 'payment' });
    const xml = recorded(
      Buffer.from(encodeForm([['pg_xml', buildXml(m, 'request')]])),
      'application/x-www-form-urlencoded',
    );
    expect(requestSignature(xml, SECRET).verifies).toBe(true);
    const json = recorded(Buffer.from(JSON.stringify(m)), 'application/json');
    expect(requestSignature(json, SECRET).verifies).toBe(true);
    const wrong = recorded(
      Buffer.from(encodeForm(toForm({ ...m, pg_amount: '5' }))),
      'application/x-www-form-urlencoded',
    );
    expect(requestSignature(wrong, SECRET).verifies).toBe(false);
  });
});

// a probe: the generator gave " " as a valid pg_description, a required field (digest §3.1), and an SDK
// refusing a blank description was warned on GL-SDK-16
test('the valid descriptions gl.sdk.requests gives are never blank, and within the schema pattern', () => {
  const pattern = descriptionPattern(60);
  fc.assert(
    fc.property(validDescriptions(60), (d) => d.trim() !== '' && pattern.test(d)),
    { numRuns: 3000, seed: 42 },
  );
});

// digest §2.1: "any party may add undocumented parameters; they take part in the signature"
test('a non-pg_ field of any name breaks no request schema (GL-SDK-03); an unknown pg_ field does', () => {
  const base = { ...FIELDS, pg_card_name: 'TEST TESTOV', pg_card_pan: '4716047261941981', pg_card_cvc: '123' };
  const card = { ...base, pg_card_month: '12', pg_card_year: '30', pg_sig: 'x' };
  expect(requestSchemaBreaks('/g2g/payment', { ...card, sdk_version: 'php-1.0' })).toBeUndefined();
  expect(requestSchemaBreaks('/g2g/payment', { ...card, 'sdk.version': 'php 1.0' })).toBeUndefined();
  expect(requestSchemaBreaks('/g2g/payment', { ...card, pg_sdk_version: '1.0' })).toMatch(/pg_sdk_version/);
});
