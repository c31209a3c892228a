import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';

/** Whether python3 runs here; on import, python3 is resolved once for this test process.
 *
 *  A version manager's shim (pyenv's `python3` is a bash script that runs `pyenv exec`) resolves
 *  the interpreter again on every start: 0.8 CPU-s a start on the shared machine, against 0.04 for
 *  the interpreter itself, and the e2e files start python3 for nearly every case (an outsider's
 *  server or SDK adapter, free-port.sh, wait-port.sh). When `python3` on PATH is not the interpreter
 *  it runs, a directory of this process's own holding only a `python3` link to that interpreter goes
 *  first on this process's PATH, which its children inherit: the same interpreter, found at once.
 *  Nothing else on PATH changes. */
export const hasPython = resolvePython();

function resolvePython(): boolean {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  const exe = r.stdout.trim();
  const found = which('python3');
  if (!exe || !found || realpathSync(found) === realpathSync(exe)) return true;
  process.env.PATH = `${linkDir(exe)}${delimiter}${process.env.PATH ?? ''}`;
  return true;
}

/** The directory of the link: kept in the installer's node_modules/.cache, one per interpreter (as
 *  the bundles are; never a shared temp directory, which another user could write into), so that no
 *  test process leaves one behind (vitest stops its workers without an 'exit' event); a temporary one,
 *  removed at exit, when node_modules cannot be written. */
function linkDir(exe: string): string {
  const dir = join(
    ROOT,
    'node_modules',
    '.cache',
    'paycert-python3',
    createHash('sha256').update(exe).digest('hex').slice(0, 16),
  );
  try {
    mkdirSync(dir, { recursive: true });
    try {
      symlinkSync(exe, join(dir, 'python3'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (readlinkSync(join(dir, 'python3')) === exe) return dir;
  } catch {
    // not writable: below
  }
  const tmp = mkdtempSync(join(tmpdir(), 'paycert-python3-'));
  symlinkSync(exe, join(tmp, 'python3'));
  process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));
  return tmp;
}

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}
