import { describe, expect, test } from 'vitest';
import {
  g2gHeader,
  parseAnswer,
  signCallback,
  signDetached,
  verifyCallback,
} from '../../../src/protocols/greenleaves-v5/index.ts';

const URL_ = 'http://127.0.0.1:8080/shop/v5/result?x=1';
const body = Buffer.from('{"id":"p1","order_id":"o1","status":"cleared","amount":500.5,"currency":"KZT"}');

describe('v5 callback signature (INFERRED: V5-CB-02)', () => {
  test('signed for the URL path (query left out) verifies at that path, with that auth_id and key', async () => {
    const token = await signCallback(body, URL_, '123456', 'k');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({
      uri: '/shop/v5/result',
      auth_id: '123456',
      method: 'POST',
      params: '',
      alg: 'HS256',
    });
    expect((await verifyCallback(token, body, '/shop/v5/result', '123456', 'k')).ok).toBe(true);
  });

  test.each([
    ['another path', '/shop/v5/check', '123456', 'k', body, 'uri-mismatch'],
    ['another auth_id', '/shop/v5/result', '654321', 'k', body, 'auth-id-mismatch'],
    ['another key', '/shop/v5/result', '123456', 'k2', body, 'bad-signature'],
    ['another body', '/shop/v5/result', '123456', 'k', Buffer.from(`${body.toString()} `), 'bad-signature'],
  ])('refused with %s', async (_what, path, authId, key, b, code) => {
    const token = await signCallback(body, URL_, '123456', 'k');
    const v = await verifyCallback(token, b, path, authId, key);
    expect(v.ok ? 'ok' : v.code).toBe(code);
  });

  test("a request's signature (/v5/g2g/create) and a missing one are refused", async () => {
    const request = await signDetached(body, g2gHeader('/v5/g2g/create', '123456'), 'k');
    expect((await verifyCallback(request, body, '/shop/v5/result', '123456', 'k')).ok).toBe(false);
    expect((await verifyCallback(undefined, body, '/shop/v5/result', '123456', 'k')).ok).toBe(false);
    expect((await verifyCallback('', body, '/shop/v5/result', '123456', 'k')).ok).toBe(false);
  });
});

describe('v5 callback answer', () => {
  test.each([
    ['{"status":"ok","description":"d"}', { status: 'ok', description: 'd' }],
    ['{\n  "status": "rejected",\n  "shop_ref": 1\n}', { status: 'rejected' }],
    ['{"status":"error","description":5}', { status: 'error' }],
    ['{"status":"OK"}', undefined],
    ['OK', undefined],
    ['["ok"]', undefined],
    ['null', undefined],
  ])('%s', (text, want) => {
    expect(parseAnswer(text)).toEqual(want);
  });
});
