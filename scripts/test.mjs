// `npm test`: the type check and the unit, meta and end-to-end tests side by side (tsc is 40-50
// CPU-s from nothing, which the test run would otherwise wait for). tsc's report is printed after
// vitest's; the command fails if either fails. Extra arguments go to vitest.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// the packages' own entry files (vitest's package exports do not include its bin)
const bin = (path) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
const children = new Set();
const run = (file, args, stdio, env = process.env) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin(file), ...args], { stdio, env });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let out = '';
    child.stdout?.on('data', (b) => (out += b));
    child.stderr?.on('data', (b) => (out += b));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });

/** tsc --incremental keeps what it learnt (each file's hash, its diagnostics, what its declarations
 *  look like) in a .tsbuildinfo and checks again only the files that changed and those whose
 *  dependencies' declarations changed: its errors are those of a full check. The file lives in the
 *  installer's node_modules/.cache (as vitest's module cache, never a shared temp directory, never in
 *  git), one per checkout (worktrees share node_modules), and only when node_modules is writable. */
function buildInfo() {
  const dir = cacheDir('paycert-tsc');
  if (dir === undefined) return [];
  const checkout = createHash('sha256').update(realpathSync(ROOT)).digest('hex').slice(0, 16);
  return ['--incremental', '--tsBuildInfoFile', join(dir, `${checkout}.tsbuildinfo`)];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** node_modules/.cache/NAME, made if need be, when node_modules is writable; else undefined. */
function cacheDir(name) {
  try {
    accessSync(join(ROOT, 'node_modules'), constants.W_OK);
    const dir = join(ROOT, 'node_modules', '.cache', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return undefined;
  }
}

/** The tests' own temporary directory (TMPDIR for vitest and every process it starts), removed when
 *  they end: a test that leaves a report, a store or a server's state behind leaves it there, not in
 *  the machine's shared /tmp (thousands of directories had gathered there over many runs). On an
 *  interrupt the children get the signal (Ctrl-C has already given it to them), and the directory is
 *  removed once vitest has ended. */
const testTmp = mkdtempSync(join(tmpdir(), 'paycert-test-'));
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
let interrupted;
for (const signal of Object.keys(SIGNALS))
  process.on(signal, () => {
    interrupted = signal;
    for (const child of children) child.kill(signal);
  });

/** Where the outsiders' compiled Java is kept between runs (their scripts key it by the sources'
 *  hash; a private TMPDIR would compile it again every run): the installer's node_modules/.cache, as
 *  tsc's build info, when writable; else their default, the temp dir. */
function buildCache() {
  const dir = cacheDir('paycert-builds');
  return dir === undefined ? {} : { PAYCERT_BUILD_CACHE: dir };
}

const tsc = run('typescript/bin/tsc', ['--noEmit', ...buildInfo()], ['ignore', 'pipe', 'pipe']);
const vitest = await run(
  'vitest/vitest.mjs',
  ['run', '--project', 'unit', '--project', 'unit-isolated', '--project', 'integration', ...process.argv.slice(2)],
  'inherit',
  { ...process.env, ...buildCache(), TMPDIR: testTmp },
);
rmSync(testTmp, { recursive: true, force: true, maxRetries: 3 });
if (interrupted) process.exit(128 + SIGNALS[interrupted]);
const types = await tsc;
if (types.code !== 0) process.stderr.write(`\ntsc --noEmit failed:\n${types.out}`);
else process.stdout.write('tsc --noEmit: no type errors\n');
process.exit(vitest.code || types.code);
