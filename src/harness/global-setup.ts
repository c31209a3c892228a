import './stack-guard.ts';
import type { TestProject } from 'vitest/node';
import { readFileSync } from 'node:fs';
import { PROFILES } from '../spec/paths.ts';
import { RUN_CONFIG_ENV, RUN_SUBJECTS_ENV, type RunConfig } from './run-config.ts';
import { registerSecret } from './redact.ts';
import { secretValues } from '../spec/credentials.ts';
import type { SubjectKind } from '../spec/load.ts';
import type { SandboxHandle } from '../reference/handle.ts';

/** The suites project: run against what `paycert run` resolved (PAYCERT_RUN_CONFIG), or, when
 *  vitest is run directly, against every embedded reference implementation. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  for (const s of secretValues()) registerSecret(s);
  const file = process.env[RUN_CONFIG_ENV];
  if (file) {
    const run = JSON.parse(readFileSync(file, 'utf8')) as RunConfig;
    // the file names a secret of a subject by its variable (.run-config.json is a report): its value
    const given = process.env[RUN_SUBJECTS_ENV];
    if (given) run.subjects = JSON.parse(given) as RunConfig['subjects'];
    project.provide('paycertRun', run);
    return async () => {};
  }
  // the references load only here: under `paycert run` (above) the main process has started them
  const { referenceKinds, startReference, subjectOf } = await import('./reference.ts');
  const handles: Array<{ kind: SubjectKind; h: SandboxHandle }> = [];
  for (const p of PROFILES)
    for (const kind of referenceKinds(p)) handles.push({ kind, h: await startReference(p, kind) });
  const seed = Number(process.env.PAYCERT_SEED ?? Date.now() % 2 ** 31);
  project.provide('paycertRun', { seed, plan: 'full', subjects: handles.map(({ h, kind }) => subjectOf(h, kind)) });
  return async () => {
    for (const { h } of handles) await h.close();
  };
}
