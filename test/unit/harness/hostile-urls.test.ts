// A URL a check takes from a hostile or broken reply (pg_redirect_url, a form's action) may be
// absent, no text, or no URL: the request ends inconclusive with the reason, paced or not, and the
// evidence of the check stays readable (no internal error of paycert).
import { expect, test } from 'vitest';
import { HttpClient } from '../../../src/harness/http.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';

test.each([
  [undefined, 0],
  [null, 0],
  [{ v: 'x' }, 0],
  [['http://127.0.0.1:9/'], 0],
  ['http://[::1', 0],
  ['http://[::1', 5],
  ['', 5],
])('the URL %j (pacing %i ms) ends the request inconclusive', async (url, minIntervalMs) => {
  const evidence = new EvidenceLog();
  const http = new HttpClient(HttpClient.agent(), { timeoutMs: 2_000, minIntervalMs }, evidence);
  const e = await http.send({ url: url as string }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(Inconclusive);
  expect(() => evidence.list(true)).not.toThrow();
});
