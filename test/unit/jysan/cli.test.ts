import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../src/spec/paths.ts';
import { loadVectors } from '../../../src/spec/load.ts';
import { signInProcess } from '../cli/sign-in-process.ts';

const BIN = join(ROOT, 'bin', 'paycert.mjs');

/** through the binary (stdin, stdout and the exit code of a real process): one vector */
function signBinary(args: string[], stdin: string, secret: string | undefined) {
  const env = { ...process.env, PAYCERT_SECRET: secret };
  if (secret === undefined) delete env.PAYCERT_SECRET;
  return spawnSync(process.execPath, [BIN, 'sign', 'jysan', ...args], {
    input: stdin,
    env,
    encoding: 'utf8',
    // a hang guard: at load 30 a start through tsx took over 30 s
    timeout: 150_000,
  });
}

const vector = (id: string) => {
  const v = loadVectors('jysan').find((x) => x.id === id)!;
  const input = v.input as { op: string; secret: string; fields: Record<string, string> };
  return { ...input, sign: (v.expected as { sign: string }).sign };
};

/** the command in this process (a start of the binary is 1.5–2 CPU-s): the other vectors and the usage errors */
const sign = (args: string[], stdin: string, secret: string | undefined) =>
  signInProcess(['jysan', ...args], stdin, secret);

test('paycert sign jysan reproduces vector KP1 (the binary)', { timeout: 180_000 }, () => {
  const v = vector('KP1');
  const r = signBinary(['--op', v.op], JSON.stringify(v.fields), v.secret);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`${v.sign}\n`);
});

test.each(['KP1', 'KP2', 'EX5'])('paycert sign jysan reproduces vector %s', async (id) => {
  const v = vector(id);
  const r = await sign(['--op', v.op], JSON.stringify(v.fields), v.secret);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`${v.sign}\n`);
});

test.each([
  [
    'an unknown --op',
    ['--op', 'refund'],
    '{}',
    'x',
    /--op must be one of payment, status, list, cancel, confirm, redirect/,
  ],
  ['no --op', [], '{}', 'x', /--op is required/],
  ['stdin not JSON', ['--op', 'status'], 'ORDER=1', 'x', /stdin is not JSON/],
  ['no secret', ['--op', 'status'], '{}', undefined, /PAYCERT_SECRET/],
  // every walk of the fields is recursive: this overflowed the stack (exit 4, "internal error")
  [
    'stdin nested 100,000 deep',
    ['--op', 'status'],
    `${'{"a":'.repeat(100_000)}"1"${'}'.repeat(100_000)}`,
    'x',
    /stdin nests deeper than 100 levels/,
  ],
] as const)('%s: exit 2, one line, no stack', async (_what, args, stdin, secret, message) => {
  const r = await sign([...args], stdin, secret);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^paycert: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
