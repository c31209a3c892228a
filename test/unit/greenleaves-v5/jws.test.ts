import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import {
  decodeProtectedHeader,
  g2gHeader,
  isDocumentedLayout,
  serialiseHeader,
  signDetached,
  signDetachedWith,
  verifyDetached,
  verifySignature,
  type G2gHeader,
  type JwsErrorCode,
  type VerifyResult,
} from '../../../src/protocols/greenleaves-v5/index.ts';
import { b64u, EXPECT_CREATE, G2G_HEADER, hmacToken } from './helpers.ts';

const KEY = '123456';
const HEADER = g2gHeader('/v5/g2g/create', '123456');
const codeOf = (r: VerifyResult<unknown>): 'ok' | JwsErrorCode => (r.ok ? 'ok' : r.code);

/** JSON objects whose compact serialisation we sign. */
const jsonObject = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
  minKeys: 1,
  maxKeys: 6,
});

describe('signDetached', () => {
  test('serialises the header in the documented order whatever the object order', async () => {
    const shuffled = {
      alg: 'HS256',
      params: '',
      method: 'POST',
      auth_id: '123456',
      uri: '/v5/g2g/create',
    } as G2gHeader;
    const token = await signDetached('{}', shuffled, KEY);
    const d = decodeProtectedHeader(token);
    expect(d.ok && d.headerText).toBe(G2G_HEADER);
    expect(serialiseHeader(shuffled)).toBe(G2G_HEADER);
  });

  test('produces the detached form h..s', async () => {
    expect(await signDetached('{}', HEADER, KEY)).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]{43}$/);
  });

  test('refuses to sign with a non-HMAC alg', async () => {
    await expect(signDetachedWith('{}', { alg: 'none' }, KEY)).rejects.toThrow(/not an HMAC/);
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 200 })])(
    'a body as a string and as its UTF-8 bytes sign identically',
    async (s) => {
      const a = await signDetached(s, HEADER, KEY);
      expect(await signDetached(Buffer.from(s, 'utf8'), HEADER, KEY)).toBe(a);
      expect(await signDetached(new TextEncoder().encode(s), HEADER, KEY)).toBe(a);
      expect(a).toBe(hmacToken(G2G_HEADER, s, KEY));
    },
  );

  test('bytes that are not UTF-8 sign as bytes: decoding them first would change the signature', async () => {
    const raw = Uint8Array.from([0x7b, 0x7d, 0xff]);
    const token = await signDetached(raw, HEADER, KEY);
    expect(token).toBe(hmacToken(G2G_HEADER, raw, KEY));
    expect(await signDetached(Buffer.from(raw).toString('utf8'), HEADER, KEY)).not.toBe(token);
    expect(codeOf(await verifyDetached(token, raw, KEY, EXPECT_CREATE))).toBe('ok');
  });

  test.prop([fc.uint8Array({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 20 })])(
    'any bytes sign as the oracle does and verify',
    async (body, key) => {
      const token = await signDetached(body, HEADER, key);
      expect(token).toBe(hmacToken(G2G_HEADER, body, key));
      expect(codeOf(await verifyDetached(token, body, key, EXPECT_CREATE))).toBe('ok');
    },
  );
});

describe('verifyDetached: tampering (properties)', () => {
  test.prop([fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 })])(
    'any single-byte change of the body breaks verification',
    async (body, at, delta) => {
      const token = await signDetached(body, HEADER, KEY);
      const changed = Uint8Array.from(body);
      const i = at % body.length;
      changed[i] = (changed[i]! + delta) % 256;
      expect(codeOf(await verifyDetached(token, changed, KEY, EXPECT_CREATE))).toBe('bad-signature');
    },
  );

  test.prop([fc.uint8Array({ maxLength: 100 }), fc.nat(), fc.integer({ min: 1, max: 255 })])(
    'a body with a byte added or removed breaks verification',
    async (body, at, byte) => {
      const token = await signDetached(body, HEADER, KEY);
      const i = at % (body.length + 1);
      const longer = Uint8Array.from([...body.slice(0, i), byte, ...body.slice(i)]);
      expect(codeOf(await verifyDetached(token, longer, KEY, EXPECT_CREATE))).toBe('bad-signature');
      if (body.length > 0) {
        const j = at % body.length;
        const shorter = Uint8Array.from([...body.slice(0, j), ...body.slice(j + 1)]);
        expect(codeOf(await verifyDetached(token, shorter, KEY, EXPECT_CREATE))).toBe('bad-signature');
      }
    },
  );

  test.prop([fc.nat(), fc.integer({ min: 1, max: 255 })])(
    'any single-byte change of the protected header breaks verification',
    async (at, delta) => {
      const body = '{"order_id":"o-1"}';
      const token = await signDetached(body, HEADER, KEY);
      const bytes = Buffer.from(G2G_HEADER, 'utf8');
      const i = at % bytes.length;
      bytes[i] = (bytes[i]! + delta) % 256;
      const forged = `${b64u(bytes)}..${token.split('..')[1]}`;
      expect(codeOf(await verifyDetached(forged, body, KEY, EXPECT_CREATE))).not.toBe('ok');
    },
  );

  test.prop([fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ')])(
    'any single-character change of the token breaks verification',
    async (at, ch) => {
      const body = '{"order_id":"o-1"}';
      const token = await signDetached(body, HEADER, KEY);
      const i = at % token.length;
      fc.pre(token[i] !== ch);
      const forged = token.slice(0, i) + ch + token.slice(i + 1);
      expect(codeOf(await verifyDetached(forged, body, KEY, EXPECT_CREATE))).not.toBe('ok');
    },
  );

  test.prop([jsonObject, fc.integer({ min: 1, max: 4 })])(
    'spacing is part of the signed bytes: a re-indented body is refused',
    async (obj, indent) => {
      const compact = JSON.stringify(obj);
      const spaced = JSON.stringify(obj, null, indent);
      fc.pre(spaced !== compact);
      const token = await signDetached(compact, HEADER, KEY);
      expect(codeOf(await verifyDetached(token, compact, KEY, EXPECT_CREATE))).toBe('ok');
      expect(codeOf(await verifyDetached(token, spaced, KEY, EXPECT_CREATE))).toBe('bad-signature');
    },
  );

  test.prop([jsonObject])(
    'key order is part of the signed bytes: the same object with reversed keys is refused',
    async (obj) => {
      const compact = JSON.stringify(obj);
      const reversed = JSON.stringify(Object.fromEntries(Object.entries(obj).reverse()));
      fc.pre(reversed !== compact);
      const token = await signDetached(compact, HEADER, KEY);
      expect(codeOf(await verifyDetached(token, reversed, KEY, EXPECT_CREATE))).toBe('bad-signature');
    },
  );

  test.prop([fc.integer({ min: 1, max: 4 }), fc.boolean()])(
    'header layout is part of the signed bytes: a re-serialised header is refused',
    async (indent, reorder) => {
      const body = '{"id":"x"}';
      const token = await signDetached(body, HEADER, KEY);
      const h = JSON.parse(G2G_HEADER) as Record<string, unknown>;
      const text = reorder
        ? JSON.stringify(Object.fromEntries(Object.entries(h).reverse()))
        : JSON.stringify(h, null, indent);
      const forged = `${b64u(text)}..${token.split('..')[1]}`;
      expect(codeOf(await verifyDetached(forged, body, KEY, EXPECT_CREATE))).toBe('bad-signature');
    },
  );

  test('a header in another layout, signed over those bytes, verifies (the gateway verifies what it receives) but is not the documented layout', async () => {
    const text = '{"alg":"HS256", "params":"", "method":"POST", "auth_id":"123456", "uri":"/v5/g2g/create"}';
    const token = hmacToken(text, '{}', KEY);
    expect(codeOf(await verifyDetached(token, '{}', KEY, EXPECT_CREATE))).toBe('ok');
    expect(isDocumentedLayout(text)).toBe(false);
    expect(isDocumentedLayout(G2G_HEADER)).toBe(true);
  });
});

describe('verifyDetached: refusals with their codes', () => {
  const body = '{"order_id":"o-1"}';
  const noneHeader = '{"uri":"/v5/g2g/create","auth_id":"123456","method":"POST","params":"","alg":"none"}';

  test('alg none, with an empty or a real signature, is alg-none', async () => {
    const sig = (await signDetached(body, HEADER, KEY)).split('..')[1];
    for (const token of [`${b64u(noneHeader)}..`, `${b64u(noneHeader)}..${sig}`, `${b64u('{"alg":"NONE"}')}..`]) {
      expect(codeOf(await verifyDetached(token, body, KEY, EXPECT_CREATE))).toBe('alg-none');
    }
  });

  test('a correct HS512 token is alg-not-allowed when only HS256 is allowed, and ok when HS512 is', async () => {
    const token = await signDetached(body, { ...HEADER, alg: 'HS512' }, KEY);
    expect(codeOf(await verifyDetached(token, body, KEY, EXPECT_CREATE))).toBe('alg-not-allowed');
    expect(codeOf(await verifyDetached(token, body, KEY, { ...EXPECT_CREATE, algs: ['HS512'] }))).toBe('ok');
  });

  test('RS256 and unknown algs are alg-not-allowed', async () => {
    for (const alg of ['RS256', 'HS257', 'hs256']) {
      const text = JSON.stringify({ ...HEADER, alg });
      expect(codeOf(await verifyDetached(hmacToken(text, body, KEY), body, KEY, EXPECT_CREATE)), alg).toBe(
        'alg-not-allowed',
      );
    }
  });

  test('a token for another uri, method or auth_id is refused with the binding code', async () => {
    const read = await signDetached(body, g2gHeader('/v5/g2g/read', '123456'), KEY);
    expect(codeOf(await verifyDetached(read, body, KEY, EXPECT_CREATE))).toBe('uri-mismatch');
    const get = await signDetached(body, g2gHeader('/v5/g2g/create', '123456', 'HS256', 'GET'), KEY);
    expect(codeOf(await verifyDetached(get, body, KEY, EXPECT_CREATE))).toBe('method-mismatch');
    const other = await signDetached(body, g2gHeader('/v5/g2g/create', '654321'), KEY);
    expect(codeOf(await verifyDetached(other, body, KEY, EXPECT_CREATE))).toBe('auth-id-mismatch');
    expect(codeOf(await verifyDetached(other, body, KEY, { ...EXPECT_CREATE, authId: undefined }))).toBe('ok');
  });

  test('binding is checked only after the signature: a forged token for another uri is bad-signature', async () => {
    const read = await signDetached(body, g2gHeader('/v5/g2g/read', '123456'), 'other-key');
    expect(codeOf(await verifyDetached(read, body, KEY, EXPECT_CREATE))).toBe('bad-signature');
  });

  test('a secret lookup by auth_id: unknown auth_id, and a token naming another merchant signed with this key', async () => {
    const secrets: Record<string, string> = { '123456': KEY, '777': 'key-777' };
    const lookup = (h: Record<string, unknown>) => secrets[String(h.auth_id)];
    const expect2 = { uri: '/v5/g2g/create', method: 'POST', algs: ['HS256'] as const };
    expect(codeOf(await verifyDetached(await signDetached(body, HEADER, KEY), body, lookup, expect2))).toBe('ok');
    expect(
      codeOf(
        await verifyDetached(await signDetached(body, g2gHeader('/v5/g2g/create', '999'), KEY), body, lookup, expect2),
      ),
    ).toBe('unknown-auth-id');
    expect(
      codeOf(
        await verifyDetached(await signDetached(body, g2gHeader('/v5/g2g/create', '777'), KEY), body, lookup, expect2),
      ),
    ).toBe('bad-signature');
  });

  test('params must equal the expected reserved value when asked', async () => {
    const text = JSON.stringify({ ...HEADER, params: 'a=1' });
    const token = hmacToken(text, body, KEY);
    expect(codeOf(await verifyDetached(token, body, KEY, EXPECT_CREATE))).toBe('ok');
    expect(codeOf(await verifyDetached(token, body, KEY, { ...EXPECT_CREATE, params: '' }))).toBe('params-mismatch');
  });

  test('a non-detached token (payload attached) is not-detached, even when the payload is the body', async () => {
    const [h, s] = (await signDetached(body, HEADER, KEY)).split('..');
    expect(codeOf(await verifyDetached(`${h}.${b64u(body)}.${s}`, body, KEY, EXPECT_CREATE))).toBe('not-detached');
  });

  test.each([
    ['empty', ''],
    ['two segments', 'abc.def'],
    ['four segments', 'a..b.c'],
    ['empty header', '..abc'],
    ['padding', `${b64u(G2G_HEADER)}=..abc`],
    ['standard base64 characters', `${Buffer.from(G2G_HEADER).toString('base64')}..abc`],
    ['header not JSON', `${b64u('uri=/v5')}..abc`],
    ['header a JSON array', `${b64u('["alg","HS256"]')}..abc`],
    ['header not UTF-8', `${b64u(Buffer.from([0x7b, 0xff, 0x7d]))}..abc`],
    ['header with a BOM', `${b64u('\uFEFF' + G2G_HEADER)}..abc`],
    ['whitespace around', ` ${b64u(G2G_HEADER)}..abc`],
  ])('malformed: %s', async (_name, token) => {
    expect(codeOf(await verifyDetached(token, body, KEY, EXPECT_CREATE))).toBe('malformed');
  });

  test('a non-canonical signature encoding is malformed, not accepted', async () => {
    const token = await signDetached(body, HEADER, KEY);
    const sig = token.split('..')[1]!;
    // 43 chars carry 258 bits for 256: flipping the spare low bits of the last char decodes to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    const twin = alphabet[last ^ 1]!;
    const forged = `${token.split('..')[0]}..${sig.slice(0, -1)}${twin}`;
    expect(Buffer.from(forged.split('..')[1]!, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(codeOf(await verifyDetached(forged, body, KEY, EXPECT_CREATE))).toBe('malformed');
  });

  test('missing or non-string header fields are malformed', async () => {
    for (const h of [
      { uri: '/v5/g2g/create', auth_id: '123456', method: 'POST', alg: 'HS256' },
      { ...HEADER, auth_id: 123456 },
    ]) {
      const token = hmacToken(JSON.stringify(h), body, KEY);
      expect(codeOf(await verifyDetached(token, body, KEY, EXPECT_CREATE))).toBe('malformed');
    }
  });

  test('crit and b64 header parameters are malformed (this is not RFC 7797)', async () => {
    const text = JSON.stringify({ ...HEADER, b64: false, crit: ['b64'] });
    expect(codeOf(await verifyDetached(hmacToken(text, body, KEY), body, KEY, EXPECT_CREATE))).toBe('malformed');
  });

  test('a wrong key is bad-signature', async () => {
    expect(codeOf(await verifyDetached(await signDetached(body, HEADER, 'k1'), body, 'k2', EXPECT_CREATE))).toBe(
      'bad-signature',
    );
  });

  test('verifySignature works for another header shape (invoice: path, merchant_id)', async () => {
    const token = await signDetachedWith(
      body,
      { path: '/v5/merchant/invoice/init', merchant_id: 1, method: 'POST', params: '', alg: 'HS512' },
      'k',
    );
    expect(codeOf(await verifySignature(token, body, 'k', ['HS512']))).toBe('ok');
    expect(codeOf(await verifyDetached(token, body, 'k', { ...EXPECT_CREATE, algs: ['HS512'] }))).toBe('malformed');
  });
});
