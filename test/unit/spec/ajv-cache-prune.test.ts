// The validator cache drops modules written over a week ago whenever it writes one (a schema edit
// gives every schema a new key: without this it only grew).
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cacheKey, loadValidator, pruneValidators, storeValidator } from '../../../src/spec/ajv-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'paycert-ajv-prune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const aged = (name: string, days: number): string => {
  const f = join(dir, name);
  writeFileSync(f, '// stale\n');
  const t = (Date.now() - days * 24 * 3600_000) / 1000;
  utimesSync(f, t, t);
  return f;
};

test('writing a validator removes the modules (and leftovers) written over a week ago, and only those', () => {
  const stale = aged(`${'a'.repeat(64)}.cjs`, 8);
  const leftover = aged(`${'b'.repeat(64)}.cjs.123.tmp`, 8);
  const recent = aged(`${'c'.repeat(64)}.cjs`, 6);
  const other = aged('README', 30);
  const key = cacheKey(['prune-test']);
  storeValidator(dir, key, 'module.exports = function validate() { return true; };');
  expect(loadValidator(dir, key)).toBeTypeOf('function');
  expect([existsSync(stale), existsSync(leftover), existsSync(recent), existsSync(other)]).toEqual([
    false,
    false,
    true,
    true,
  ]);
});

test('an absent cache directory is no error', () => {
  expect(() => pruneValidators(join(dir, 'absent'))).not.toThrow();
});
