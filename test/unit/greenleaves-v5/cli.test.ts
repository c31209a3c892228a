import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from '../../../src/spec/paths.ts';
import { loadVectors } from '../../../src/spec/load.ts';
import { signInProcess } from '../cli/sign-in-process.ts';

const BIN = join(ROOT, 'bin/paycert.mjs');
const body = (name: string): Buffer => readFileSync(join(FIXTURES, 'greenleaves-v5/example-bodies', name));
const vector = (id: string) => loadVectors('greenleaves-v5').find((v) => v.id === id)!;

/** `paycert sign greenleaves-v5 …` as a child process, the body on stdin as bytes. */
function signBinary(args: string[], stdin: Buffer, secret = '123456') {
  const env = { ...process.env, PAYCERT_SECRET: secret };
  return spawnSync(process.execPath, [BIN, 'sign', 'greenleaves-v5', ...args], {
    input: stdin,
    env,
    encoding: 'utf8',
    // a hang guard: at load 30 a start through tsx took over 30 s
    timeout: 150_000,
  });
}

/** the command in this process, the body as its stdin's bytes (a start of node + tsx is 1.5–2
 *  CPU-s): every case but the first, which goes through the binary */
const sign = (args: string[], stdin: Buffer, secret = '123456') =>
  signInProcess(['greenleaves-v5', ...args], stdin, secret);

describe('paycert sign greenleaves-v5', () => {
  test("prints the seed's token for the older example body (the binary)", { timeout: 180_000 }, () => {
    const r = signBinary(['--uri', '/v5/g2g/create', '--auth-id', '123456'], body('seed-create-older.compact.json'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${String(vector('v5-jws-seed-older-body').expected.token)}\n`);
    expect(r.stdout).toContain('..82NnkgrNjfYu2UnAajnVsJUn2AgJWsqnmCK4x5A7zt0');
  });

  test('prints the corrected token for the body the seed prints (the erratum)', async () => {
    const r = await sign(['--uri', '/v5/g2g/create', '--auth-id', '123456'], body('seed-create.compact.json'));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(String(vector('v5-jws-seed-printed-body').expected.token));
    expect(r.stdout).toContain('..TwYEa-vbIg98oD_3UMU0f1wCQLGCnv62EJHFQQXcCc4');
  });

  test('signs the bytes as received: the pretty body as printed gets another token, bytes that are not UTF-8 are not replaced', async () => {
    const pretty = await sign(['--uri', '/v5/g2g/create', '--auth-id', '123456'], body('seed-create.printed.json'));
    expect(pretty.status).toBe(0);
    expect(pretty.stdout.trim()).not.toBe(String(vector('v5-jws-seed-printed-body').expected.token));
    const a = await sign(['--uri', '/v5/g2g/create', '--auth-id', '1'], Buffer.from([0x7b, 0xff, 0x7d]));
    const b = await sign(['--uri', '/v5/g2g/create', '--auth-id', '1'], Buffer.from([0x7b, 0xfe, 0x7d]));
    expect(a.status).toBe(0);
    expect(a.stdout).not.toBe(b.stdout);
  });

  test('--alg HS512 and another uri reproduce the Card API vector', async () => {
    const v = vector('v5-jws-card-api-hs512');
    const i = v.input as { bodyText: string; key: string };
    const r = await sign(
      ['--uri', '/v5/card-api/request/status', '--auth-id', '123456', '--alg', 'HS512'],
      Buffer.from(i.bodyText, 'utf8'),
      i.key,
    );
    expect(r.stdout.trim()).toBe(String(v.expected.token));
  });

  test('a usage error is one line on stderr, exit 2, no stack', async () => {
    for (const args of [
      ['--auth-id', '123456'],
      ['--uri', '/v5/g2g/create', '--auth-id', '1', '--alg', 'none'],
      ['--uri', '/v5/g2g/create', '--auth-id', '1', '--bogus'],
    ]) {
      const r = await sign(args, Buffer.from('{}'));
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^paycert: /);
      expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});
