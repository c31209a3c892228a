import { afterAll, beforeAll, expect, test } from 'vitest';
import { request, type Dispatcher } from 'undici';
import { RecordingGateway } from '../../../src/harness/recorder.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { FormError } from '../../../src/protocols/common/form.ts';
import { localServer, serve, type Handler, type Outgoing, type Running } from '../../../src/reference/server.ts';

// The sdk subject's recording gateway calls the worker's own reference gateway in process (no second
// loopback exchange). What the SDK gets must be what that reference answers over HTTP: status,
// content type and body bytes, its 400/413/500 refusals included.
const handler: Handler = (req): Outgoing => {
  if (req.path === '/form-error') throw new FormError('a part without its end');
  if (req.path === '/bug') throw new Error('/internal/path/secret.ts exploded');
  if (req.path === '/bytes')
    return {
      status: 201,
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0xd0, 0x9f, 0x41]),
    };
  if (req.path === '/lone')
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'a\uD800b' };
  if (req.path === '/empty') return { status: 204 };
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-seen': req.headers['x-probe'] ?? '' },
    body: JSON.stringify({
      method: req.method,
      path: req.path,
      q: req.url.searchParams.get('q'),
      body: req.text,
      host: req.headers.host,
      length: req.headers['content-length'],
      type: req.headers['content-type'],
    }),
  };
};

let ref: Running;
beforeAll(async () => {
  ref = await serve(handler);
});
afterAll(() => ref.close());

// a dispatcher that refuses to be used: the recorder's requests must not take the loopback path
const refuses = {
  dispatch() {
    throw new Error('the recorder sent the request over loopback');
  },
} as unknown as Dispatcher;

async function get(url: string, method: string, body?: string | Buffer) {
  const headers = { 'x-probe': 'probe-1', ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
  const r = await request(url, { method: method as Dispatcher.HttpMethod, body, headers });
  const bytes = Buffer.from(await r.body.arrayBuffer());
  return {
    status: r.statusCode,
    type: r.headers['content-type'],
    seen: r.headers['x-seen'],
    bytes: bytes.toString('hex'),
  };
}

test.each([
  ['POST', '/g2g/payment?q=1', 'pg_amount=500&pg_description=%D0%9F'],
  ['GET', '/g2g/status?q=%E2%82%AC', undefined],
  ['POST', '/form-error', 'x'],
  ['POST', '/bug', 'x'],
  ['GET', '/bytes', undefined],
  ['GET', '/lone', undefined],
  ['GET', '/empty', undefined],
  ['POST', '/big', Buffer.alloc((1 << 20) + 1, 0x61)],
])('%s %s through the recording gateway gets what the reference answers over HTTP', async (method, path, body) => {
  const gw = await RecordingGateway.open(ref.url, refuses, new EvidenceLog());
  try {
    const direct = await get(`${ref.url}${path}`, method, body);
    const through = await get(`${gw.url}${path}`, method, body);
    expect(through).toEqual(direct);
    expect(gw.requests.at(-1)?.status).toBe(direct.status);
    if (path === '/bug') expect(Buffer.from(through.bytes, 'hex').toString()).not.toContain('secret');
  } finally {
    await gw.close();
  }
});

test('only a server this process serves is called in process, and only while it listens', async () => {
  expect(localServer('http://127.0.0.1:9')).toBeUndefined();
  const other = await serve(() => ({ status: 200, body: 'ok' }));
  const call = localServer(other.url);
  expect(call).toBeDefined();
  expect((await call!('GET', '/x', {}, Buffer.alloc(0))).body).toBe('ok');
  await other.close();
  expect(localServer(other.url)).toBeUndefined();
});
