// Shared by the sdk*.test.ts files (one per group of outsiders' SDKs, so that vitest spreads them over
// its workers: in one file they were the longest e2e file, 310 s of CI's 779): a third party's SDK
// judged in this process, as `paycert run --subject sdk --sdk CMD` judges it.
import { startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { Subject } from '../../src/harness/subject.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SEED } from '../seed.ts';

// hasPython, hasPhp and hasPerl are in python.ts, php.ts and perl.ts: each is a process start at import
// (python3's through pyenv's shim ~0.8 CPU-s), paid only by the files that need it

/** The SDK whose adapter is `command` judged in this process, as `paycert run --subject sdk --sdk CMD`
 *  judges it (a third party's SDK is a real subject, against the embedded gateway), without a CLI
 *  run's start-up each (a CPU-second and more; sdk.test.ts keeps a case through the CLI). */
export async function judgeSdk(profile: ProfileId, command: string[], only?: string[]) {
  const h = await startReference(profile, 'sdk');
  try {
    const subject: Subject = {
      ...subjectOf(h, 'sdk'),
      target: 'real',
      sdk: { command },
      info: { implementation: `SDK adapter: ${command.join(' ')}`, defects: [] },
    };
    const checks = CHECKS[profile].filter((c) => c.subject === 'sdk' && (!only || only.includes(c.id)));
    return profileCertificate(subject, await runChecks(checks, subject, { seed: SEED, plan: 'full' })).rules;
  } finally {
    await h.close();
    await closeAdapters();
  }
}

export const judged = (rules: Array<{ id: string; verdict: string }>, ...verdicts: string[]) =>
  rules.filter((r) => verdicts.includes(r.verdict)).map((r) => r.id);

/** Every verdict but a pass, with its reason: the message of a failed expectation on `judged`. */
export const shown = (rules: Array<{ id: string; verdict: string; reason: string }>) =>
  rules
    .filter((r) => r.verdict !== 'passed')
    .map((r) => `${r.id} ${r.verdict}: ${r.reason}`)
    .join('\n');
