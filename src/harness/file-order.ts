import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from '../spec/paths.ts';

/** Each suite file's measured share (per mille) of a default run: suites/file-weights.json, written by
 *  scripts/file-weights.ts from a run's results. */
export const FILE_WEIGHTS: Readonly<Record<string, number>> = JSON.parse(
  readFileSync(join(ROOT, 'suites', 'file-weights.json'), 'utf8'),
);

/** The suite files heaviest first, so that `paycert run`'s two workers finish together (vitest hands
 *  the next file in order to whichever worker is free). Not vitest's own order: its durations cache
 *  (node_modules/.vite) is shared by every run of the checkout, and a `--check` run records the time of
 *  the part it ran: the g2g fields file, a third of a default run, recorded as a few seconds, would
 *  start last and run on alone for minutes. A file the table does not know counts as the heaviest. */
export function heaviestFirst<F extends { moduleId: string }>(files: readonly F[]): F[] {
  const weight = (f: F) => FILE_WEIGHTS[relative(ROOT, f.moduleId).split(sep).join('/')] ?? 1e9;
  return [...files].sort((a, b) => weight(b) - weight(a));
}

/** vitest's sequencer for `paycert run` (its files are suite files only; paycert shards by itself). */
export class HeaviestFirst {
  async sort<F extends { moduleId: string }>(files: F[]): Promise<F[]> {
    return heaviestFirst(files);
  }
  async shard<F>(files: F[]): Promise<F[]> {
    return files;
  }
}
