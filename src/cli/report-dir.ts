import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDir } from '../report/make-dir.ts';
import { HTML_STAGING } from '../report/html.ts';
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

/**
 * --out made ready for a run's or a merge's reports: created if need be, and emptied of the previous
 * reports. A directory paycert did not make its own (`--out .` in a project, `--out ~`) may hold an
 * `html/` or an `evidence/` of the user's: paycert refuses to clear those, and writes nowhere it
 * cannot (`/proc/self`), with a usage error either way. `option` names the option in messages.
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
    for (const name of REPORT_OUTPUTS) rmSync(join(out, name), { recursive: true, force: true });
  } catch (e) {
    throw cannot(e);
  }
  return out;
}
