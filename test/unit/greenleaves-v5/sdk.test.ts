import { describe, expect, test } from 'vitest';
import { GreenleavesV5Client, bodyBytes } from '../../../src/sdk/greenleaves-v5.ts';
import type { Request, Response } from '../../../src/sdk/transport.ts';
import {
  decodeProtectedHeader,
  isDocumentedLayout,
  signDetached,
  signDetachedRaw,
  g2gHeader,
  verifyDetached,
} from '../../../src/protocols/greenleaves-v5/index.ts';
import { G2G_HEADER, EXPECT_CREATE, hmacToken } from './helpers.ts';

const reply = (status: number, body: string, headers: Record<string, string> = {}): Response => ({
  status,
  headers,
  body: Buffer.from(body),
  text: body,
});

describe('signDetachedRaw', () => {
  test('equals signDetached for the documented header, and the node:crypto oracle for any header bytes', async () => {
    expect(signDetachedRaw(G2G_HEADER, '{"a":1}', 'k')).toBe(
      await signDetached('{"a":1}', g2gHeader('/v5/g2g/create', '123456'), 'k'),
    );
    const spaced = G2G_HEADER.replace(/,/g, ', ');
    expect(signDetachedRaw(spaced, '{}', 'k', 'HS512')).toBe(hmacToken(spaced, '{}', 'k', 'HS512'));
    const v = await verifyDetached(signDetachedRaw(spaced, '{}', 'k'), '{}', 'k', EXPECT_CREATE);
    expect(v.ok).toBe(true);
  });
});

describe('GreenleavesV5Client', () => {
  test('sends the exact bytes it signed, with the seed headers, and parses the reply', async () => {
    const sent: Request[] = [];
    const c = new GreenleavesV5Client(
      async (r) => {
        sent.push(r);
        return reply(200, '{"id":"x","status":"cleared"}', {
          'x-request-id': r.headers!['X-Request-Id']!,
          'x-datetime': 'now',
          'x-request-status': 'success',
        });
      },
      'http://gw/',
      '123456',
      'k',
    );
    const body = '{ "b": 1,\n "a": "Ж" }';
    const r = await c.call('create', body);
    const req = sent[0]!;
    expect(req.url).toBe('http://gw/v5/g2g/create');
    expect(Buffer.from(req.body as Uint8Array).toString('utf8')).toBe(body);
    expect(req.headers).toMatchObject({
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-Action': 'gateway.payment.create',
    });
    const token = req.headers!['X-JWS-Signature']!;
    const d = decodeProtectedHeader(token);
    expect(d.ok && isDocumentedLayout(d.headerText)).toBe(true);
    expect((await verifyDetached(token, bodyBytes(body), 'k', EXPECT_CREATE)).ok).toBe(true);
    expect(r.payment?.status).toBe('cleared');
    expect(r.requestId).toBe(req.headers!['X-Request-Id']);
    expect(r.requestStatus).toBe('success');
  });

  test('an object body is compact JSON; an error reply is parsed as error, not payment', async () => {
    let got: Uint8Array | undefined;
    const c = new GreenleavesV5Client(
      async (r) => {
        got = r.body as Uint8Array;
        return reply(401, '{"error":{"code":1001,"name":"invalid-signature","message":{"en":"e","ru":"р"}}}');
      },
      'http://gw',
      '1',
      'k',
    );
    const r = await c.call('status', { order_id: 'a/b' });
    expect(Buffer.from(got!).toString()).toBe('{"order_id":"a/b"}');
    expect(r.error?.code).toBe(1001);
    expect(r.payment).toBeUndefined();
  });

  test('headers can be replaced or removed after signing', async () => {
    const c = new GreenleavesV5Client(async () => reply(200, '{}'), 'http://gw', '1', 'k');
    const s = await c.request('create', '{}', { headers: { 'content-type': 'text/plain', Accept: undefined } });
    expect(s.headers['content-type']).toBe('text/plain');
    expect(
      Object.keys(s.headers)
        .map((k) => k.toLowerCase())
        .filter((k) => k === 'accept' || k === 'content-type'),
    ).toEqual(['content-type']);
  });
});
