import { readFileSync } from 'node:fs';

// Telling a process from a later one with the same id. A pid is reused: a file recording the pid of an
// adapter or of a run (`.adapter-groups`, `.paycert-lock` in --out) may name another process by the time
// it is read, and paycert SIGKILLed an unrelated process group that way. A pid is recorded with its
// start time; only a process with both is the one recorded.

/** The start time of process `pid` (clock ticks since boot: /proc/<pid>/stat's 22nd field), or
 *  undefined when there is no such process or no /proc to tell (not Linux). */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may hold spaces and parentheses of its own
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether this system shows its processes' start times (/proc): without it no recorded pid can be
 *  told from a later process with the same id. */
export const startTimes = (): boolean => processStart(process.pid) !== undefined;

/** Whether the process recorded as `pid` (started at `start`, if known) is still running: with a
 *  start time, only that process; without one (not Linux), any process with that id. */
export function stillRunning(pid: number, start: string | undefined): boolean {
  const now = processStart(pid);
  if (now !== undefined || startTimes()) return now !== undefined && (start === undefined || now === start);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // another user's process: running
  }
}
