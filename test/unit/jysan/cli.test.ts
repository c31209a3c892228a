import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../src/spec/paths.ts';
import { loadVectors } from '../../../src/spec/load.ts';

const BIN = join(ROOT, 'bin', 'paycert.mjs');

function sign(args: string[], stdin: string, secret: string | undefined) {
  const env = { ...process.env, PAYCERT_SECRET: secret };
  if (secret === undefined) delete env.PAYCERT_SECRET;
  return spawnSync(process.execPath, [BIN, 'sign', 'jysan', ...args], {
    input: stdin,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const vector = (id: string) => {
  const v = loadVectors('jysan').find((x) => x.id === id)!;
  const input = v.input as { op: string; secret: string; fields: Record<string, string> };
  return { ...input, sign: (v.expected as { sign: string }).sign };
};

test.each(['KP1', 'KP2', 'EX5'])('paycert sign jysan reproduces vector %s', (id) => {
  const v = vector(id);
  const r = sign(['--op', v.op], JSON.stringify(v.fields), v.secret);
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
] as const)('%s: exit 2, one line, no stack', (_what, args, stdin, secret, message) => {
  const r = sign([...args], stdin, secret);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^paycert: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
