import { createHmac } from 'node:crypto';

/** An oracle independent of jose: sign exact header bytes (any layout) with node:crypto. */
export function hmacToken(
  headerText: string,
  body: Uint8Array | string,
  key: string,
  alg: 'HS256' | 'HS384' | 'HS512' = 'HS256',
): string {
  const h = Buffer.from(headerText, 'utf8').toString('base64url');
  const b = Buffer.from(body).toString('base64url');
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${h}..${createHmac(hash, key).update(`${h}.${b}`).digest('base64url')}`;
}

export const b64u = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');

export const G2G_HEADER = '{"uri":"/v5/g2g/create","auth_id":"123456","method":"POST","params":"","alg":"HS256"}';
export const EXPECT_CREATE = { uri: '/v5/g2g/create', method: 'POST', authId: '123456', algs: ['HS256'] as const };
