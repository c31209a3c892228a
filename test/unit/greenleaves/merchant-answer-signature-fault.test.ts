// GL-MCB-02 said "pg_sig does not verify with the script name "result"" whatever the fault, and README's
// "When a handler fails" table read that as "signed with another script name": a shop leaving pg_salt out
// of its answer's signature, signing the values unsorted, or writing Windows-1251 bytes under an XML
// declaration saying utf-8 was sent looking for a script name (probe18). The reason now names the mistake
// the answer's pg_sig does verify with, or says it matches none. The reference merchant's answers,
// signed again by a forwarder the way each mistake signs them.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { buildXml, parseXml, sign, without, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { cp1251 } from '../harness/cyrillic.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { forwardRequest } from '../harness/request-proxy.ts';

const secret = credentials('greenleaves').secretKey;
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

/** How each mistake signs the answer `m` (its pg_sig left out) and writes its body. */
const MISTAKES: Record<string, (m: PgMessage) => Buffer> = {
  'full path': (m) => Buffer.from(buildXml({ ...m, pg_sig: sign('/shop/pay/result', m, secret) })),
  'no salt': (m) => Buffer.from(buildXml({ ...m, pg_sig: sign('result', without(m, 'pg_salt'), secret) })),
  // the values in the order the answer writes them (pg_status, pg_description, pg_salt)
  unsorted: (m) => Buffer.from(buildXml({ ...m, pg_sig: md5(['result', ...Object.values(m), secret].join(';')) })),
  'windows-1251 bytes': (m) => cp1251(buildXml({ ...m, pg_sig: sign('result', m, secret) })),
  'another secret': (m) => Buffer.from(buildXml({ ...m, pg_sig: sign('result', m, 'not-the-secret') })),
};

let mistake = 'full path';
let h: SandboxHandle;
let front: ReturnType<typeof createServer>;
let url = '';

beforeAll(async () => {
  h = await startReference('greenleaves', 'merchant');
  const to = new URL(h.url);
  front = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      forwardRequest(to, req, res, (r) => {
        const got: Buffer[] = [];
        r.on('data', (c: Buffer) => got.push(c));
        r.on('end', () => {
          const { pg_sig: _, ...m } = parseXml(Buffer.concat(got).toString('utf8')).message;
          res.writeHead(r.statusCode ?? 502, { 'content-type': 'text/xml; charset=utf-8' });
          res.end(MISTAKES[mistake]!(m));
        });
      }).end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(front.address() as AddressInfo).port}${new URL(h.url).pathname}`;
});
afterAll(async () => {
  front?.closeAllConnections();
  front?.close();
  await h?.close();
});

test.each([
  [
    'full path',
    /pg_sig does not verify with the script name "result"; it does with the script name "\/shop\/pay\/result"/,
  ],
  ['no salt', /pg_sig does not verify with the script name "result"; it does without pg_salt among the signed fields/],
  [
    'unsorted',
    /pg_sig does not verify with the script name "result"; it does over the values in the order the answer writes them/,
  ],
  [
    'windows-1251 bytes',
    /pg_sig does not verify with the script name "result"; it does with the body read as windows-1251/,
  ],
  [
    'another secret',
    /pg_sig does not verify with the script name "result", nor with any of the mistakes paycert tries/,
  ],
])('an answer signed with the mistake "%s" is said so', async (name, reason) => {
  mistake = name;
  const subject = { ...subjectOf(h, 'merchant'), baseUrl: url };
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.result-ok'], subject);
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-MCB-02'], shown).toBe('failed');
  expect(r.reason, shown).toMatch(reason);
});
