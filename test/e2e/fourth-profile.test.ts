import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../../src/spec/paths.ts';

// docs/architecture.md "Add a fourth profile": an empty profile appended to PROFILES fails to compile
// with one error per registry keyed by ProfileId, each at the registry's declaration, and nowhere else.
// Runs tsc over a copy of the sources: 12 s and 17 CPU-s from nothing, 4 s and 5 CPU-s with the build
// info of the last run (see buildInfo).
const REGISTRIES: Array<[file: string, name: string]> = [
  ['src/cli/preflight.ts', 'REQUIRED_VARS'],
  ['src/cli/preflight.ts', 'SECRET_PROBES'],
  ['src/cli/sign.ts', 'signers'],
  ['src/merchant/registry.ts', 'MERCHANTS'],
  ['src/sandbox/registry.ts', 'SANDBOXES'],
  ['src/sdk-adapter/defects.ts', 'SDK_DEFECTS'],
  ['src/sdk-adapter/defects.ts', 'SDK_VARIANTS'],
  ['src/sdk-adapter/policy.ts', 'SDK_DEFAULT_POLICIES'],
  ['src/sdk-adapter/reference.ts', 'REFERENCE_OPS'],
  ['src/spec/credentials.ts', 'CREDENTIAL_VARS'],
  ['suites/registry.ts', 'CHECKS'],
];

test('a fourth profile in PROFILES fails tsc once per registry', () => {
  const kept = buildInfo();
  if (kept) removeStaleCopies(dirname(kept));
  // beside the build info when it is kept (see buildInfo), else in the temp dir
  const dir = mkdtempSync(join(kept ? dirname(kept) : tmpdir(), 'paycert-fourth-'));
  try {
    for (const d of ['src', 'suites', 'test', 'scripts']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ ...tsconfig, include: ['src', 'suites', 'test', 'scripts'] }),
    );
    const profiles = join(dir, 'src', 'spec', 'profiles.ts');
    const before = readFileSync(profiles, 'utf8');
    const after = before.replace(/(export const PROFILES = \[[^\]]*)\] as const;/, "$1, 'fourth'] as const;");
    expect(after, 'PROFILES is declared as `export const PROFILES = [...] as const;`').not.toBe(before);
    writeFileSync(profiles, after);

    const info = join(dir, '.tsbuildinfo');
    if (kept && existsSync(kept)) cpSync(kept, info);
    const tsc = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '-p',
        dir,
        ...(kept ? ['--incremental', '--tsBuildInfoFile', info] : []),
      ],
      // a hang guard: tsc over the whole copy took over 240 s at load 28
      { cwd: dir, encoding: 'utf8', timeout: 600_000 },
    );
    if (kept && existsSync(info)) {
      // whole or not at all: another run may be reading it
      const part = `${kept}.${process.pid}`;
      cpSync(info, part);
      renameSync(part, kept);
    }
    const errors = [...tsc.stdout.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+): (.*)$/gm)];
    expect(tsc.status, tsc.stdout + tsc.stderr).not.toBe(0);
    const found = errors.map(([, file, line, code, message]) => {
      const text = readFileSync(join(dir, file!), 'utf8').split('\n')[Number(line) - 1] ?? '';
      const name = /const (\w+)/.exec(text)?.[1] ?? `${code} ${message}`;
      expect(message, `${file}:${line}`).toMatch(/'fourth' is missing/);
      return [file!.replaceAll('\\', '/'), name] as [string, string];
    });
    expect(found.sort()).toEqual([...REGISTRIES].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Where the copy's tsc build info is kept between runs: node_modules/.cache, one file per checkout
 *  (as npm test's own type check keeps its, scripts/test.mjs), when node_modules is writable. tsc
 *  --incremental checks again every file whose text changed and every file that depends on one (the
 *  copy's profiles.ts is the same text every run), and reports the diagnostics of the others as
 *  they were: the errors of a full check. The copy is made in a fresh directory each run, always
 *  beside this file (not in TMPDIR, which npm test sets to a directory of its own): the build
 *  info's paths, relative to the copy, then name the same files every run. */
function buildInfo(): string | undefined {
  const checkout = createHash('sha256').update(realpathSync(ROOT)).digest('hex').slice(0, 16);
  const file = join(ROOT, 'node_modules', '.cache', 'paycert-fourth', `${checkout}.tsbuildinfo`);
  try {
    accessSync(join(ROOT, 'node_modules'), constants.W_OK);
    mkdirSync(dirname(file), { recursive: true });
    return file;
  } catch {
    return undefined;
  }
}

/** Copies an interrupted run left beside the build info (its finally did not run: SIGKILL), an hour
 *  old or more: a concurrent run's copy is younger. */
function removeStaleCopies(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith('paycert-fourth-') && Date.now() - statSync(path).mtimeMs > 3_600_000)
      rmSync(path, { recursive: true, force: true });
  }
}
