import { existsSync, lstatSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { writeJson } from '../report/write.ts';
import { REPORT_MARKER, REPORT_OUTPUTS } from './report-dir.ts';
import { UsageError } from './errors.ts';

/**
 * `data` as JSON into the file a command's `--out FILE` names. A regular file or a new path is
 * written atomically (a temporary file renamed over it); a symbolic link is followed (the file it
 * names is written, the link stays); anything else that is not a directory (`/dev/stdout`, a FIFO, a
 * device) is written into as it is: renaming a file over it replaced it (`/dev/stdout` became a
 * regular file, `/dev/full` reported success). A report directory's own files (certificate.json,
 * results.ndjson, evidence/…) are refused: `--out reports/certificate.json` overwrote a run's
 * certificate. Every refusal and write error is a one-line usage error naming `option`.
 */
export function writeOutFile(path: string, data: unknown, option: string): void {
  const fail = (why: string) => new UsageError(`${option} ${path} cannot be written (${why})`);
  const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  const st = statSync(path, { throwIfNoEntry: false }); // through symbolic links
  if (st?.isDirectory()) throw fail('it is a directory');
  if (st && !st.isFile()) {
    // a device, FIFO or socket (/dev/stdout may name a pipe, which has no path to rename over)
    try {
      writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
    } catch (e) {
      throw fail(errno(e));
    }
    return;
  }
  let target: string;
  try {
    // the file a symbolic link names, or a new file in its real directory (a dangling link: lstat finds it)
    target = st
      ? realpathSync(path)
      : lstatSync(path, { throwIfNoEntry: false })
        ? resolve(dirname(resolve(path)), readlinkSync(path))
        : join(realpathSync(dirname(resolve(path))), basename(path));
  } catch (e) {
    throw fail(errno(e));
  }
  const report = reportFile(target);
  if (report) throw fail(`it is ${report} of a paycert report directory`);
  try {
    writeJson(target, data);
  } catch (e) {
    throw fail(errno(e));
  }
}

/** Which of a report directory's outputs `file` (a real path) is, if it is one: a file a run writes,
 *  or one inside a directory it writes, in a directory with paycert's marker. */
function reportFile(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const first = relative(dir, file).split(sep)[0]!;
    const ours = [...REPORT_OUTPUTS, REPORT_MARKER] as readonly string[];
    if (ours.includes(first) && [REPORT_MARKER, '.run-config.json'].some((m) => existsSync(join(dir, m))))
      return first === relative(dir, file) ? first : `inside ${first}/`;
    if (dirname(dir) === dir) return undefined;
  }
}
