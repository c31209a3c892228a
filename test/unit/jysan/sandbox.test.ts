import { afterAll, beforeAll, expect, test } from 'vitest';
import { route, startJysanSandbox } from '../../../src/sandbox/jysan/app.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { encryptCard, sign } from '../../../src/protocols/jysan/index.ts';

test('route: one URL, told apart by the fields present', () => {
  expect(route({ ORDER: '1', MERCHANT: 'M', GETSTATUS: '1' })).toBe('status');
  expect(route({ ORDER: '1', MERCHANT: 'M', REV_DESC: 'x' })).toBe('cancel');
  expect(route({ MERCHANT: 'M', TERMINAL: 'T', DATE_TO: 'x' })).toBe('list');
  expect(route({ ORDER: '1', MERCHANT: 'M', AMOUNT: '1' })).toBe('confirm');
  // a payment missing one of its own required fields stays a payment (and gets code 24)
  for (const gone of ['TERMINAL', 'CURRENCY', 'DESC']) {
    const f: Record<string, string> = {
      ORDER: '1',
      AMOUNT: '1',
      CURRENCY: 'KZT',
      MERCHANT: 'M',
      TERMINAL: 'T',
      DESC: 'd',
    };
    delete f[gone];
    expect(route(f), gone).toBe('payment');
  }
});

const S = '01234567890123456789012';
let h1024: SandboxHandle;
let h2048: SandboxHandle;
beforeAll(async () => {
  h1024 = await startJysanSandbox();
  h2048 = await startJysanSandbox({ keyBits: 2048 });
});
afterAll(async () => {
  await h1024.close();
  await h2048.close();
});

async function payWithKey(
  h: SandboxHandle,
  order: string,
): Promise<{ status: number; text: string; location?: string }> {
  const pem = await (await fetch(`${h.url}/ecom/public-key.pem`)).text();
  const f: Record<string, string> = {
    ORDER: order,
    AMOUNT: '10',
    CURRENCY: 'KZT',
    MERCHANT: 'TEST_ECOM',
    TERMINAL: 'WEB10004',
    DESC: 'key size',
  };
  const body = new URLSearchParams({
    ...f,
    crd_pan: encryptCard('4400430000000015', pem),
    crd_exp: encryptCard('12/30', pem),
    crd_cvc: encryptCard('123', pem),
    P_SIGN: sign('payment', f, S),
  });
  const r = await fetch(`${h.url}/ecom/api`, { method: 'POST', body, redirect: 'manual' });
  return { status: r.status, text: await r.text(), location: r.headers.get('location') ?? undefined };
}

test('the public key is served and also shown by the control API', async () => {
  const pem = await (await fetch(`${h1024.url}/ecom/public-key.pem`)).text();
  expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  const view = (await (await fetch(`${h1024.controlUrl}/public-key`)).json()) as { pem: string; bits: number };
  expect(view).toMatchObject({ pem, bits: 1024 });
});

test('1024-bit key (default): crd_* of 172 characters are paid at once', async () => {
  const r = await payWithKey(h1024, '1000000001');
  expect(r.status).toBe(200);
  expect(r.text).toMatch(/id="result" data-res-code="0"/);
});

test('2048-bit key (the bank test key size): crd_* of 344 characters are let through, beyond C(250)', async () => {
  const view = (await (await fetch(`${h2048.controlUrl}/public-key`)).json()) as { bits: number };
  expect(view.bits).toBe(2048);
  const r = await payWithKey(h2048, '1000000002');
  expect(r.text).toMatch(/id="result" data-res-code="0"/);
});

async function post(
  url: string,
  form: Record<string, string>,
): Promise<{ status: number; text: string; location?: string }> {
  const r = await fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
  return { status: r.status, text: await r.text(), location: r.headers.get('location') ?? undefined };
}

const field = (html: string, name: string): string =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

test('3-D Secure host-to-host: the JSON challenge, the ACS to MERCH_3D_TERM_URL, the second step pays once', async () => {
  const pem = await (await fetch(`${h1024.url}/ecom/public-key.pem`)).text();
  const f: Record<string, string> = {
    ORDER: '7700000001',
    AMOUNT: '10',
    CURRENCY: 'KZT',
    MERCHANT: 'TEST_ECOM',
    TERMINAL: 'WEB10004',
    DESC: '3ds',
    BACKREF: 'https://shop.example/r?redirect=true',
  };
  const first = await post(`${h1024.url}/ecom/api`, {
    ...f,
    crd_pan: encryptCard('4400430000000064', pem),
    crd_exp: encryptCard('12/30', pem),
    crd_cvc: encryptCard('123', pem),
    MERCH_3D_TERM_URL: 'https://shop.example/3ds',
    P_SIGN: sign('payment', f, S),
  });
  const ch = JSON.parse(first.text) as Record<string, string>;
  expect(ch.type).toBe('cardauth2');
  expect(JSON.parse(Buffer.from(ch.request!, 'base64url').toString()).messageType).toBe('CReq');
  // an unknown session and a cres the ACS never issued are refused
  expect((await post(ch.termUrl!, { cres: 'x', threeDSSessionData: 'nope' })).text).toContain('data-code="99"');
  expect((await post(ch.termUrl!, { cres: 'x', threeDSSessionData: ch.md! })).text).toContain('data-code="28"');
  const form = await post(ch.postUrl!, { creq: ch.request!, threeDSSessionData: ch.md! });
  expect(form.text).toContain('name="password"');
  const back = await post(`${ch.postUrl}/confirm`, {
    creq: ch.request!,
    threeDSSessionData: ch.md!,
    password: '111111',
  });
  expect(back.text).toContain('action="https://shop.example/3ds"');
  const cres = field(back.text, 'cres');
  const done = await post(ch.termUrl!, { cres, threeDSSessionData: ch.md! });
  expect(done.status).toBe(302);
  expect(new URL(done.location!).searchParams.get('res_code')).toBe('0');
  expect((await post(ch.termUrl!, { cres, threeDSSessionData: ch.md! })).text).toContain('data-code="99"');
});
