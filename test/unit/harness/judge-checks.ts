import { expect } from 'vitest';
import { runCheck, runChecks } from '../../../src/harness/runner.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import type { ProfileId } from '../../../src/spec/paths.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { secretValues } from '../../../src/spec/credentials.ts';
import { registerSecret } from '../../../src/harness/redact.ts';

/** The checks `ids` of `profile` run on `subject` (seed 7, full plan, 2 runs): their results, the
 *  "check rule" lists by verdict, and all of it as text for an assertion's message. */
export async function judgeChecks(profile: keyof typeof CHECKS, ids: string[], subject: Subject) {
  const checks = CHECKS[profile].filter((c) => ids.includes(c.id));
  expect(checks.map((c) => c.id).sort()).toEqual([...ids].sort());
  const results = await runChecks(checks, subject, { seed: 7, plan: 'full', runs: 2 });
  const verdicts: Record<string, string[]> = {};
  for (const r of results)
    for (const [rule, o] of Object.entries(r.ruleOutcomes)) (verdicts[o] ??= []).push(`${r.id} ${rule}`);
  const shown = JSON.stringify(
    results.map((r) => [r.id, r.ruleOutcomes, r.reason, r.ruleReasons]),
    null,
    1,
  );
  return { results, verdicts, shown };
}

/** `fn` with the environment variable `name` set to `value`, restored afterwards. The redaction's
 *  secrets are registered first, from the environment as it was: it reads them once, at its first
 *  use, and a first use inside `fn` would leave the real secret unregistered for every later test
 *  file of the worker (the unit files share their workers' modules). */
export async function withEnv<T>(name: string, value: string, fn: () => Promise<T>): Promise<T> {
  for (const s of secretValues()) registerSecret(s);
  const saved = process.env[name];
  process.env[name] = value;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

const started: SandboxHandle[] = [];

/** One check of `profile` run against its reference gateway with `defects` (seed 1, full plan, `runs`
 *  cases when given): its result and, as text for an assertion's message, its reasons and failures.
 *  The references it starts are closed by closeReferences (a file's afterAll). */
export async function checkOnReference(profile: ProfileId, defects: string[], id: string, runs?: number) {
  const h = await startReference(profile, 'gateway', defects);
  started.push(h);
  const check = CHECKS[profile].find((c) => c.id === id);
  expect(check, `no check ${id}`).toBeDefined();
  const r = await runCheck(check!, subjectOf(h, 'gateway'), { seed: 1, plan: 'full', ...(runs && { runs }) });
  return { ...r, why: `${id}: ${JSON.stringify(r.ruleReasons)} ${JSON.stringify(r.failures)}` };
}

export async function closeReferences(): Promise<void> {
  for (const h of started.splice(0)) await h.close();
}

/** The check `id` of `profile` (seed 1, full plan, `runs` cases) against the reference `h` reached at
 *  `baseUrl` instead of its own address: a proxy or a server of the test standing in front of it. */
export async function checkThrough(profile: ProfileId, h: SandboxHandle, id: string, baseUrl: string, runs = 3) {
  const check = CHECKS[profile].find((c) => c.id === id);
  expect(check, `no check ${id}`).toBeDefined();
  return runCheck(check!, { ...subjectOf(h, 'gateway'), baseUrl }, { seed: 1, plan: 'full', runs });
}
