import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `python3` as the shell finds it, resolved once per process. A version manager's shim (pyenv's is
 *  a bash script that forks ~20 processes to pick the version) cost 0.3–0.7 CPU-s a start at load
 *  25, against 0.1 for the interpreter itself, and an outsider's case starts it 2–4 times
 *  (free-port.sh, wait-port.sh, a setup script, the server). */
const resolved = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
export const hasPython = resolved.status === 0;

/** PATH with a directory holding only `python3`, a link to the interpreter the shim chose (the same
 *  version in the same directory: the outsiders' scripts run from the repository as the tests do),
 *  first. Nothing else moves ahead on PATH; without python3 it is PATH unchanged. */
export const pythonPath = ((): string | undefined => {
  const exe = resolved.stdout?.trim();
  if (!hasPython || !exe) return process.env.PATH;
  const dir = join(tmpdir(), `paycert-python3-${createHash('sha256').update(exe).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  // another test process may make the same link at once: each its own name, then one rename wins
  const own = join(dir, `.python3-${process.pid}`);
  try {
    symlinkSync(exe, own);
    renameSync(own, join(dir, 'python3'));
  } catch {
    return process.env.PATH;
  }
  return `${dir}:${process.env.PATH ?? ''}`;
})();
