import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A run's private directory for the embedded merchants' stores. The run removes it on every exit it
// sees (its end, a signal, a fatal error); a SIGKILL or a machine's crash leaves it behind. Its name
// carries the run's pid, so that the next run can tell a dead run's directory from a live one's.
const PREFIX = 'paycert-run-';
const NAME = /^paycert-run-(\d+)-[A-Za-z0-9]{6}$/;
// A pid is reused in time, and a run in another pid namespace sharing this temp dir looks dead: a
// directory with anything written in it this recently is left whatever its pid says (a live run
// writes its merchants' stores there as it goes).
const MIN_AGE_MS = 3_600_000;

/** A fresh run directory (mkdtemp: 0700, private to this user), after removing dead runs' ones. */
export function makeRunDir(dir = tmpdir()): string {
  pruneDeadRunDirs(dir);
  return mkdtempSync(join(dir, `${PREFIX}${process.pid}-`));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // another user's process: alive
  }
};

/** Removes the run directories of `dir` whose run is no longer alive: this user's own, nothing in them
 *  written for an hour. Never fails a run: a directory it cannot read or remove is left. */
export function pruneDeadRunDirs(dir = tmpdir(), now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      const path = join(dir, name);
      const st = statSync(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      const written = Math.max(st.mtimeMs, ...readdirSync(path).map((f) => statSync(join(path, f)).mtimeMs));
      if (now - written < MIN_AGE_MS) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      /* gone meanwhile, or not ours to remove */
    }
  }
}
