// What stands in front of a shop and refuses the gateway's call itself (probe 23 findings 3, 4): nginx's
// own 413 page (its client_max_body_size) and a web application firewall's block page for a call it
// refused by its content. The reason a handler check gives (besideStatus) names the edge and the cause.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { HttpClient } from '../../../src/harness/http.ts';
import { besideStatus } from '../../../src/harness/edge-page.ts';

const PAGE_413 =
  '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';
const WAF =
  '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Request blocked</h1><p>Your request was blocked by the web application firewall (ModSecurity). Reference: #1</p><hr><center>nginx</center></body></html>\n';
const NGINX_403 =
  '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/deny')
        return res.writeHead(403, { server: 'nginx', 'content-type': 'text/html' }).end(NGINX_403);
      if (/'|%27|</.test(body)) return res.writeHead(403, { server: 'nginx', 'content-type': 'text/html' }).end(WAF);
      res.writeHead(200).end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const client = () => new HttpClient(HttpClient.agent(), { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog());

test("nginx's own 413 page: the edge's body-size limit, named with client_max_body_size, the shop never reached", () => {
  const why = besideStatus({ status: 413, headers: { server: 'nginx/1.24.0' }, text: PAGE_413 });
  expect(why).toContain(`an edge's own "413 Request Entity Too Large" page (nginx)`);
  expect(why).toMatch(/its limit on a request's body size.*client_max_body_size/);
  expect(why).toMatch(/the call never reached the shop/);
  expect(why).not.toMatch(/gateway's place/);
});

test('a firewall refusing one call by its content, after another from the same client got through: said so, naming the fields', async () => {
  const c = client();
  const form = (email: string): Array<[string, string]> => [
    ['pg_order_id', '42'],
    ['pg_user_contact_email', email],
    ['pg_description', 'Д<b>'],
  ];
  const ok = await c.send({ url: `${base}/result`, form: form('shop@mail.kz'), statuses: 'any', resendNoAnswer: true });
  expect(ok.status).toBe(200);
  const blocked = await c.send({
    url: `${base}/result`,
    form: form("o'brien+shop@mail.kz"),
    statuses: 'any',
    resendNoAnswer: true,
  });
  const why = besideStatus(blocked);
  expect(why).toMatch(/a web application firewall's block page "403 Forbidden" \("Request blocked", ModSecurity\)/);
  expect(why).toMatch(/refused by its content/);
  expect(why).toMatch(/1 other call to the shop from paycert got through/);
  expect(why).toContain(`pg_user_contact_email="o'brien+shop@mail.kz"`);
  expect(why).toContain(`pg_description="Д<b>"`);
  expect(why).not.toContain('pg_order_id');
  expect(why).not.toMatch(/unless it lets their addresses through|an address not let through/);
});

test('a firewall refusing the first call to a shop: no cause claimed, the flagged fields named', () => {
  const why = besideStatus({
    status: 403,
    headers: {},
    text: WAF,
    refusedContent: { flagged: [`email="o'brien"`], passed: 0 },
  });
  expect(why).toMatch(/a web application firewall's block page .*meets the gateway's calls for real payers too/);
  expect(why).toContain(`this call carries email="o'brien", which such firewalls flag`);
  expect(why).not.toMatch(/refused by its content/);
});

test('the fields of a multipart call are named', async () => {
  const { flaggedFields } = await import('../../../src/harness/edge-page.ts');
  const body = `--b1\r\nContent-Disposition: form-data; name="pg_order_id"\r\n\r\n42\r\n--b1\r\nContent-Disposition: form-data; name="pg_user_contact_email"\r\n\r\no'brien@mail.kz\r\n--b1--\r\n`;
  expect(flaggedFields('http://shop/result', body)).toEqual([`pg_user_contact_email="o'brien@mail.kz"`]);
});

test("nginx's bare 403 page naming no firewall stays an address not let through", () => {
  const why = besideStatus({ status: 403, headers: { server: 'nginx' }, text: NGINX_403 });
  expect(why).toMatch(/an address not let through\?/);
});
