import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  // hanging this worker (a worker thread cannot stop a loop in native code). The child runs the
  // module's bundle (bin/bundled.mjs, as the CLI runs it) with plain node: a start through tsx is
  // 1.5–2 CPU-s. Without a bundle, the sources through tsx, as the CLI falls back.
  test.runIf(existsSync('/proc/self'))('a parent that cannot hold directories (/proc) fails at once', async () => {
    const { bundleFor } = (await import(pathToFileURL(join(ROOT, 'bin', 'bundled.mjs')).href)) as {
      bundleFor: (entry: string) => Promise<string | undefined>;
    };
    const bundle = await bundleFor('src/report/make-dir.ts');
    const from = bundle ? pathToFileURL(bundle).href : './src/report/make-dir.ts';
    const r = spawnSync(
      process.execPath,
      [
        ...(bundle ? ['--input-type=module'] : ['--import', 'tsx']),
        '-e',
        `import { makeDir } from ${JSON.stringify(from)};
         try { makeDir('/proc/paycert-no-such/out'); console.log('made'); } catch (e) { console.log(e.code); }`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
  });
});
