import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDir } from '../../../src/report/make-dir.ts';
import { ROOT } from '../../../src/spec/paths.ts';

describe('makeDir', () => {
  test('makes every missing level, and an existing directory is fine', () => {
    const base = mkdtempSync(join(tmpdir(), 'paycert-mkdir-'));
    const deep = join(base, 'a', 'b', 'c');
    makeDir(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDir(deep);
    makeDir(base);
  });

  test('a file in the way is an error, not a directory', () => {
    const base = mkdtempSync(join(tmpdir(), 'paycert-mkdir-'));
    writeFileSync(join(base, 'f'), '');
    expect(() => makeDir(join(base, 'f'))).toThrow(/EEXIST/);
    expect(() => makeDir(join(base, 'f', 'x', 'y'))).toThrow(/ENOTDIR/);
  });

  // Node's recursive mkdirSync never returns here; a child with a deadline keeps a regression from
  // hanging this worker.
  test.runIf(existsSync('/proc/self'))('a parent that cannot hold directories (/proc) fails at once', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import { makeDir } from './src/report/make-dir.ts';
         try { makeDir('/proc/paycert-no-such/out'); console.log('made'); } catch (e) { console.log(e.code); }`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
  });
});
