import { describe, expect, test } from 'vitest';
import { sentForm, verifiedAsGenuine } from '../../../suites/sdk-support.ts';
import { recorded as recordedAt } from '../recorded-request.ts';

describe('verifiedAsGenuine (jy.sdk.backref, JY-SDK-04)', () => {
  test('an ok answer is genuine only when it says verified: true', () => {
    expect(verifiedAsGenuine({ id: 1, ok: true, output: { verified: true, order: '1', paid: true } })).toBe(true);
    // the documented output of backref.verify carries the verdict: verified false refuses the redirect
    expect(verifiedAsGenuine({ id: 1, ok: true, output: { verified: false, order: '1', paid: false } })).toBe(false);
    expect(verifiedAsGenuine({ id: 1, ok: true, output: {} })).toBe(false);
  });
  test('an error refuses the redirect', () => {
    expect(verifiedAsGenuine({ id: 1, ok: false, error: { kind: 'signature', message: 'bad sign' } })).toBe(false);
  });
});

describe('sentForm (jy.sdk.status-cancel, JY-SDK-03)', () => {
  const recorded = (text: string, contentType: string, path = '/ecom/api') => recordedAt(text, contentType, path);
  test('a multipart/form-data request is read field by field, as the gateway reads it', () => {
    const b = 'XyZ';
    const text = `--${b}\r\nContent-Disposition: form-data; name="ORDER"\r\n\r\n123456\r\n--${b}\r\nContent-Disposition: form-data; name="P_SIGN"\r\n\r\nabc\r\n--${b}--\r\n`;
    expect(sentForm(recorded(text, `multipart/form-data; boundary=${b}`))).toEqual({ ORDER: '123456', P_SIGN: 'abc' });
  });
  test('an urlencoded body and the query are read; the first occurrence of a name wins', () => {
    const f = sentForm(recorded('ORDER=2&P_SIGN=x%20y', 'application/x-www-form-urlencoded', '/ecom/api?ORDER=1'));
    expect({ ...f }).toEqual({ ORDER: '1', P_SIGN: 'x y' });
  });
});
