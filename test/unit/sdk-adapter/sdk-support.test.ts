import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { Recorded } from '../../../src/harness/recorder.ts';
import {
  cardInAnswer,
  cardOf,
  secretIn,
  secretInAnswer,
  sentForm,
  verifiedAsGenuine,
} from '../../../suites/sdk-support.ts';
import { credentials, secretValues } from '../../../src/spec/credentials.ts';
import { foldsCase, redactText, secretForms } from '../../../src/harness/redact.ts';
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

describe('secretIn (V5-SDK-06, GL-SDK and JY-SDK secret rules)', () => {
  const secret = secretValues().find((s) => s.length >= 8)!;
  const withHeaders = (headers: Record<string, string>) => ({
    ...recordedAt('{}', 'application/json', '/v5/g2g/create'),
    headers: { 'content-type': 'application/json', ...headers },
  });
  test('a secret in Basic auth (HTTP::Tiny sends one for a URL with user:pass@) is found, Base64 or not', () => {
    const basic = Buffer.from(`123456:${secret}`).toString('base64');
    expect(secretIn(withHeaders({ authorization: `Basic ${basic}` }))).toBe('header authorization, Base64-encoded');
    expect(secretIn(withHeaders({ 'x-token': Buffer.from(secret).toString('base64url') }))).toBe(
      'header x-token, Base64-encoded',
    );
    expect(secretIn(withHeaders({ 'x-secret': secret }))).toBe('header x-secret');
  });
  test('headers without the secret, UUIDs and Base64 of other text among them, are clean', () => {
    const r = withHeaders({
      'x-request-id': '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      authorization: `Basic ${Buffer.from('123456:another-password').toString('base64')}`,
    });
    expect(secretIn(r)).toBeUndefined();
  });
  test('a secret configured after an earlier search is found in each of its forms (the forms are kept per value)', () => {
    const name = 'PAYCERT_GREENLEAVES_V5_SECRET_KEY';
    const before = process.env[name];
    const r = (path: string, body = '{}', headers: Record<string, string> = {}) => ({
      ...recordedAt(body, 'application/json', path),
      headers: { 'content-type': 'application/json', ...headers },
    });
    try {
      expect(secretIn(r('/v5/g2g/create'))).toBeUndefined();
      for (const s of ['fresh secret/é', 'another+one=2']) {
        process.env[name] = s;
        expect(secretIn(r(`/v5/g2g/create?k=${encodeURIComponent(s)}`))).toBe('the URL, URL-encoded');
        expect(secretIn(r('/v5/g2g/create', `{"k":"${s}"}`))).toBe('the body');
        expect(secretIn(r('/v5/g2g/create', '{}', { 'x-k': Buffer.from(`id:${s}`).toString('base64') }))).toBe(
          'header x-k, Base64-encoded',
        );
      }
    } finally {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  });
});

describe('secretIn decodes each header once per request', () => {
  /** the straightforward search: every header's Base64 tokens decoded again for each secret */
  function straightforward(r: Recorded): string | undefined {
    const tokens = (v: string) =>
      (v.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []).map((t) =>
        Buffer.from(t.replace(/=+$/, ''), /[-_]/.test(t) ? 'base64url' : 'base64').toString('latin1'),
      );
    for (const s of secretValues()) {
      if (s.length < 4) continue;
      const find = (text: string) => {
        const hit = secretForms(s).find(([v], i) => (i === 0 || v.length >= 6) && text.includes(v));
        if (hit) return hit[1] === 'as it is' ? '' : `, ${hit[1]}`;
        return foldsCase(s) && text.toLowerCase().includes(s.toLowerCase()) ? ', in another case' : undefined;
      };
      let how = find(r.path);
      if (how !== undefined) return `the URL${how}`;
      for (const [k, v] of Object.entries(r.headers)) {
        if ((how = find(v)) !== undefined) return `header ${k}${how}`;
        if (tokens(v).some((d) => d.includes(Buffer.from(s, 'utf8').toString('latin1'))))
          return `header ${k}, Base64-encoded`;
      }
      if ((how = find(r.text)) !== undefined) return `the body${how}`;
    }
    return undefined;
  }
  test('property: it finds what the straightforward search finds, where it finds it', () => {
    const secrets = secretValues();
    // a value: noise, or a secret as is, URL-encoded, or in Base64 / base64url (alone or user:secret)
    const part = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc
        .constantFrom(...secrets)
        .chain((s) =>
          fc.constantFrom(
            s,
            encodeURIComponent(s),
            Buffer.from(s).toString('base64'),
            Buffer.from(`123456:${s}`).toString('base64'),
            Buffer.from(s).toString('base64url'),
            Buffer.from(s).toString('hex'),
            s.toUpperCase(),
          ),
        ),
    );
    const value = fc.array(part, { maxLength: 3 }).map((a) => a.join(' '));
    fc.assert(
      fc.property(
        value,
        fc.dictionary(fc.constantFrom('authorization', 'x-token', 'x-request-id', 'cookie'), value, { maxKeys: 3 }),
        value,
        (path, headers, body) => {
          const r = { ...recordedAt(body, 'text/plain', `/p?${path}`), headers };
          expect(secretIn(r)).toBe(straightforward(r));
        },
      ),
      { numRuns: 500 },
    );
  });
});

// A probe's Ruby g2g SDK sent its key hex-encoded in X-Debug-Key: the report showed `[secret]` (the
// redactor knows that form) while GL-SDK-09 passed. secretIn looks for the forms the redactor redacts.
describe('secretIn finds the secret in every form the redactor redacts', () => {
  const secret = credentials('greenleaves').secretKey;
  const bytes = Buffer.from(secret, 'utf8');
  const forms: Array<[string, string]> = [
    ['as it is', secret],
    ['in capitals', secret.toUpperCase()],
    ['in lower case', secret.toLowerCase()],
    ['Base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['hex', bytes.toString('hex')],
    ['hex in capitals', bytes.toString('hex').toUpperCase()],
  ];
  const at = (where: 'header' | 'body' | 'url', v: string) =>
    where === 'header'
      ? {
          ...recordedAt('pg_amount=500', 'application/x-www-form-urlencoded', '/g2g/payment'),
          headers: { 'x-debug-key': v },
        }
      : where === 'body'
        ? recordedAt(`pg_amount=500&debug=${v}`, 'application/x-www-form-urlencoded', '/g2g/payment')
        : recordedAt('pg_amount=500', 'application/x-www-form-urlencoded', `/g2g/payment?k=${v}`);
  test.each(forms)('%s: found in a header, the body and the URL, and redacted', (_how, v) => {
    expect(redactText(`x ${v} x`)).toContain('[secret]');
    expect(secretIn(at('header', v))).toMatch(/^header x-debug-key/);
    expect(secretIn(at('body', v))).toMatch(/^the body/);
    expect(secretIn(at('url', v))).toMatch(/^the URL/);
  });
  test('hex is named as such', () => {
    expect(secretIn(at('header', bytes.toString('hex')))).toBe('header x-debug-key, hex-encoded');
  });
  test('URL-encoded (a secret with characters a form escapes): found in a header, the body and the URL', () => {
    const name = 'PAYCERT_GREENLEAVES_SECRET_KEY';
    const before = process.env[name];
    try {
      process.env[name] = 'fresh+secret/é Key';
      const v = encodeURIComponent(process.env[name]);
      expect(secretIn(at('header', v))).toBe('header x-debug-key, URL-encoded');
      expect(secretIn(at('body', v))).toBe('the body, URL-encoded');
      expect(secretIn(at('url', v))).toBe('the URL, URL-encoded');
    } finally {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  });
  test('a request without any form of it is clean', () => {
    expect(secretIn(at('header', 'c2VjcmV0'))).toBeUndefined();
    expect(secretIn(at('body', Buffer.from('another key').toString('hex')))).toBeUndefined();
  });
});

// A probe's Python v5 SDK put its key into the error messages it raised to its caller ("… already exists. (auth
// 289092 key SECRET)"): the report showed "[secret]", and no rule judged it (V5-SDK-06 and its twins judge what
// the SDK sends). secretInAnswer names where an adapter's answer shows the secret, in the forms secretIn finds.
describe('secretInAnswer (GL-SDK, V5-SDK and JY-SDK: nothing the SDK reports to its caller shows the secret)', () => {
  const secret = credentials('greenleaves').secretKey;
  const bytes = Buffer.from(secret, 'utf8');
  const refused = (message: string) => ({
    id: 1,
    ok: false as const,
    error: { kind: 'rejected' as const, code: '3003', message },
  });
  test.each([
    ['as it is', secret, 'error.message'],
    ['Base64', bytes.toString('base64'), 'error.message, Base64-encoded'],
    ['hex', bytes.toString('hex'), 'error.message, hex-encoded'],
    ['reversed', [...secret].reverse().join(''), 'error.message, reversed'],
    ['inside a Basic token', Buffer.from(`289092:${secret}`).toString('base64'), 'error.message, Base64-encoded'],
  ])('an error message with the secret %s names error.message', (_how, v, where) => {
    expect(secretInAnswer(refused(`Order already exists. (auth 289092 key ${v})`))).toBe(where);
  });
  test("an output's text names its path; the code and any other member of an error are read too", () => {
    const out = { id: 2, ok: true as const, output: { fields: { pg_status: 'ok', pg_description: `k=${secret}` } } };
    expect(secretInAnswer(out)).toBe('output.fields.pg_description');
    expect(secretInAnswer({ id: 3, ok: false, error: { kind: 'transport', code: secret } })).toBe('error.code');
    const extra = { id: 4, ok: false, error: { kind: 'signature', message: 'bad', debug: { key: secret } } };
    expect(secretInAnswer(extra as never)).toBe('error.debug.key');
  });
  test('the members of an output another rule judges (the Jysan payment form) are left out; its others and its errors are not', () => {
    const form = {
      id: 5,
      ok: true as const,
      output: { action: 'x', method: 'POST', fields: { SHARED_SECRET: secret } },
    };
    const judgedElsewhere = ['action', 'method', 'fields'];
    expect(secretInAnswer(form, { judgedElsewhere })).toBeUndefined();
    expect(secretInAnswer(refused(secret), { judgedElsewhere })).toBe('error.message');
    // a member beside the form (a debugging note) is what the SDK reports to its caller (probe 21)
    const noted = { ...form, output: { ...form.output, fields: {}, note: `signed with ${secret}` } };
    expect(secretInAnswer(noted, { judgedElsewhere })).toBe('output.note');
  });
  test('answers without any form of it are clean', () => {
    expect(secretInAnswer(refused('Order already exists. (auth 289092)'))).toBeUndefined();
    const reply = { id: 6, ok: true as const, output: { fields: { pg_sig: 'c2VjcmV0', pg_salt: 'a1b2c3d4e5' } } };
    expect(secretInAnswer(reply)).toBeUndefined();
  });
});

describe('cardOf and cardInAnswer (GL-SDK-27: nothing the SDK reports to its caller shows the card it was given)', () => {
  const input = { fields: { pg_order_id: '1', pg_card_pan: '4405645000006150', pg_card_cvc: '653', pg_amount: '500' } };
  const card = cardOf(input)!;
  const error = (message: string) => ({ id: 1, ok: false as const, error: { kind: 'rejected' as const, message } });
  test("the card is read from the input's members named so; an input without a full number has none", () => {
    expect(card).toEqual({ pan: '4405645000006150', cvc: '653' });
    expect(cardOf({ fields: { pg_card_pan: '4405 6450 0000 6150' } })).toEqual({ pan: '4405645000006150' });
    expect(cardOf({ fields: { pg_card_pan: '5483-18XX-XXXX-0293', pg_card_cvc: '653' } })).toBeUndefined();
    expect(cardOf({ pg_payment_id: '4405645000006150' })).toBeUndefined();
  });
  test('the number in full, as it is or grouped, is found where it shows', () => {
    expect(cardInAnswer(error('declined: card 4405645000006150'), card)).toBe('error.message: the card number in full');
    expect(cardInAnswer(error('card 4405 6450 0000 6150 declined'), card)).toMatch(/in full/);
    expect(cardInAnswer(error('card 4405-6450-0000-6150 declined'), card)).toMatch(/in full/);
    const ok = { id: 1, ok: true as const, output: { fields: { pg_card: '4405645000006150' } } };
    expect(cardInAnswer(ok, card)).toBe('output.fields.pg_card: the card number in full');
  });
  test('the CVC named as one, or as a member of its name', () => {
    expect(cardInAnswer(error('declined (cvc: 653)'), card)).toBe('error.message: the CVC');
    expect(cardInAnswer(error('bad CVV2=653'), card)).toMatch(/the CVC/);
    const ok = { id: 1, ok: true as const, output: { fields: { pg_card_cvc: '653' } } };
    expect(cardInAnswer(ok, card)).toBe('output.fields.pg_card_cvc: the CVC');
  });
  test('a masked card, the number inside a longer one, and the CVC digits unnamed show nothing', () => {
    expect(cardInAnswer(error('declined: card 4405-64XX-XXXX-6150'), card)).toBeUndefined();
    expect(cardInAnswer(error('ref 944056450000061501'), card)).toBeUndefined();
    expect(cardInAnswer(error('pg_error_code 653: declined'), card)).toBeUndefined();
  });
});
