// probe 22 (BUG=stripjws): an edge dropped X-JWS-Signature before the gateway, which answered 1003 "X-JWS-
// Signature is missing or malformed"; the run went on, V5-JWS-01/02/04 failed and 37 rules were
// inconclusive, with no hint. The preflight knows it sent the header: it stops with one line saying so.
import { expect, test } from 'vitest';
import { secretPreflight } from '../../../src/cli/preflight.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import type { Send } from '../../../src/sdk/transport.ts';

const subject = {
  kind: 'gateway',
  target: 'real',
  baseUrl: 'https://gw.test/api',
  profile: 'greenleaves-v5',
} as Subject;
const answering =
  (error: object, seen: string[] = []): Send =>
  async (req) => {
    seen.push(Object.keys(req.headers ?? {}).find((k) => k.toLowerCase() === 'x-jws-signature') ?? '');
    const body = Buffer.from(JSON.stringify({ error }));
    return { status: 401, headers: { 'content-type': 'application/json' }, body, text: body.toString() };
  };
const outcome = (send: Send) =>
  secretPreflight(subject, send).then(
    () => 'went on',
    (e: Error) => e.message,
  );

test.each([
  // the reference's words (errors.json 1003)
  {
    code: 1003,
    name: 'malformed-signature',
    message: {
      en: 'X-JWS-Signature is missing or malformed: expected a compact JWS with a detached payload (header..signature).',
      ru: 'Заголовок X-JWS-Signature отсутствует или имеет неверный формат',
    },
  },
  // another gateway's code, its words saying the header is missing
  { code: 4001, name: 'bad-request', message: { en: 'Missing header: X-JWS-Signature', ru: '' } },
])('a reply saying X-JWS-Signature is missing although it was sent stops the run: %#', async (error) => {
  const seen: string[] = [];
  const why = await outcome(answering(error, seen));
  expect(seen.every((h) => h !== '')).toBe(true);
  expect(why).toMatch(
    /did not receive X-JWS-Signature although paycert sent it: is something in between stripping it\?/,
  );
});

test("the gateway's other refusals of the header are the checks' to judge", async () => {
  expect(
    await outcome(
      answering({
        code: 1004,
        name: 'signature-scope-mismatch',
        message: { en: 'The signature was made for another request', ru: '' },
      }),
    ),
  ).toBe('went on');
});
