import { afterEach, expect, test } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../../src/harness/http.ts';
import { flatHeaders } from '../../../src/protocols/common/headers.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';

// RFC 9110 15.2: "A client MUST be able to parse one or more 1xx responses received prior to a final
// response, even if the client does not expect one." A proxy in front of a gateway or a shop may send
// an unsolicited 100 Continue (or several, or after a 103 Early Hints); undici refuses a 100 the
// request did not ask for ("bad response") and the exchange was lost: every rule inconclusive.
let server: Server | undefined;
afterEach(() => server?.close());

/** A raw server answering each request with `parts` written `gap` ms apart, then closing. */
async function raw(parts: string[], gap = 5): Promise<string> {
  server = createServer((s: Socket) => {
    s.once('data', async () => {
      for (const p of parts) {
        s.write(p);
        await new Promise((r) => setTimeout(r, gap));
      }
      s.end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/pay`;
}

const FINAL = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok';
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

test.each([
  ['one 100 Continue in the same packet', [CONTINUE + FINAL]],
  ['one 100 Continue, then the reply', [CONTINUE, FINAL]],
  ['two 100 Continue, one with a header', [CONTINUE, 'HTTP/1.1 100 Continue\r\nX-Edge: a\r\n\r\n', FINAL]],
  ['a 103 Early Hints then a 100 Continue', ['HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n', CONTINUE, FINAL]],
  ['a 100 Continue fed a byte at a time', [...(CONTINUE + FINAL).split('')]],
  ['a 100 Continue to an HTTP/1.0-style close-delimited reply', [CONTINUE, 'HTTP/1.0 200 OK\r\n\r\nok']],
])('a reply after %s is read as the final reply', async (_name, parts) => {
  const url = await raw(parts, parts.length > 10 ? 1 : 5);
  const http = new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog());
  const res = await http.send({ url, form: [['a', '1']] });
  expect([res.status, res.text]).toEqual([200, 'ok']);
});

test('a body that holds "HTTP/1.1 100 Continue" is not touched', async () => {
  const body = `${CONTINUE}x`;
  const url = await raw([`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`]);
  const http = new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog());
  expect((await http.send({ url })).text).toBe(body);
});

// A proxy that adds the Content-Type the reply already had: one media type, named twice (RFC 9110 5.3
// forbids the repeat, but only one value is meant). Joined, "application/json; charset=utf-8,
// application/json; charset=utf-8" read as no JSON type, and V5-RSP-07 warned a conformant gateway.
test('a Content-Type repeated with the same value is that value; different values stay joined', () => {
  const same = 'application/json; charset=utf-8';
  expect(flatHeaders({ 'Content-Type': [same, same], vary: ['a', 'a'] })).toEqual({
    'content-type': same,
    vary: 'a, a',
  });
  expect(flatHeaders({ 'content-type': ['text/html', same] })['content-type']).toBe(`text/html, ${same}`);
});
