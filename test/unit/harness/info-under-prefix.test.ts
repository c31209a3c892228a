// Probe 24: on a shared test domain, `GET /__paycert/info` went to the origin root, a path of none of the
// APIs under test, outside the --target prefix. A gateway's is asked under its base URL, and it is the
// only start-up probe when anything answers it (reach is not sent too). Review of the mend: a paycert
// reference given `--target http://127.0.0.1:PORT/g2g` (it serves its control API at the root only) then
// answered 404 under the path and was judged as a real target: on this machine the root is asked too.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { infoBase, infoBases, lookUp } from '../../../src/harness/targets.ts';

const asked: string[] = [];
const server = createServer((req, res) => {
  asked.push(req.url!);
  res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>no</body></html>');
});
// a paycert reference: its info and control API at the origin root only
const referenceAsked: string[] = [];
const reference = createServer((req, res) => {
  referenceAsked.push(req.url!);
  if (req.url === '/__paycert/info')
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        implementation: 'paycert-reference',
        profile: 'greenleaves',
        role: 'gateway',
        version: '1.0.0',
        capabilities: [],
        defects: [],
      }),
    );
  else res.writeHead(404).end();
});
let base: string;
let refBase: string;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => reference.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  refBase = `http://127.0.0.1:${(reference.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  reference.close();
});

test("a gateway's /__paycert/info is asked under --target's path prefix (on this machine, then at its root); a merchant's (a page's URL) at its origin", async () => {
  expect(await lookUp(`${base}/gl/`, 3_000, 'gateway')).toEqual({ found: undefined, answered: true });
  expect(await lookUp(`${base}/shop/result`, 3_000, 'merchant')).toEqual({ found: undefined, answered: true });
  expect(asked).toEqual(['/gl/__paycert/info', '/__paycert/info', '/__paycert/info']);
  expect(infoBase('http://h.test', 'gateway')).toBe('http://h.test');
  expect(infoBase('http://h.test/api/v1/', 'gateway')).toBe('http://h.test/api/v1');
});

test('a real domain keeps the prefix only; a target on this machine (127.0.0.0/8, ::1, localhost) is asked at its root too', () => {
  expect(infoBases('https://staging.bank.kz/g2g/', 'gateway')).toEqual(['https://staging.bank.kz/g2g']);
  expect(infoBases('https://staging.bank.kz', 'gateway')).toEqual(['https://staging.bank.kz']);
  for (const host of ['127.0.0.1:4700', '127.3.2.1', '[::1]:4700', 'localhost:4700'])
    expect(infoBases(`http://${host}/g2g`, 'gateway')).toEqual([`http://${host}/g2g`, `http://${host}`]);
  expect(infoBases('http://127.0.0.1:4700/', 'gateway')).toEqual(['http://127.0.0.1:4700']);
  expect(infoBases('http://localhost:4700/shop/result', 'merchant')).toEqual(['http://localhost:4700']);
});

test('a paycert reference targeted with a path is found at its root, and its control API is taken from there', async () => {
  const target = `${refBase}/g2g`;
  const r = await lookUp(target, 3_000, 'gateway');
  expect([r.answered, (r.found as { implementation?: string } | undefined)?.implementation]).toEqual([
    true,
    'paycert-reference',
  ]);
  expect(referenceAsked).toEqual(['/g2g/__paycert/info', '/__paycert/info']);
  expect(infoBase(target, 'gateway')).toBe(refBase);
});

test('nothing answering is no answer (reach then says why)', async () => {
  expect(await lookUp('http://127.0.0.1:9/api', 3_000, 'gateway')).toEqual({ found: undefined, answered: false });
});
