// A run SIGKILLed (or a crashed machine) leaves its private directory in the temp dir; the next run
// removes the dead runs' directories, never a live run's, a young one's or anything else.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { makeRunDir, pruneDeadRunDirs } from '../../../src/cli/run-dir.ts';

const root = mkdtempSync(join(tmpdir(), 'paycert-run-dir-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// a pid that was just alive and is now dead (its process has exited and been reaped)
const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
  encoding: 'utf8',
}).stdout;

/** A run directory whose store was last written `storeAgeMs` ago (the directory itself 2 hours ago). */
function runDir(name: string, storeAgeMs: number): string {
  const d = join(root, name);
  mkdirSync(d);
  const store = join(d, 'greenleaves-merchant-1.json');
  writeFileSync(store, '{}');
  const at = (ms: number) => (Date.now() - ms) / 1000;
  utimesSync(store, at(storeAgeMs), at(storeAgeMs));
  utimesSync(d, at(7_200_000), at(7_200_000));
  return d;
}

test('a dead run’s directory is removed; a live run’s, a recently written one’s and others are left', () => {
  expect(deadPid).toMatch(/^\d+$/);
  const dead = runDir(`paycert-run-${deadPid}-abc123`, 3_700_000);
  const live = runDir(`paycert-run-${process.pid}-abc123`, 3_700_000);
  // its pid looks dead (reused, or a run in another pid namespace) but its store was written lately
  const written = runDir(`paycert-run-${deadPid}-def456`, 600_000);
  const unnamed = runDir('paycert-run-abc123', 3_700_000); // before run dirs carried a pid
  const other = runDir(`paycert-merchant-${deadPid}-abc123`, 3_700_000);
  pruneDeadRunDirs(root);
  expect(existsSync(dead)).toBe(false);
  for (const kept of [live, written, unnamed, other]) expect([kept, existsSync(kept)]).toEqual([kept, true]);
});

test('makeRunDir names the directory after this run and prunes first', () => {
  const dead = runDir(`paycert-run-${deadPid}-xyz789`, 3_700_000);
  const made = makeRunDir(root);
  expect(made).toMatch(new RegExp(`paycert-run-${process.pid}-[A-Za-z0-9]{6}$`));
  expect(existsSync(made)).toBe(true);
  expect(existsSync(dead)).toBe(false);
});

test('a temp dir that cannot be read is no error', () => {
  expect(() => pruneDeadRunDirs(join(root, 'absent'))).not.toThrow();
});
