import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../harness/runner.ts';
import type { RunConfig } from '../harness/run-config.ts';
import { VERSION } from '../version.ts';
import {
  overall,
  partialReason,
  profileCertificate,
  ruleVerdictsOf,
  verdictOfCheck,
  type Certificate,
  type PendingCheck,
} from './certificate.ts';
import type { TargetKind } from '../harness/subject.ts';
import { applyBaseline } from './baseline.ts';
import { environment, gitCommit, specsDigest } from './digest.ts';
import { makeDir } from './make-dir.ts';

let specs: string | undefined;
const specsDigestOnce = (): string => (specs ??= specsDigest());

export type StoredResult = Omit<CheckResult, 'evidence'>;

export function buildCertificate(
  config: RunConfig,
  results: StoredResult[],
  startedAt: string,
  complete: boolean,
  errors: string[] = [],
  pending: readonly PendingCheck[] = [],
): Certificate & { errors: string[] } {
  // the results as they are: every subject's copy of all of them was most of a periodic rewrite
  const profiles = config.subjects.map((s) => profileCertificate(s, results, pending));
  const baseline = config.baseline ? applyBaseline(profiles, config.baseline.path, config.baseline.entries) : undefined;
  const o = overall(profiles, complete, errors, config.failOn, baseline);
  const partial = partialReason(config);
  return {
    tool: { name: 'paycert', version: VERSION, commit: gitCommit() },
    environment: environment(),
    specs: specsDigestOnce(),
    complete,
    seed: config.seed,
    plan: config.plan,
    runs: config.runs,
    filters: config.filters,
    partial,
    baseline,
    startedAt,
    finishedAt: complete ? new Date().toISOString() : undefined,
    verdict: o.verdict,
    // whatever the verdict (README "Partial runs"): a failed smoke run's reason says it was one too
    verdictReason: partial ? `partial run (${partial}): ${o.reason}` : o.reason,
    failOn: config.failOn,
    inconclusive: o.inconclusive,
    profiles,
    errors,
  };
}

/** Atomic rewrite, so a crash never leaves half a certificate. */
export function writeJson(path: string, data: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  try {
    renameSync(tmp, path);
  } catch (e) {
    // a directory where the file goes: no stray PATH.tmp left beside it
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** One line of results.ndjson: the result with its raw `outcome` and `ruleOutcomes` (merge reads them
 *  back), and the verdicts the reports show against this target (`verdict`, `ruleVerdicts`): a check
 *  that only broke INFERRED or SHOULD rules of a real target is `failed` in the first, `warning` in the
 *  second, as in the console, checkSummary and junit.xml (probe 24). */
export function resultLine(r: StoredResult, target: TargetKind): string {
  const line = { ...r, verdict: verdictOfCheck(r, target), ruleVerdicts: ruleVerdictsOf(r, target) };
  return `${JSON.stringify(line)}\n`;
}

/** The target kind of a result's subject in this run (a result of no subject of it: judged as a reference). */
export function resultTarget(
  config: Pick<RunConfig, 'subjects'>,
  r: Pick<StoredResult, 'profile' | 'subject'>,
): TargetKind {
  return config.subjects.find((s) => s.profile === r.profile && s.kind === r.subject)?.target ?? 'reference';
}

export function appendResult(outDir: string, r: StoredResult, target: TargetKind): void {
  makeDir(outDir);
  appendFileSync(join(outDir, 'results.ndjson'), resultLine(r, target));
}
