import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../harness/runner.ts';
import type { RunConfig } from '../harness/run-config.ts';
import { VERSION } from '../version.ts';
import { overall, partialReason, profileCertificate, type Certificate, type PendingCheck } from './certificate.ts';
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

export function appendResult(outDir: string, r: StoredResult): void {
  makeDir(outDir);
  appendFileSync(join(outDir, 'results.ndjson'), `${JSON.stringify(r)}\n`);
}
