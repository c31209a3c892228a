import type { Plan } from './check.ts';
import type { Subject } from './subject.ts';

/** Everything a test worker needs to know about the run; travels as JSON (no secrets in it). */
export interface RunConfig {
  seed: number;
  plan: Plan;
  /** property runs per check, overriding the subjects' defaults */
  runs?: number;
  subjects: Subject[];
  /** `--fail-on`; absent: the default per target kind (src/report/verdict.ts) */
  failOn?: 'failed' | 'inconclusive';
}

export const RUN_CONFIG_ENV = 'PAYCERT_RUN_CONFIG';

declare module 'vitest' {
  export interface ProvidedContext {
    paycertRun: RunConfig;
  }
}
