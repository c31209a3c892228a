import type { Check } from '../src/harness/check.ts';
import { runCheck } from '../src/harness/runner.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { adapterPids, closeAdapters } from '../src/harness/sdk.ts';
import { referenceKinds, startReference, subjectOf } from '../src/harness/reference.ts';
import type { SandboxHandle } from '../src/reference/handle.ts';
import type { Subject } from '../src/harness/subject.ts';
import type { ProfileId } from '../src/spec/paths.ts';
import { CHECKS } from '../suites/registry.ts';

/** The check families the bench measures (bench/run.ts) and bench/family.ts profiles. */
export const FAMILIES: Record<string, (c: Check) => boolean> = {
  valid: (c) => c.subject === 'gateway' && /\.valid(-creates)?$/.test(c.id),
  violations: (c) => c.subject === 'gateway' && c.id.includes('violations'),
  signature: (c) => c.subject === 'gateway' && (c.area === 'signature' || c.area === 'jws'),
  flows: (c) => c.subject === 'gateway' && /\.flow\./.test(c.id),
  merchant: (c) => c.subject === 'merchant',
  sdk: (c) => c.subject === 'sdk',
};

/** This process's CPU seconds so far (a busy neighbour does not count against it). */
export const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU seconds of the running SDK adapter processes so far (Linux /proc; 0 elsewhere). A case of the
 *  sdk family is served in two processes: this one (the checks, the recording gateway, the reference
 *  gateway) and the adapter, which builds, signs and sends the SDK's requests. */
export const adapterCpuS = (): number => {
  let s = 0;
  for (const pid of adapterPids()) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      s += (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
    } catch {
      /* not Linux, or the adapter has just exited */
    }
  }
  return s;
};

/** CPU seconds so far of this process's threads other than the JavaScript one (V8's compiler and GC
 *  helpers, libuv's pool; Linux /proc, 0 elsewhere): part of cpuS(), shown apart because it is
 *  mostly V8 optimising the case's code, which a warm round no longer pays. */
export const helperCpuS = (): number => {
  let s = 0;
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      if (tid === String(process.pid)) continue;
      const f = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      s += (Number(f[11]) + Number(f[12])) / 100;
    }
  } catch {
    /* not Linux, or a thread ended while read */
  }
  return s;
};

/** Every reference of every profile (or of `only`), started once in this process. `close` also
 *  ends the SDK adapters' child processes, which would keep the process alive. */
export async function startReferences(
  only?: string,
): Promise<{ subjects: Map<string, Subject>; close: () => Promise<void> }> {
  const handles: SandboxHandle[] = [];
  const subjects = new Map<string, Subject>();
  for (const p of Object.keys(CHECKS) as ProfileId[]) {
    if (only && p !== only) continue;
    for (const kind of referenceKinds(p)) {
      const h = await startReference(p, kind);
      handles.push(h);
      subjects.set(`${p}/${kind}`, subjectOf(h, kind));
    }
  }
  return {
    subjects,
    close: async () => {
      for (const h of handles) await h.close();
      await closeAdapters();
    },
  };
}

export interface FamilyRun {
  cases: number;
  checks: number;
  wallS: number;
  /** this process's CPU seconds */
  cpuS: number;
  /** the SDK adapter processes' CPU seconds (only while they run: adapters started and closed
   *  inside the family are not seen; the bench's references keep theirs for the whole bench) */
  adapterCpuS: number;
  /** of cpuS, this process's threads other than the JavaScript one (helperCpuS) */
  helperCpuS: number;
  notPassed: string[];
}

/** One family's checks against the started references (a fresh reference merchant per merchant
 *  check: it hands each declared order to one check only), skipped checks not counted. */
export async function runFamily(
  name: string,
  subjects: Map<string, Subject>,
  runs: number,
  only?: string,
): Promise<FamilyRun> {
  const r: FamilyRun = { cases: 0, checks: 0, wallS: 0, cpuS: 0, adapterCpuS: 0, helperCpuS: 0, notPassed: [] };
  const c0 = cpuS();
  const a0 = adapterCpuS();
  const h0 = helperCpuS();
  const t0 = performance.now();
  for (const [profile, checks] of Object.entries(CHECKS)) {
    if (only && profile !== only) continue;
    for (const check of checks.filter(FAMILIES[name]!)) {
      const at = process.env.BENCH_VERBOSE ? [performance.now(), cpuS(), adapterCpuS()] : undefined;
      const fresh = check.subject === 'merchant' ? await startReference(profile as ProfileId, 'merchant') : undefined;
      const subject = fresh ? subjectOf(fresh, 'merchant') : subjects.get(`${profile}/${check.subject}`);
      if (!subject) continue;
      const res = await runCheck(check, subject, { seed: 1, plan: 'full', runs, budgetMs: 120_000 }).finally(() =>
        fresh?.close(),
      );
      if (at)
        process.stderr.write(
          `bench: ${name} ${check.id} (${runs} runs): ${res.cases} cases, ${((performance.now() - at[0]!) / 1000).toFixed(2)} s wall, ${(cpuS() - at[1]!).toFixed(2)} + ${(adapterCpuS() - at[2]!).toFixed(2)} CPU-s (this process + SDK adapters)\n`,
        );
      if (res.outcome === 'skipped') continue;
      r.checks++;
      r.cases += res.cases;
      if (res.outcome !== 'passed') r.notPassed.push(`${check.id}: ${res.outcome} ${res.reason ?? ''}`.trim());
    }
  }
  r.wallS = (performance.now() - t0) / 1000;
  r.cpuS = cpuS() - c0;
  r.adapterCpuS = adapterCpuS() - a0;
  r.helperCpuS = helperCpuS() - h0;
  return r;
}
