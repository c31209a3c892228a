/** Writes suites/file-weights.json from a run's results: each suite file's share (per mille) of the
 *  checks' summed duration. `paycert run` hands its files to vitest heaviest first (the sequencer in
 *  vitest.config.ts), so that the two workers finish together: the g2g fields file alone is over a
 *  third of a default run, and started last it would run on alone for minutes.
 *
 *  node --import tsx scripts/file-weights.ts DIR   (DIR: the --out of a default `paycert run --profile all`) */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checksOf } from '../src/cli/run.ts';
import { ROOT } from '../src/spec/paths.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: scripts/file-weights.ts RUN_DIR');
  process.exit(2);
}
const duration = new Map<string, number>();
for (const line of readFileSync(join(dir, 'results.ndjson'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as { id: string; profile: string; durationMs?: number };
  duration.set(`${r.profile}:${r.id}`, r.durationMs ?? 0);
}
const files = (readdirSync(join(ROOT, 'suites'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(ROOT, 'suites', f));
const total = [...duration.values()].reduce((a, b) => a + b, 0);
const weights = files
  .map((f) => {
    const ms = (checksOf(f) ?? []).reduce((s, c) => s + (duration.get(`${c.profile}:${c.id}`) ?? 0), 0);
    return [relative(ROOT, f).split('\\').join('/'), Math.round((1000 * ms) / total)] as const;
  })
  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
writeFileSync(join(ROOT, 'suites', 'file-weights.json'), JSON.stringify(Object.fromEntries(weights), null, 2) + '\n');
console.log(
  weights
    .slice(0, 8)
    .map(([f, w]) => `${w}\u2030 ${f}`)
    .join('\n'),
);
