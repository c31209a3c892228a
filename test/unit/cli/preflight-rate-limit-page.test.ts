// Probe 26 (gateway-paced-real, finding 2): a rate limiter answering HTTP 200 with its own "Slow down"
// page is named at start-up as a wall is, with what to do about it (pace paycert slower).
import { afterEach, expect, test, vi } from 'vitest';
import { secretPreflight } from '../../../src/cli/preflight.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import type { Send } from '../../../src/sdk/transport.ts';

afterEach(() => vi.restoreAllMocks());

test('a Jysan gateway whose rate limiter answers 200 with its page: the start-up warning names a rate limit page', async () => {
  const page =
    '<html><body><h1>Slow down</h1><p>Too many requests from your address. Try again later.</p></body></html>\n';
  const send: Send = async () => ({
    status: 200,
    headers: { 'content-type': 'text/html' },
    body: Buffer.from(page),
    text: page,
  });
  const said: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((s: string) => void said.push(String(s)));
  vi.spyOn(console, 'warn').mockImplementation((s: string) => void said.push(String(s)));
  const s = { kind: 'gateway', target: 'real', baseUrl: 'https://jysan-limited.test', profile: 'jysan' } as Subject;
  await secretPreflight(s, send);
  expect(said.join('\n')).toMatch(
    /paycert: warning: https:\/\/jysan-limited\.test answers with a rate limiter's page "Slow down", not the API: such replies are not judged \(a rate limit page: pace paycert slower/,
  );
});
