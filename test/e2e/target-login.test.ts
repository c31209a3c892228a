// A test domain behind an HTTP Basic login (nginx's auth_basic in front of a staging gateway), the
// login given in PAYCERT_TARGET_LOGIN: the run judges the gateway behind it, and the login reaches no
// report, even when the edge echoes the Authorization header back on every reply.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { askLogin, passOn, startFront } from '../front.ts';
import { command, inProcess, realRun, referenceEnv } from './cli.ts';
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

// probe 22: the merge of two shards that both record the login wrote a certificate without it (the
// merging shell had no PAYCERT_TARGET_LOGIN); the target block is the shards', and shards that record
// different targets (one with the login, one without) are not one run's.
test("the merged certificate keeps the shards' target block; shards disagreeing on it are refused", async () => {
  const dirs = ['1/2', '2/2', '2/2 without'].map(() => mkdtempSync(join(tmpdir(), 'paycert-login-shard-')));
  // (a third check, one of shard 2/2's)
  const shard = (i: number, s: string) => [
    ...run(dirs[i]!),
    '--check',
    'gl.sig.unknown-merchant',
    '--seed',
    '7',
    '--shard',
    s,
  ];
  for (const [i, s] of ['1/2', '2/2'].entries())
    expect(await inProcess(shard(i, s), { ...CREDS, PAYCERT_TARGET_LOGIN: LOGIN })).toEqual({ code: 0, line: '' });
  // (without the login every check meets the wall: not judged, exit 3)
  expect((await inProcess(shard(2, '2/2'), CREDS)).code).toBe(3);
  const target = (d: string) => JSON.parse(readFileSync(join(d, 'certificate.json'), 'utf8')).profiles[0].target;
  expect(target(dirs[0]!)).toMatchObject({ login: 'HTTP Basic (PAYCERT_TARGET_LOGIN)' });
  const saved = process.env.PAYCERT_TARGET_LOGIN;
  delete process.env.PAYCERT_TARGET_LOGIN;
  try {
    const out = mkdtempSync(join(tmpdir(), 'paycert-login-merged-'));
    const m = await command(['merge', dirs[0]!, dirs[1]!, '--out', out]);
    expect(m.code, m.stderr).toBe(0);
    expect(target(out)).toEqual(target(dirs[0]!));
    const refused = await command([
      'merge',
      dirs[0]!,
      dirs[2]!,
      '--out',
      mkdtempSync(join(tmpdir(), 'paycert-login-')),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^paycert: merge: the targets of greenleaves\/gateway differ: \S+ login none, \S+ login "HTTP Basic \(PAYCERT_TARGET_LOGIN\)"/,
    );
  } finally {
    if (saved !== undefined) process.env.PAYCERT_TARGET_LOGIN = saved;
  }
});
