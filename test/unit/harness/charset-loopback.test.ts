import { afterAll, beforeAll, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { HttpClient } from '../../../src/harness/http.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { GreenleavesClient } from '../../../src/sdk/greenleaves.ts';
import { JysanClient } from '../../../src/sdk/jysan.ts';
import { buildXml } from '../../../src/protocols/greenleaves/xml.ts';
import { sign } from '../../../src/protocols/greenleaves/signature.ts';
import { plainSend } from '../../../src/sdk-adapter/send.ts';
import { cp1251 } from './cyrillic.ts';

// A gateway answering in windows-1251, read through the clients the checks use (HttpClient under
// the reference SDK clients): its Cyrillic must come out as sent, and pg_sig over it must verify.
const SECRET = 'loopback-secret';
const DESCRIPTION = 'Неверная подпись запроса: ошибка ёЁ';

function g2gReply(): string {
  const m = { pg_status: 'error', pg_error_code: '101', pg_error_description: DESCRIPTION, pg_salt: 'abc123' };
  const xml = buildXml({ ...m, pg_sig: sign('payment', m, SECRET) }, 'response');
  return xml.replace(/encoding="utf-8"/, 'encoding="windows-1251"');
}

let server: Server;
let base: string;
let agent: Dispatcher;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/ct/g2g/payment') {
        res.writeHead(200, { 'content-type': 'text/xml; charset=windows-1251' }).end(cp1251(g2gReply()));
      } else if (req.url === '/decl/g2g/payment') {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(cp1251(g2gReply()));
      } else if (req.url === '/ecom/api') {
        const page = `<html><head><meta charset="windows-1251"><title>Ошибка</title></head><body><p>Неправильная сумма: 0</p></body></html>`;
        res.writeHead(200, { 'content-type': 'text/html' }).end(cp1251(page));
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent = HttpClient.agent();
});
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  server.close();
});

test.each(['ct', 'decl'])(
  'g2g reply in windows-1251 (declared by %s): pg_error_description as sent, pg_sig verifies',
  async (where) => {
    const evidence = new EvidenceLog();
    const http = new HttpClient(agent, { timeoutMs: 5_000, minIntervalMs: 0 }, evidence);
    const client = new GreenleavesClient((r) => http.send(r), `${base}/${where}`, '1', SECRET);
    const reply = await client.call('/g2g/payment', { pg_amount: '100' });
    expect(reply.parseError).toBeUndefined();
    expect(reply.field('pg_error_description')).toBe(DESCRIPTION);
    expect(reply.signedAs('payment')).toBe(true);
    const [x] = evidence.list();
    expect(x!.responseBody).toContain(DESCRIPTION);
    expect(x!.note).toMatch(/windows-1251/);
  },
);

test('Jysan error page with <meta charset="windows-1251">: the documented message is recognised', async () => {
  const http = new HttpClient(agent, { timeoutMs: 5_000, minIntervalMs: 0 }, new EvidenceLog());
  const client = new JysanClient((r) => http.send(r), base, 'M1', 'T1', SECRET);
  const page = await client.payment({ ORDER: '123456', AMOUNT: '0', CURRENCY: 'KZT' });
  expect(page).toMatchObject({ kind: 'error', code: 13, message: 'Неправильная сумма: 0' });
});

test('the SDK adapter transport decodes the same way', async () => {
  const r = await plainSend()({ url: `${base}/ct/g2g/payment`, method: 'POST', body: '' });
  expect(r.text).toContain(DESCRIPTION);
});
