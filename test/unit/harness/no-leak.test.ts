import { expect, test } from 'vitest';
import { judgeLeak, leakIn } from '../../../suites/no-leak.ts';

const secret = 's3cr3tKey';

test('the secret is found as it is, in the encodings the redactor knows, and in another case', () => {
  for (const [text, how] of [
    ['debug: base=payment_page;1;s3cr3tKey', 'as it is'],
    [`key ${Buffer.from(secret).toString('base64')}`, 'Base64-encoded'],
    [`key ${Buffer.from(secret).toString('hex')}`, 'hex-encoded'],
    ['KEY S3CR3TKEY', 'in another case'],
  ] as const)
    expect(leakIn({ text, secret }), text).toEqual({ secret: how });
  expect(leakIn({ text: 'nothing here', secret })).toEqual({});
});

test('the right signature is found where the request carried another; hex in any case, base64url exactly', () => {
  const hex = 'ab'.repeat(16);
  expect(
    leakIn({ text: `expected: ${hex.toUpperCase()}`, secret, sent: '0'.repeat(32), expected: () => [hex] }),
  ).toEqual({
    signature: true,
  });
  // the request carried it (in any case): an echo, no leak
  expect(leakIn({ text: `got ${hex}`, secret, sent: hex.toUpperCase(), expected: () => [hex] })).toEqual({});
  const b64u = 'Ab-_'.repeat(11).slice(0, 43);
  expect(leakIn({ text: b64u.toLowerCase(), secret, sent: 'x', expected: () => [b64u] })).toEqual({});
  expect(leakIn({ text: `sig ${b64u}`, secret, sent: 'x', expected: () => [b64u] })).toEqual({ signature: true });
});

test('a reply showing nothing passes only where the gateway is known to hold the secret', () => {
  const seen: string[] = [];
  const t = {
    expect: (rule: string, ok: boolean) => (seen.push(`${rule} ${ok ? 'passed' : 'failed'}`), ok),
    cannotJudge: (rule: string) => void seen.push(`${rule} not judged`),
  };
  const names = { secret: 'secret_key', signature: 'pg_sig' };
  judgeLeak(t, 'R', names, 'a', { text: 'nothing', secret });
  judgeLeak(t, 'R', names, 'b', { text: 'nothing', secret }, 'no correctly signed request was taken');
  // a reply showing the secret fails whatever is known: the gateway holds it
  judgeLeak(t, 'R', names, 'c', { text: `key=${secret}`, secret }, 'no correctly signed request was taken');
  expect(seen).toEqual(['R passed', 'R not judged', 'R failed']);
});
