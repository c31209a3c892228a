// One family of checks in-process against warmed references, for a CPU profile of the per-case path:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/family.ts valid [runs] [profile]
// Families as in bench/run.ts: valid, violations, signature, flows, merchant, sdk.
// BENCH_PROFILE=FILE writes a CPU profile of the measured round only (no start-up, no warm-up round),
// sampled every 200 µs; read it with `npx tsx bench/profile-top.ts FILE --samples`.
// BENCH_REPEAT=N measures N rounds one after the other (V8 is still optimising the case's code in the
// first: the per-case CPU falls round after round, and the helper threads' share with it).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { FAMILIES, runFamily, startReferences } from './families.ts';

const [name = 'valid', runsArg = '200', only] = process.argv.slice(2);
const runs = Number(runsArg);
if (!FAMILIES[name]) throw new Error(`unknown family ${name}: ${Object.keys(FAMILIES).join(', ')}`);
const refs = await startReferences(only);
const profileTo = process.env.BENCH_PROFILE;
try {
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
  for (const [i, round] of [5, ...Array<number>(repeat).fill(runs)].entries()) {
    const session = profileTo && i === repeat ? await startProfile() : undefined;
    const r = await runFamily(name, refs.subjects, round, only);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileTo!, JSON.stringify(profile));
      session.disconnect();
    }
    for (const x of r.notPassed) console.log(x);
    const perCase = (s: number) => ((1000 * s) / Math.max(r.cases, 1)).toFixed(3);
    console.log(
      `${name} at ${round} runs: ${r.cases} cases, ${r.wallS.toFixed(2)} s wall, ${perCase(r.cpuS + r.adapterCpuS)} CPU-ms per case (this process ${perCase(r.cpuS)}, of which its helper threads ${perCase(r.helperCpuS)}; SDK adapters ${perCase(r.adapterCpuS)}), ${(r.cases / r.wallS).toFixed(0)} cases/s`,
    );
  }
} finally {
  await refs.close();
}

async function startProfile(): Promise<Session> {
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 200 });
  await s.post('Profiler.start');
  return s;
}
