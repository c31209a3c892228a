import type { Plan } from './check.ts';
import type { Subject } from './subject.ts';

/** Everything a test worker needs to know about the run; travels as JSON (no secrets in it: see
 *  RUN_SUBJECTS_ENV). */
export interface RunConfig {
  seed: number;
  plan: Plan;
  /** property runs per check, overriding the subjects' defaults */
  runs?: number;
  subjects: Subject[];
  /** `--fail-on`; absent: the default per target kind (src/report/verdict.ts) */
  failOn?: 'failed' | 'warning' | 'inconclusive';
  /** --grep / --rule as given, and the check ids they selected (recorded in the certificate) */
  filters?: { grep?: string; rules?: string[] };
  /** --baseline: the file and its entries (src/report/baseline.ts) */
  baseline?: { path: string; entries: import('../report/baseline.ts').BaselineEntry[] };
  /** `--check` / `--shard`: only these check ids run (absent: all) */
  only?: string[];
  /** `--check` as given (the run is partial; `only` is also narrowed by --shard) */
  check?: string[];
  /** `--replay k:path` (with one --check) */
  replay?: string;
  /** per `<profile>/<subject>`: the command line that selects the subject again (replay commands) */
  replayBase?: Record<string, string>;
  /** embedded references: the temporary directory of the workers' merchant stores (the run removes it) */
  embeddedDir?: string;
  /** `--shard i/n` */
  shard?: { index: number; count: number };
}

export const RUN_CONFIG_ENV = 'PAYCERT_RUN_CONFIG';
/** The subjects as given (JSON), when the config file shows them otherwise: a secret in an --sdk
 *  command or a URL is written there as a reference to its variable (src/cli/shown.ts). */
export const RUN_SUBJECTS_ENV = 'PAYCERT_RUN_SUBJECTS';

declare module 'vitest' {
  export interface ProvidedContext {
    paycertRun: RunConfig;
  }
}
