// A test domain behind an HTTP Basic login (nginx's auth_basic in front of a staging gateway), the
// login given in PAYCERT_TARGET_LOGIN: the run judges the gateway behind it, and the login reaches no
// report, even when the edge echoes the Authorization header back on every reply.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { passOn, startFront } from '../front.ts';
import { inProcess } from './cli.ts';
import { findings } from './scan.ts';

const LOGIN = 'qa-team:Stag1ng-pass-4471';
const TOKEN = Buffer.from(LOGIN).toString('base64');
let gateway: Awaited<ReturnType<typeof startReference>>;
let wall: Awaited<ReturnType<typeof startFront>>;
let target = '';

beforeAll(async () => {
  gateway = await startReference('greenleaves', 'gateway');
  wall = await startFront(async (req, body, res) => {
    // (the reference's /__paycert hidden: judged as a real target)
    if (req.headers.authorization !== `Basic ${TOKEN}` || req.url?.startsWith('/__paycert')) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="staging"', 'content-type': 'text/html' });
      return void res.end('<html><head><title>401 Authorization Required</title></head></html>');
    }
    // the edge echoes the login on every reply
    const echo = req.headers.authorization;
    await passOn(gateway.url, req, body, res, {
      drop: ['authorization'],
      reply: (h) => (h['x-debug-authorization'] = echo),
    });
  });
  target = wall.url;
});
afterAll(async () => {
  wall.close();
  await gateway.close();
});

const CREDS = { PAYCERT_GREENLEAVES_MERCHANT_ID: '123456', PAYCERT_GREENLEAVES_SECRET_KEY: 's3cr3tKey' };
const run = (dir: string) => [
  'run',
  '--profile',
  'greenleaves',
  '--target',
  target,
  '--pace',
  '0',
  '--check',
  'gl.sig.tamper-any-field',
  '--check',
  'gl.cb.result-call',
  '--out',
  dir,
];

test('the gateway behind the login is judged, and the login is in no report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-login-'));
  const r = await inProcess(run(dir), { ...CREDS, PAYCERT_TARGET_LOGIN: LOGIN });
  expect(r).toEqual({ code: 0, line: '' });
  const rules = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')).profiles[0].rules as Array<{
    id: string;
    verdict: string;
  }>;
  expect(rules.filter((x) => x.verdict === 'passed').map((x) => x.id)).toEqual(
    expect.arrayContaining(['GL-SIG-04', 'GL-CB-01']),
  );
  // the certificate says the target was reached with a login, never which
  const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
  expect(cert.profiles[0].target).toMatchObject({ kind: 'real', login: 'HTTP Basic (PAYCERT_TARGET_LOGIN)' });
  expect(readFileSync(join(dir, 'certificate.html'), 'utf8')).toContain(
    `${target}, with the login HTTP Basic (PAYCERT_TARGET_LOGIN)`,
  );
  expect(findings(dir, ['Stag1ng-pass-4471', TOKEN, LOGIN])).toEqual([]);
});

test('a login that is not user:password is a usage error', async () => {
  const r = await inProcess(run(mkdtempSync(join(tmpdir(), 'paycert-login-'))), {
    ...CREDS,
    PAYCERT_TARGET_LOGIN: 'Stag1ng-pass-4471',
  });
  expect(r).toEqual({ code: 2, line: 'paycert: PAYCERT_TARGET_LOGIN must be user:password (a colon between them)' });
});
