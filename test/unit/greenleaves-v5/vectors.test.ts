import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../../src/spec/paths.ts';
import { loadVectors, type Vector } from '../../../src/spec/load.ts';
import {
  decodeProtectedHeader,
  isDocumentedLayout,
  signDetached,
  signDetachedWith,
  verifyDetached,
  verifySignature,
  type G2gHeader,
} from '../../../src/protocols/greenleaves-v5/index.ts';
import { hmacToken } from './helpers.ts';

interface JwsInput {
  alg: 'HS256' | 'HS512';
  headerText: string;
  bodyText: string;
  bodyLength: number;
  bodyFile?: string;
  key: string;
}
interface JwsExpected {
  token: string;
  signature: string;
  printedToken?: string;
  printedTokenVerifies?: boolean;
  publishedSignaturePrefix?: string;
  publishedSignatureSuffix?: string;
}

const vectors = loadVectors('greenleaves-v5');
const jws = vectors.filter((v) => v.kind === 'jws-detached');
const io = (v: Vector) => ({ i: v.input as unknown as JwsInput, e: v.expected as unknown as JwsExpected });
const dir = join(FIXTURES, 'greenleaves-v5');

test('the four JWS vectors are present', () => {
  expect(jws.map((v) => v.id).sort()).toEqual([
    'v5-jws-card-api-hs512',
    'v5-jws-merchant-invoice-hs512',
    'v5-jws-seed-older-body',
    'v5-jws-seed-printed-body',
  ]);
});

describe.each(jws.map((v) => [v.id, v] as const))('%s', (_id, v) => {
  const { i, e } = io(v);

  test('body text has the recorded byte length and matches its file', () => {
    expect(Buffer.byteLength(i.bodyText, 'utf8')).toBe(i.bodyLength);
    if (i.bodyFile) expect(readFileSync(join(dir, i.bodyFile))).toEqual(Buffer.from(i.bodyText, 'utf8'));
  });

  test('jose signing over the exact header and body bytes gives the expected token', async () => {
    const header = JSON.parse(i.headerText) as Record<string, unknown> & { alg: string };
    expect(JSON.stringify(header)).toBe(i.headerText); // the header bytes survive the object round trip
    const token = await signDetachedWith(i.bodyText, header, i.key);
    expect(token).toBe(e.token);
    expect(token.split('..')[1]).toBe(e.signature);
    const d = decodeProtectedHeader(token);
    expect(d.ok && d.headerText).toBe(i.headerText);
  });

  test('the independent HMAC oracle agrees', () => {
    expect(hmacToken(i.headerText, i.bodyText, i.key, i.alg)).toBe(e.token);
  });

  test('the token verifies over the body bytes and not over the body re-serialised pretty', async () => {
    expect((await verifySignature(e.token, Buffer.from(i.bodyText, 'utf8'), i.key, [i.alg])).ok).toBe(true);
    const pretty = JSON.stringify(JSON.parse(i.bodyText), null, 2);
    const r = await verifySignature(e.token, pretty, i.key, [i.alg]);
    expect(r.ok ? 'ok' : r.code).toBe('bad-signature');
  });

  if (e.publishedSignaturePrefix !== undefined) {
    test('the computed signature matches the published fragments', () => {
      expect(e.signature.startsWith(e.publishedSignaturePrefix!)).toBe(true);
      expect(e.signature.endsWith(e.publishedSignatureSuffix!)).toBe(true);
    });
  }
});

describe('seed 000 erratum', () => {
  const printed = io(vectors.find((v) => v.id === 'v5-jws-seed-printed-body')!);
  const older = io(vectors.find((v) => v.id === 'v5-jws-seed-older-body')!);

  test('the vector is marked as an erratum', () => {
    expect(vectors.find((v) => v.id === 'v5-jws-seed-printed-body')!.erratum).toMatch(
      /82NnkgrNjfYu2UnAajnVsJUn2AgJWsqnmCK4x5A7zt0/,
    );
  });

  test('the printed token is the one seed 000 prints', () => {
    expect(printed.e.printedToken).toBe(
      'eyJ1cmkiOiIvdjUvZzJnL2NyZWF0ZSIsImF1dGhfaWQiOiIxMjM0NTYiLCJtZXRob2QiOiJQT1NUIiwicGFyYW1zIjoiIiwiYWxnIjoiSFMyNTYifQ..82NnkgrNjfYu2UnAajnVsJUn2AgJWsqnmCK4x5A7zt0',
    );
  });

  test('over the printed body: TwYEa…, and the printed token is refused (bad-signature)', async () => {
    const header: G2gHeader = JSON.parse(printed.i.headerText) as G2gHeader;
    const token = await signDetached(printed.i.bodyText, header, '123456');
    expect(token.split('..')[1]).toBe('TwYEa-vbIg98oD_3UMU0f1wCQLGCnv62EJHFQQXcCc4');
    expect(token).not.toBe(printed.e.printedToken);
    expect(printed.e.printedTokenVerifies).toBe(false);
    const r = await verifyDetached(printed.e.printedToken!, printed.i.bodyText, '123456', {
      uri: '/v5/g2g/create',
      method: 'POST',
      authId: '123456',
      algs: ['HS256'],
    });
    expect(r.ok ? 'ok' : r.code).toBe('bad-signature');
  });

  test('over the older body: exactly the printed token, and it verifies', async () => {
    const header: G2gHeader = JSON.parse(older.i.headerText) as G2gHeader;
    const token = await signDetached(older.i.bodyText, header, '123456');
    expect(token).toBe(printed.e.printedToken);
    const r = await verifyDetached(token, older.i.bodyText, '123456', {
      uri: '/v5/g2g/create',
      method: 'POST',
      authId: '123456',
      algs: ['HS256'],
    });
    expect(r.ok).toBe(true);
  });

  test('the seed header is in the documented layout', () => {
    expect(isDocumentedLayout(printed.i.headerText)).toBe(true);
  });

  test('the printed pretty body compacts to the vector body, and the printed token fails over the pretty bytes too', async () => {
    const pretty = readFileSync(join(dir, 'example-bodies/seed-create.printed.json'));
    expect(JSON.stringify(JSON.parse(pretty.toString('utf8')))).toBe(printed.i.bodyText);
    for (const token of [printed.e.printedToken!, printed.e.token]) {
      const r = await verifySignature(token, pretty, '123456', ['HS256']);
      expect(r.ok ? 'ok' : r.code).toBe('bad-signature');
    }
  });

  test('the two bodies differ only in the card data', () => {
    const a = JSON.parse(printed.i.bodyText) as { from: { card: Record<string, unknown> } };
    const b = JSON.parse(older.i.bodyText) as { from: { card: Record<string, unknown> } };
    expect(b.from.card).toEqual({ name: 'CARD HOLDER', pan: '1234567890123456', cvc: '012', year: 24, month: 1 });
    a.from.card = b.from.card;
    expect(JSON.stringify(a)).toBe(older.i.bodyText);
  });
});
