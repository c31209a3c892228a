import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import {
  header,
  isUuid,
  isUuidV7,
  mediaType,
  operationFor,
  requestHeaders,
  signedRequest,
  uuidv7,
  uuidv7Monotonic,
  uuidV7Time,
  V5_ACTIONS,
  V5_PATHS,
  verifyDetached,
  hasAtMostTwoDecimals,
  isValidAmount,
} from '../../../src/protocols/greenleaves-v5/index.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid v7', () => {
  test('a fresh id is a lowercase v7 UUID carrying the current time', () => {
    const before = Date.now();
    const id = uuidv7();
    expect(id).toMatch(V7);
    expect(isUuidV7(id) && isUuid(id)).toBe(true);
    expect(uuidV7Time(id)).toBeGreaterThanOrEqual(before);
    expect(uuidV7Time(id)).toBeLessThanOrEqual(Date.now());
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.uint8Array({ minLength: 16, maxLength: 16 })])(
    'version and variant bits are set whatever the random bytes, and the timestamp round-trips',
    (ms, rnd) => {
      const id = uuidv7(ms, (b) => (b.set(rnd), b));
      expect(id).toMatch(V7);
      expect(uuidV7Time(id)).toBe(ms);
    },
  );

  test('known answer: all-zero and all-one random bytes', () => {
    expect(uuidv7(0x017f22e279b0, (b) => b.fill(0))).toBe('017f22e2-79b0-7000-8000-000000000000');
    expect(uuidv7(0x017f22e279b0, (b) => b.fill(0xff))).toBe('017f22e2-79b0-7fff-bfff-ffffffffffff');
  });

  test('out-of-range timestamps are refused', () => {
    expect(() => uuidv7(-1)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48)).toThrow(RangeError);
    expect(() => uuidv7(1.5)).toThrow(RangeError);
  });

  const increasing = (ids: string[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]!);

  test.prop([fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 2, maxLength: 500 })])(
    'the monotonic generator strictly increases under a stalled or stepping-back clock',
    (steps) => {
      let t = 1_700_000_000_000;
      let k = 0;
      const next = uuidv7Monotonic(() => (t += steps[k++]!));
      const ids = steps.map(() => next());
      expect(increasing(ids)).toBe(true);
      for (const id of ids) expect(id).toMatch(V7);
    },
  );

  test('the monotonic generator survives counter overflow within one millisecond', () => {
    const next = uuidv7Monotonic(() => 1_700_000_000_000);
    const ids = Array.from({ length: 10_000 }, () => next());
    expect(increasing(ids)).toBe(true);
    expect(uuidV7Time(ids.at(-1)!)).toBeGreaterThan(1_700_000_000_000);
  });

  test.each([
    '',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    '01978c2f-79bc-72de-c000-000000000000',
    '01978c2f79bc72de8000000000000000',
  ])('isUuid refuses %j', (s) => expect(isUuid(s)).toBe(false));

  test('isUuid accepts v4 and uppercase; isUuidV7 only lowercase v7', () => {
    expect(isUuid('8F14E45F-CEEA-467A-9575-8A1A4F5C1A2B')).toBe(true);
    expect(isUuidV7('8f14e45f-ceea-467a-9575-8a1a4f5c1a2b')).toBe(false);
    expect(isUuidV7('01978c2f-79bc-72de-8000-000000000000')).toBe(true);
  });
});

describe('request headers', () => {
  test('all seed headers, in order, with a fresh v7 request id', () => {
    const h = requestHeaders({ action: 'gateway.payment.status', signature: 'h..s', acceptLanguage: 'ru' });
    expect(Object.keys(h)).toEqual([
      'Content-Type',
      'Accept',
      'X-Action',
      'X-Request-Id',
      'Accept-Language',
      'X-JWS-Signature',
    ]);
    expect(h['Content-Type']).toBe('application/json');
    expect(h['Accept']).toBe('application/json');
    expect(h['X-Request-Id']).toMatch(V7);
    expect(h['X-JWS-Signature']).toBe('h..s');
  });

  test('a given request id is kept and Accept-Language is omitted unless given', () => {
    const h = requestHeaders({ action: 'a', signature: 's', requestId: 'id-1' });
    expect(h['X-Request-Id']).toBe('id-1');
    expect('Accept-Language' in h).toBe(false);
  });

  test('mediaType and header lookup', () => {
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBeUndefined();
    expect(header({ 'x-request-id': 'a' }, 'X-Request-Id')).toBe('a');
    expect(header({ Accept: ['a', 'b'] }, 'accept')).toBe('a, b');
  });
});

describe('endpoints and actions', () => {
  test('published names are the ones the public docs show', () => {
    expect(V5_ACTIONS.status).toMatchObject({
      action: 'gateway.payment.status',
      path: '/v5/g2g/read',
      published: true,
    });
    expect(V5_ACTIONS.reverse).toMatchObject({
      action: 'gateway.payment.reverse',
      path: '/v5/g2g/edit',
      published: true,
    });
    expect(
      Object.values(V5_ACTIONS)
        .filter((a) => !a.published)
        .map((a) => a.action)
        .sort(),
    ).toEqual(['gateway.payment.clearing', 'gateway.payment.create', 'gateway.payment.refund']);
  });

  test('operationFor needs the action on its own URL', () => {
    expect(operationFor(V5_PATHS.read, 'gateway.payment.status')).toBe('status');
    expect(operationFor(V5_PATHS.create, 'gateway.payment.status')).toBeUndefined();
    expect(operationFor(V5_PATHS.edit, 'gateway.payment.refund')).toBe('refund');
    expect(operationFor(V5_PATHS.edit, 'gateway.payment.delete')).toBeUndefined();
  });

  test('signedRequest signs the exact body bytes for the operation URL', async () => {
    const body = '{"id":"01978c2f-79bc-72de-8000-000000000000"}';
    const r = await signedRequest({
      operation: 'status',
      body,
      authId: '42',
      secret: 's3cret',
      requestId: '01978c2f-79bc-72de-8000-000000000001',
    });
    expect(r.path).toBe('/v5/g2g/read');
    expect(Buffer.from(r.body).toString('utf8')).toBe(body);
    expect(r.headers['X-Action']).toBe('gateway.payment.status');
    expect(r.headers['X-Request-Id']).toBe('01978c2f-79bc-72de-8000-000000000001');
    const v = await verifyDetached(r.headers['X-JWS-Signature']!, r.body, 's3cret', {
      uri: r.path,
      method: 'POST',
      authId: '42',
      algs: ['HS256'],
    });
    expect(v.ok).toBe(true);
  });
});

describe('amount', () => {
  test.prop([fc.integer({ min: 1, max: 9_999_999_999 })])('every cents/100 value has at most 2 decimals', (cents) => {
    expect(hasAtMostTwoDecimals(cents / 100)).toBe(true);
    expect(isValidAmount(cents / 100)).toBe(true);
  });

  test.each([0.001, 1.005, 0.1 + 0.2, 1e-7, Number.NaN, Infinity])(
    '%s has more than 2 decimals or is not finite',
    (n) => {
      expect(hasAtMostTwoDecimals(n)).toBe(false);
    },
  );

  test.each([0, -1, '1.00', null])('%j is not a valid amount', (n) => {
    expect(isValidAmount(n)).toBe(false);
  });
});
