// A test domain behind an HTTP Basic login (nginx's auth_basic in front of a staging gateway), the
// login given in PAYCERT_TARGET_LOGIN: the run judges the gateway behind it, and the login reaches no
// report, even when the edge echoes the Authorization header back on every reply.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { askLogin, passOn, startFront } from '../front.ts';
import { inProcess, realRun, referenceEnv } from './cli.ts';
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
    if (req.headers.authorization !== `Basic ${TOKEN}` || req.url?.startsWith('/__paycert'))
      return askLogin(res, 'staging');
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

const CREDS = referenceEnv('greenleaves');
const run = (dir: string) =>
  realRun('greenleaves', target, '--check', 'gl.sig.tamper-any-field', '--check', 'gl.cb.result-call', '--out', dir);

test('the gateway behind the login is judged, and the login is in no report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-login-'));
  const r = await inProcess(run(dir), { ...CREDS, PAYCERT_TARGET_LOGIN: LOGIN });
  expect(r).toEqual({ code: 0, line: '' });
  const { rules, target: reached } = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')).profiles[0] as {
    rules: Array<{ id: string; verdict: string }>;
    target: Record<string, unknown>;
  };
  expect(rules.filter((x) => x.verdict === 'passed').map((x) => x.id)).toEqual(
    expect.arrayContaining(['GL-SIG-04', 'GL-CB-01']),
  );
  // the certificate says the target was reached with a login, never which
  expect(reached).toMatchObject({ kind: 'real', login: 'HTTP Basic (PAYCERT_TARGET_LOGIN)' });
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
