// probe 25: a v5 gateway behind a path prefix that binds the JWS uri to the full path called
// (/sandbox/api/v5/g2g/read) refused every request paycert signed for the API path (1004), and
// V5-JWS-01/02/04 failed. Seed 000 allows both readings: the pre-flight finds the one the gateway takes.
import { expect, test } from 'vitest';
import { secretPreflight, signedUriPreflight } from '../../../src/cli/preflight.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { decodeProtectedHeader } from '../../../src/protocols/greenleaves-v5/index.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import type { Send } from '../../../src/sdk/transport.ts';

const subjectAt = (baseUrl: string) =>
  ({ kind: 'gateway', target: 'real', baseUrl, profile: 'greenleaves-v5', limits: {} }) as Subject;

/** A gateway taking the uris `takes`: a read of an unknown order is "not found" (3001) under one of them,
 *  a scope mismatch (401, 1004) under any other. */
const gateway =
  (takes: string[], seen: string[] = [], refusal: Record<string, unknown> = {}): Send =>
  async (req) => {
    const token = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'x-jws-signature')![1];
    const d = decodeProtectedHeader(token);
    const uri = d.ok ? String(d.header.uri) : '';
    seen.push(uri);
    const [status, error] = takes.includes(uri)
      ? [404, { code: 3001, name: 'not-found' }]
      : [401, { code: 1004, name: 'signature-scope-mismatch', ...refusal }];
    const body = Buffer.from(JSON.stringify({ error }));
    return { status, headers: { 'content-type': 'application/json' }, body, text: body.toString() };
  };

test('the API path is tried first and kept when it is taken', async () => {
  const s = subjectAt('https://gw.test/sandbox/api');
  const seen: string[] = [];
  await signedUriPreflight(s, gateway(['/v5/g2g/read'], seen), {});
  expect(seen).toEqual(['/v5/g2g/read']);
  expect(s.jwsUri?.prefix).toBe('');
  expect(s.jwsUri?.why).toMatch(/the API path \(\/v5\/g2g\/read/);
});

test('the full path is signed when the API path is refused as a scope mismatch and the full path is not', async () => {
  const s = subjectAt('https://gw.test/sandbox/api/');
  const seen: string[] = [];
  await signedUriPreflight(s, gateway(['/sandbox/api/v5/g2g/read'], seen), {});
  expect(seen).toEqual(['/v5/g2g/read', '/sandbox/api/v5/g2g/read']);
  expect(s.jwsUri).toEqual({ prefix: '/sandbox/api', why: expect.stringMatching(/full path called/) });
});

test('neither taken: the API path is signed, and the reason names both uris and the prefix', async () => {
  const s = subjectAt('https://gw.test/sandbox/api');
  await signedUriPreflight(s, gateway([]), {});
  expect(s.jwsUri?.prefix).toBe('');
  expect(s.jwsUri?.why).toMatch(/took neither reading.*\/v5\/g2g\/read.*\/sandbox\/api\/v5\/g2g\/read/);
});

test('no path prefix: nothing to choose, nothing sent', async () => {
  const s = subjectAt('https://gw.test');
  const seen: string[] = [];
  await signedUriPreflight(s, gateway([], seen), {});
  expect(seen).toEqual([]);
  expect(s.jwsUri).toBeUndefined();
});

test('PAYCERT_GREENLEAVES_V5_JWS_URI forces a reading without a request', async () => {
  const s = subjectAt('https://gw.test/sandbox/api');
  const seen: string[] = [];
  await signedUriPreflight(s, gateway([], seen), { PAYCERT_GREENLEAVES_V5_JWS_URI: 'full-path' });
  expect(seen).toEqual([]);
  expect(s.jwsUri?.prefix).toBe('/sandbox/api');
  await expect(signedUriPreflight(s, gateway([]), { PAYCERT_GREENLEAVES_V5_JWS_URI: 'prefixed' })).rejects.toThrow(
    /want api-path or full-path/,
  );
});

// reviewer (high, cost): the secret's probe judges the uri pre-flight's read instead of sending it again
test.each([
  ['the API path taken', ['/v5/g2g/read'], 1, ''],
  ['the full path taken', ['/sandbox/api/v5/g2g/read'], 2, '/sandbox/api'],
  ['neither taken', [], 2, ''],
])('the secret pre-flight behind a prefix, %s: each read sent once', async (_, takes, count, prefix) => {
  const s = subjectAt('https://gw.test/sandbox/api');
  const seen: string[] = [];
  await expect(secretPreflight(s, gateway(takes, seen))).resolves.toBeUndefined();
  expect(seen).toHaveLength(count);
  expect(new Set(seen).size).toBe(count);
  expect(s.jwsUri?.prefix).toBe(prefix);
});

test('no prefix: the secret probe sends its one read', async () => {
  const s = subjectAt('https://gw.test');
  const seen: string[] = [];
  await secretPreflight(s, gateway(['/v5/g2g/read'], seen));
  expect(seen).toEqual(['/v5/g2g/read']);
});

// reviewer (high): the gateway's error code and name went into target.jwsUri as they were
test('a scope refusal naming the secret and a 32-hex signature: neither reaches the reason', async () => {
  const hex = 'abcdef0123456789abcdef0123456789';
  const secret = credentials('greenleaves-v5').secretKey;
  const s = subjectAt('https://gw.test/sandbox/api');
  await signedUriPreflight(s, gateway([], [], { name: `signature-scope-mismatch expected ${hex} key ${secret}` }), {});
  expect(s.jwsUri?.why).toMatch(/took neither reading/);
  expect(s.jwsUri?.why.toLowerCase()).not.toContain(hex);
  expect(s.jwsUri?.why).not.toContain(secret);
});

// reviewer (low): a 5xx or an edge's page says nothing of the uri the gateway takes
const failing =
  (bad: (uri: string) => boolean, seen: string[] = []): Send =>
  async (req) => {
    const token = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'x-jws-signature')![1];
    const d = decodeProtectedHeader(token);
    const uri = d.ok ? String(d.header.uri) : '';
    seen.push(uri);
    if (bad(uri)) {
      const text =
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>';
      return { status: 502, headers: { 'content-type': 'text/html' }, body: Buffer.from(text), text };
    }
    const body = Buffer.from(JSON.stringify({ error: { code: 1004, name: 'signature-scope-mismatch' } }));
    return { status: 401, headers: { 'content-type': 'application/json' }, body, text: body.toString() };
  };

test('the API path read answered by an edge: no reason, the API path signed', async () => {
  const s = subjectAt('https://gw.test/sandbox/api');
  const seen: string[] = [];
  const settled = await signedUriPreflight(
    s,
    failing(() => true, seen),
    {},
  );
  expect(seen).toEqual(['/v5/g2g/read']);
  expect(s.jwsUri).toBeUndefined();
  expect(settled?.prefix).toBe('');
});

test('the full path read answered by an edge: the full path is not chosen, and no "not refused" claimed', async () => {
  const s = subjectAt('https://gw.test/sandbox/api');
  await signedUriPreflight(
    s,
    failing((u) => u.startsWith('/sandbox/')),
    {},
  );
  expect(s.jwsUri?.prefix).toBe('');
  expect(s.jwsUri?.why).toMatch(/no reply of the API's \(HTTP 502/);
  expect(s.jwsUri?.why).not.toMatch(/was not \(|not refused/);
});
