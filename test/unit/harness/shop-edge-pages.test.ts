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
  expect(why).toMatch(
    /1 earlier call to this URL from paycert got through: a firewall refusing this one by its content, or banning paycert's address after earlier calls, is likely/,
  );
  expect(why).toContain(`pg_user_contact_email (a quote)`);
  expect(why).toContain(`pg_description ('<' or '>')`);
  expect(why).not.toMatch(/o'brien|Д<b>|refused by its content/);
  expect(why).not.toContain('pg_order_id');
  expect(why).not.toMatch(/unless it lets their addresses through|an address not let through/);
});

test('a firewall refusing the first call to a shop: no cause claimed, the flagged fields named', () => {
  const why = besideStatus({
    status: 403,
    headers: {},
    text: WAF,
    refusedContent: { flagged: [`email (a quote)`], passed: 0 },
  });
  expect(why).toMatch(/a web application firewall's block page .*meets the gateway's calls for real payers too/);
  expect(why).toContain(`this call's email (a quote): such firewalls flag them`);
  expect(why).not.toMatch(/refused by its content/);
});

test('the fields of a multipart call are named', async () => {
  const { flaggedFields } = await import('../../../src/harness/edge-page.ts');
  const body = `--b1\r\nContent-Disposition: form-data; name="pg_order_id"\r\n\r\n42\r\n--b1\r\nContent-Disposition: form-data; name="pg_user_contact_email"\r\n\r\no'brien@mail.kz\r\n--b1--\r\n`;
  expect(flaggedFields('http://shop/result', body)).toEqual([`pg_user_contact_email (a quote)`]);
});

// Review of session 23: the flagged fields went into the reason as name="value": a cardholder's name
// (pg_card_owner=JOHN+O%27BRIEN came out `pg_card_owner=[removed] O'BRIEN"`, JSON card.holder whole).
test('a flagged field is named with the kind of character, never its value', async () => {
  const { flaggedFields } = await import('../../../src/harness/edge-page.ts');
  expect(flaggedFields('http://shop/r?q=1', 'pg_card_owner=JOHN+O%27BRIEN&pg_order_id=42&d=..%2Fetc')).toEqual([
    'pg_card_owner (a quote)',
    "d ('../')",
  ]);
  const json = JSON.stringify({ card: { holder: "JOHN O'BRIEN" }, note: '1 UNION SELECT 2 --' });
  const got = flaggedFields('http://shop/r', json);
  expect(got).toEqual(['card.holder (a quote)', 'note (an SQL word, an SQL comment)']);
  expect(got.join(' ')).not.toMatch(/JOHN|BRIEN|UNION/);
});

// The count of calls that got through was per process and per origin, never reset: a 2xx to the payer's
// page counted for a callback URL, and a later run's refusal read "refused by its content".
test('the calls that got through are counted per URL and per run', async () => {
  const c = client();
  const ok = await c.send({ url: `${base}/page`, form: [['a', '1']], statuses: 'any', resendNoAnswer: true });
  expect(ok.status).toBe(200);
  const other = await c.send({ url: `${base}/result`, form: [['a', "o'b"]], statuses: 'any', resendNoAnswer: true });
  expect(other.refusedContent?.passed).toBe(0);
  const same = await c.send({ url: `${base}/page`, form: [['a', "o'b"]], statuses: 'any', resendNoAnswer: true });
  expect(same.refusedContent?.passed).toBe(1);
  const next = await client().send({
    url: `${base}/page`,
    form: [['a', "o'b"]],
    statuses: 'any',
    resendNoAnswer: true,
  });
  expect(next.refusedContent?.passed).toBe(0);
  expect(besideStatus(next)).not.toMatch(/refused by its content|earlier call/);
});

test("nginx's bare 403 page naming no firewall stays an address not let through", () => {
  const why = besideStatus({ status: 403, headers: { server: 'nginx' }, text: NGINX_403 });
  expect(why).toMatch(/an address not let through\?/);
});

// A full run failed proxied-defects' "WAF answering 403 HTML to '<' or \"'\"": wallPage named the firewall's
// page, so a gateway's reply to pg_xml ended the check unjudged; in front of a gateway such a refusal is how
// its transport answers (GL-TX-03 warned). Only a shop's call names it as an edge's page (firewallPage).
test("a firewall's block page is a shop's edge page, not a gateway's wall", async () => {
  const { firewallPage, wallPage } = await import('../../../src/harness/edge-page.ts');
  expect(wallPage({ status: 403, headers: {}, text: WAF })).toBeUndefined();
  expect(firewallPage({ status: 403, text: WAF })).toMatch(/a web application firewall's block page/);
});

// Probe 25: a mod_rewrite [F] rule answering Apache's bare 403 page to a call with a quote, 19 calls to
// the same URL from the same address let through: the reason guessed an address list
const APACHE_403 =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>\n</body></html>\n';

test("an edge's bare 403 after calls to the URL got through: its content named, no address guessed", () => {
  const why = besideStatus({
    status: 403,
    headers: {},
    text: APACHE_403,
    refusedContent: { flagged: ['pg_user_contact_email (a quote)'], passed: 19 },
  });
  expect(why).toMatch(/an edge's 403 page "403 Forbidden" \(19 earlier calls to this URL from paycert got through/);
  expect(why).toContain(`this call's pg_user_contact_email (a quote): such firewalls flag them`);
  expect(why).not.toMatch(/an address not let through|unless it lets their addresses through/);
  // the first call refused: either, as before
  expect(besideStatus({ status: 403, headers: {}, text: APACHE_403 })).toMatch(/an address not let through\?/);
});

test('a bare 403 whose address was let through right after it: refused by its content, as a fact', async () => {
  const { contentRefusal } = await import('../../../src/harness/edge-page.ts');
  const why = contentRefusal({
    status: 403,
    text: APACHE_403,
    refusedContent: { flagged: ['res_desc (a quote)'], passed: 38, controlPassed: true },
  });
  expect(why).toMatch(/refused by its content: 38 earlier calls .* and one right after it without this call's content/);
  expect(why).toContain('this one carries res_desc (a quote)');
});
