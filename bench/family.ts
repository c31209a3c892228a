// One family of checks in-process against warmed references, for a CPU profile of the per-case path:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/family.ts valid [runs] [profile]
// Families as in bench/run.ts: valid, violations, signature, flows, merchant, sdk.
import { runCheck } from '../src/harness/runner.ts';
import { closeAdapters } from '../src/harness/sdk.ts';
import { referenceKinds, startReference, subjectOf } from '../src/harness/reference.ts';
import type { Subject } from '../src/harness/subject.ts';
import type { ProfileId } from '../src/spec/paths.ts';
import { CHECKS } from '../suites/registry.ts';
import { FAMILIES } from './families.ts';

const [name = 'valid', runsArg = '200', only] = process.argv.slice(2);
const runs = Number(runsArg);
const pick = FAMILIES[name];
if (!pick) throw new Error(`unknown family ${name}: ${Object.keys(FAMILIES).join(', ')}`);
const subjects = new Map<string, Subject>();
const handles = [];
for (const p of Object.keys(CHECKS) as ProfileId[]) {
  if (only && p !== only) continue;
  for (const kind of referenceKinds(p)) {
    const h = await startReference(p, kind);
    handles.push(h);
    subjects.set(`${p}/${kind}`, subjectOf(h, kind));
  }
}
try {
  for (const round of [5, runs]) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let cases = 0;
    for (const [profile, checks] of Object.entries(CHECKS)) {
      if (only && profile !== only) continue;
      for (const check of checks.filter(pick)) {
        if (process.env.BENCH_VERBOSE) process.stderr.write(`bench: ${check.id} (${round} runs)\n`);
        const fresh = check.subject === 'merchant' ? await startReference(profile as ProfileId, 'merchant') : undefined;
        const subject = fresh ? subjectOf(fresh, 'merchant') : subjects.get(`${profile}/${check.subject}`);
        if (!subject) continue;
        const res = await runCheck(check, subject, { seed: 1, plan: 'full', runs: round }).finally(() =>
          fresh?.close(),
        );
        if (res.outcome !== 'passed' && res.outcome !== 'skipped')
          console.log(`${check.id}: ${res.outcome} ${res.reason ?? ''}`);
        cases += res.cases;
      }
    }
    const c = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    console.log(
      `${name} at ${round} runs: ${cases} cases, ${wall.toFixed(2)} s wall, ${((c.user + c.system) / 1e3 / Math.max(cases, 1)).toFixed(3)} CPU-ms per case, ${(cases / wall).toFixed(0)} cases/s`,
    );
  }
} finally {
  for (const h of handles) await h.close();
  await closeAdapters(); // the SDK adapters' child processes would keep this process alive
}
