// Top self-time functions of V8 .cpuprofile files (node --cpu-prof), summed over all the given
// files: `tsx bench/profile-top.ts DIR_OR_FILES… [--top N] [--by file] [--samples]`.
// --samples counts samples instead of summing their time deltas: a thread descheduled for 5 ms gets
// one sample when it runs again (the profiler's signals do not queue), with a 5 ms delta charged to
// the frame it resumed in (a socket or pipe write that woke the reader, mostly). Counts track CPU.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
const top = Number(args[args.indexOf('--top') + 1] ?? 0) || 25;
const byFile = args.includes('--by') && args[args.indexOf('--by') + 1] === 'file';
const bySamples = args.includes('--samples');
const inputs = args.filter((a, i) => !a.startsWith('--') && !['--top', '--by'].includes(args[i - 1] ?? ''));
const files = inputs.flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(p, f))
    : [p],
);

const self = new Map<string, number>();
let total = 0;
for (const f of files) {
  const prof = JSON.parse(readFileSync(f, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  prof.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const us = bySamples ? 1000 : (prof.timeDeltas[i] ?? 0);
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const where = url ? relative(process.cwd(), url).replace(/^.*node_modules\//, 'nm:') : '';
    const key = byFile
      ? where || `(${n.callFrame.functionName || 'native'})`
      : `${n.callFrame.functionName || '(anonymous)'}  ${where}${where ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
}
console.log(
  bySamples
    ? `${files.length} profiles, ${total / 1000} samples`
    : `${files.length} profiles, ${(total / 1e6).toFixed(1)} s sampled`,
);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(
    `${(us / 1e3).toFixed(0).padStart(8)} ${bySamples ? 'sa' : 'ms'} ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`,
  );
}
