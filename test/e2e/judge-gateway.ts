import { expect } from 'vitest';
import { LIMITS, type Subject } from '../../src/harness/subject.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SEED } from '../seed.ts';

export interface JudgeOptions {
  numRuns?: number;
  seed?: number;
  callbackWaitMs?: number;
  quietMs?: number;
  /** what the checks read from the environment (credentials, the bank's key), as a CLI run's
   *  (undefined: unset); the previous values are restored afterwards */
  env?: Record<string, string | undefined>;
}

/** A third-party gateway at `baseUrl` judged in this process on the checks `ids` of `profile` (each
 *  must exist), as `paycert run --target URL --pace 0` judges a real target: callbacks on loopback,
 *  small runs. */
export async function judgeGateway(profile: ProfileId, baseUrl: string, ids: readonly string[], o: JudgeOptions = {}) {
  const subject: Subject = {
    profile,
    kind: 'gateway',
    target: 'real',
    baseUrl,
    capabilities: ['callbacks'], // on loopback, as the CLI gives it
    limits: {
      ...LIMITS.real,
      numRuns: o.numRuns ?? 3,
      minIntervalMs: 0,
      callbackWaitMs: o.callbackWaitMs ?? 5_000,
      quietMs: o.quietMs ?? 5_000,
    },
    slow: false,
  };
  const env = o.env ?? {};
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  try {
    apply(env);
    const checks = CHECKS[profile].filter((c) => ids.includes(c.id));
    expect(checks.map((c) => c.id).sort()).toEqual([...ids].sort());
    const results = await runChecks(checks, subject, {
      seed: o.seed ?? SEED,
      plan: 'full',
    });
    const rules = profileCertificate(subject, results).rules;
    return {
      results,
      rules,
      verdict: (id: string) => rules.find((r) => r.id === id)?.verdict,
      /** "ID verdict", and its reason unless passed */
      said: (id: string) => {
        const r = rules.find((x) => x.id === id);
        return `${id} ${r?.verdict}${r?.verdict === 'passed' ? '' : `: ${r?.reason}`}`;
      },
      out: rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n'),
    };
  } finally {
    apply(saved);
  }
}
