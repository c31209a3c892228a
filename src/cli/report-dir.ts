import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDir } from '../report/make-dir.ts';
import { HTML_STAGING } from '../report/html.ts';
import { processStart, stillRunning } from '../harness/proc.ts';
import { UsageError } from './errors.ts';

/** What a run (or a merge) writes in --out, and clears there first: a run that stops early never
 *  leaves an earlier `complete: true` certificate (or its signature) behind. */
export const REPORT_OUTPUTS = [
  'allure-results',
  'html',
  HTML_STAGING,
  'junit.xml',
  'certificate.json',
  'certificate.jws',
  'certificate.html',
  'evidence',
  'results.ndjson',
  '.run-config.json',
] as const;

/** Written in every directory paycert has made its report directory: only there does it remove
 *  anything. `.run-config.json` marks the directories of the runs before this marker existed. */
export const REPORT_MARKER = '.paycert-report';
const MARKS = [REPORT_MARKER, '.run-config.json'];

/** Held by the run (or merge) writing into the directory: `pid start-time`. Two runs on one --out
 *  cleared each other's reports and shared `.adapter-groups`, and one's SIGINT killed the other's SDK
 *  adapter: a second is refused while the first is running. */
export const REPORT_LOCK = '.paycert-lock';
/** the report directories this process holds, to let go of when it exits however it exits */
const held = new Set<string>();
process.once('exit', () => {
  for (const out of held) releaseReportDir(out);
});

/** Take `out` for this process, or a usage error naming the run that holds it. A lock whose process
 *  is gone (killed; or its id now another process's, told by its start time) is taken over. */
function lockReportDir(out: string, dir: string, option: string): void {
  const lock = join(out, REPORT_LOCK);
  const mine = `${[process.pid, processStart(process.pid)].join(' ').trim()}\n`;
  for (let tries = 0; tries < 3; tries++) {
    try {
      writeFileSync(lock, mine, { flag: 'wx' });
      held.add(out);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let text = '';
    try {
      text = readFileSync(lock, 'utf8');
    } catch {
      // gone meanwhile: try again
    }
    const m = /^(\d+)(?: (\d+))?\s*$/.exec(text);
    if (m && stillRunning(Number(m[1]), m[2]))
      throw new UsageError(
        `${option} ${dir} is in use by another paycert run (pid ${m[1]}): give each run its own directory, or wait for that one to end`,
      );
    rmSync(lock, { force: true });
  }
  throw new UsageError(`${option} ${dir}: another paycert run is starting there: give each run its own directory`);
}

/** Let go of `out` (claimReportDir): the next run may take it. */
export function releaseReportDir(out: string): void {
  if (!held.delete(out)) return;
  rmSync(join(out, REPORT_LOCK), { force: true });
}

/**
 * --out made ready for a run's or a merge's reports: created if need be, locked for this process
 * (REPORT_LOCK; releaseReportDir lets go of it, and so does the process's exit) and emptied of the
 * previous reports. A directory paycert did not make its own (`--out .` in a project, `--out ~`) may
 * hold an `html/` or an `evidence/` of the user's: paycert refuses to clear those, and writes nowhere
 * it cannot (`/proc/self`), with a usage error either way. `option` names the option in messages.
 */
export function claimReportDir(dir: string, option = '--out'): string {
  // an empty --out (an unset shell variable) would resolve to the working directory
  if (dir.trim() === '') throw new UsageError(`${option} needs a directory, got an empty string`);
  const out = resolve(dir);
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`${option} ${dir} is a file, not a directory`);
  const cannot = (e: unknown) =>
    new UsageError(
      `${option} ${dir}: cannot use it as the report directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  let names: string[];
  try {
    makeDir(out);
    names = readdirSync(out);
  } catch (e) {
    throw cannot(e);
  }
  const ours = MARKS.some((m) => names.includes(m));
  const theirs = ours ? [] : REPORT_OUTPUTS.filter((n) => names.includes(n));
  if (theirs.length > 0)
    throw new UsageError(
      `${option} ${dir} holds ${theirs.map((n) => `"${n}"`).join(', ')} that paycert did not write (no ${REPORT_MARKER} in it), and a run would replace them: give a new or empty directory`,
    );
  try {
    writeFileSync(join(out, REPORT_MARKER), 'paycert report directory: each run replaces the reports in it.\n');
    // before anything is removed: another run's reports are its own
    lockReportDir(out, dir, option);
    for (const name of REPORT_OUTPUTS) rmSync(join(out, name), { recursive: true, force: true });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw cannot(e);
  }
  return out;
}
