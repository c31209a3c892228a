// A probe's g2g shop declared pg_request_method GET and answered 405 to anything but POST: GL-MCB-01
// failed and GL-MCB-15 was left inconclusive ("the answer does not show whether the GET call was read:
// HTTP 405"), while the same shop answering 415 to the declared multipart POST failed GL-MCB-15 ("was not
// read"). A 405 to the declared method is the declared form refused as surely as a 415 to the declared
// encoding (README: the handler "is routed for other methods than the calls come by"): GL-MCB-15 fails.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { passOn, startFront } from '../../front.ts';
import { judgeMerchantAt } from '../../merchant-edge.ts';

let h: SandboxHandle;
beforeAll(async () => {
  h = await startReference('greenleaves', 'merchant');
});
afterAll(async () => {
  await h?.close();
});

/** The reference merchant behind a front that refuses `refuse` requests with `status`, judged on
 *  gl.merchant.result-ok with `declare` in its declaration. */
async function judgedBehind(
  refuse: (method: string, contentType: string) => boolean,
  status: number,
  declare: Record<string, unknown>,
) {
  const upstream = new URL(h.url).origin;
  const front = await startFront(async (req, body, res) => {
    if (!refuse(req.method ?? '', req.headers['content-type'] ?? '')) return passOn(upstream, req, body, res);
    res.writeHead(status, { 'content-type': 'text/plain', ...(status === 405 && { allow: 'POST' }) }).end('no');
  });
  try {
    return await judgeMerchantAt(h, front.url, ['gl.merchant.result-ok'], declare);
  } finally {
    front.close();
  }
}

test('HTTP 405 to the declared GET fails GL-MCB-15: the call was not read', async () => {
  const v = await judgedBehind((m) => m !== 'POST', 405, { requestMethod: 'GET' });
  const shown = JSON.stringify(v.rules.map((r) => [r.id, r.verdict, r.reason]));
  expect(v.of('failed'), shown).toEqual(['GL-MCB-01', 'GL-MCB-15']);
  expect(v.reason('GL-MCB-15'), shown).toMatch(/a genuine call sent as GET was not read: HTTP 405/);
});

test('HTTP 415 to the declared multipart POST fails GL-MCB-15 as before', async () => {
  const v = await judgedBehind((_, type) => type.includes('multipart/'), 415, {});
  const shown = JSON.stringify(v.rules.map((r) => [r.id, r.verdict, r.reason]));
  expect(v.of('failed'), shown).toEqual(['GL-MCB-01', 'GL-MCB-15']);
  expect(v.reason('GL-MCB-15'), shown).toMatch(/a genuine call sent as POST multipart was not read: HTTP 415/);
});
