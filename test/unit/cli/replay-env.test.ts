// probe 22: the replay line printed for a failure carried neither HTTPS_PROXY nor NODE_EXTRA_CA_CERTS,
// so in a fresh shell it stopped with exit 3 (no route, an untrusted certificate). They lead the line
// as the shell's environment prefix where the target needs them; a proxy's login is never printed.
import { afterEach, expect, test } from 'vitest';
import { replayEnv } from '../../../src/cli/shown.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const k of [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'NO_PROXY',
    'no_proxy',
  ])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});
const clear = () => {
  for (const k of ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'NO_PROXY', 'no_proxy'])
    delete process.env[k];
};

test('an https target through a proxy, with a CA of its own: both lead the replay line', () => {
  clear();
  process.env.HTTPS_PROXY = 'http://10.0.0.7:3128';
  expect(replayEnv('https://pay-test.example/api', { NODE_EXTRA_CA_CERTS: '/work/certs/ca.pem' })).toBe(
    'NODE_EXTRA_CA_CERTS=/work/certs/ca.pem HTTPS_PROXY=http://10.0.0.7:3128/ ',
  );
});

test("a proxy's login is not printed: the line names the variable to set", () => {
  clear();
  process.env.HTTPS_PROXY = 'http://qa:Pr0xy-pass@10.0.0.7:3128';
  const line = replayEnv('https://pay-test.example/api', {});
  expect(line).toBe('HTTPS_PROXY="$HTTPS_PROXY" ');
  expect(line).not.toContain('Pr0xy-pass');
});

test('an http target, or a loopback one, needs neither', () => {
  clear();
  process.env.HTTPS_PROXY = 'http://10.0.0.7:3128';
  expect(replayEnv('http://127.0.0.1:8080', { NODE_EXTRA_CA_CERTS: '/work/certs/ca.pem' })).toBe('');
  expect(replayEnv('https://localhost:8443/api', {})).toBe('');
});

// probe 26 gateway-paced-real: a replay of a crd_* check from a fresh shell encrypted with paycert's own
// key and used paycert's cards: the settings that change what a check does lead the line too (paths, no secret)
test("the settings that change what a check does (the bank's key, the target's cards) lead the replay line", () => {
  clear();
  const line = replayEnv('http://127.0.0.1:8080', {
    PAYCERT_JYSAN_PUBLIC_KEY: '/work/tls/bank-pub.pem',
    PAYCERT_JYSAN_TEST_CARDS: '/work/tls/cards.json',
    PAYCERT_JYSAN_SHARED_SECRET: 'fixE-replay-secret-7731',
  });
  expect(line).toBe('PAYCERT_JYSAN_PUBLIC_KEY=/work/tls/bank-pub.pem PAYCERT_JYSAN_TEST_CARDS=/work/tls/cards.json ');
  expect(line).not.toContain('fixE-replay-secret-7731');
});
