import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startGreenleavesSandbox } from '../../../src/sandbox/greenleaves/app.ts';
import { serve } from '../../../src/reference/server.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import {
  buildXml as glBuildXml,
  parseXml,
  salt,
  sign,
  toForm,
  verify,
  type PgMessage,
} from '../../../src/protocols/greenleaves/index.ts';
import { buildXml as jyBuildXml, parseXml as jyParseXml } from '../../../src/protocols/jysan/xml.ts';
import { credentials } from '../../../src/spec/credentials.ts';

// characters XML 1.0 forbids outright (no escape can carry them)
const ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NASTY = 'a\u0001b\u0008c\u000Bd\u001Fe\uFFFEf\uD800g';

let gw: SandboxHandle;
beforeAll(async () => {
  gw = await startGreenleavesSandbox();
});
afterAll(() => gw.close());

const { merchantId, secretKey } = credentials('greenleaves');

async function status(extra: PgMessage = {}): Promise<string> {
  const m: PgMessage = { pg_merchant_id: merchantId, pg_order_id: 'no-such-order', ...extra, pg_salt: salt() };
  m.pg_sig = sign('status_v2', m, secretKey);
  const res = await fetch(`${gw.url}/g2g/status_v2`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: encodeForm(toForm(m)),
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe('control API inputs', () => {
  test('advanceMs that is not a finite, non-negative, bounded number is refused with 400, and the sandbox keeps working', async () => {
    const before = parseXml(await status()).message;
    for (const body of [
      '{"advanceMs":1e308}',
      '{"advanceMs":1e20}',
      '{"advanceMs":-1}',
      '{"advanceMs":"5"}',
      '{"advanceMs":null}',
      '{}',
      'nope',
    ]) {
      const res = await fetch(`${gw.controlUrl}/clock`, { method: 'POST', body });
      expect(res.status, body).toBe(400);
    }
    const clock = (await (await fetch(`${gw.controlUrl}/clock`)).json()) as { now: number };
    expect(Number.isFinite(new Date(clock.now).getTime())).toBe(true);
    const ok = await fetch(`${gw.controlUrl}/clock`, { method: 'POST', body: '{"advanceMs":60000}' });
    expect(ok.status).toBe(200);
    const after = parseXml(await status()).message;
    expect(after.pg_error_code).toBe(before.pg_error_code);
  });
});

describe('XML replies stay well-formed whatever the request echoes', () => {
  test('a field name with control characters: the reply has none, parses, and its signature still verifies', async () => {
    const text = await status({ [`bad${NASTY.replace('\uD800', '')}name`]: 'v' }); // a lone surrogate cannot be URL-encoded
    expect(text).not.toMatch(ILLEGAL);
    const m = parseXml(text).message;
    expect(String(m.pg_error_description)).toContain('bad');
    expect(verify('status_v2', m, secretKey, m.pg_sig as string)).toBe(true);
  });

  test('both XML builders replace forbidden characters in text and refuse element names XML cannot hold', () => {
    const gl = glBuildXml({ pg_status: 'error', pg_error_description: NASTY });
    const jy = jyBuildXml({ result: { code: '1', description: NASTY } });
    for (const x of [gl, jy]) expect(x).not.toMatch(ILLEGAL);
    expect(String(parseXml(gl).message.pg_error_description)).toMatch(/^a\uFFFDb/);
    expect(jyParseXml(jy)).toBeTruthy();
    for (const name of ['a\u0001', 'a b', '1x', 'x<y']) {
      expect(() => glBuildXml({ [name]: 'v' }), name).toThrow();
      expect(() => jyBuildXml({ result: { [name]: 'v' } }), name).toThrow();
    }
  });
});

describe('500 replies', () => {
  test('carry no internal message or file path; the details go to stderr', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const s = await serve(() => {
      throw new Error('ENOENT: no such file /srv/paycert/secret-store.json');
    });
    try {
      const res = await fetch(`${s.url}/x`);
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(body).not.toMatch(/ENOENT|\/srv\/|secret-store/);
      expect(err.mock.calls.flat().map(String).join(' ')).toContain('secret-store.json');
    } finally {
      await s.close();
      err.mockRestore();
    }
  });
});
