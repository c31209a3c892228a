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
/** The environment `paycert run` was started with (JSON), for the SDK adapters its test workers start: a
 *  worker's own has vitest's additions (NODE_ENV=test, MODE=test, BASE_URL=/, TEST, VITEST, DEV, PROD,
 *  SSR, …: a user's MODE and BASE_URL replaced) and the run's own variables. */
export const RUN_ENV_ENV = 'PAYCERT_RUN_ENV';

/** `env` for RUN_ENV_ENV. A variable may hold 128 KiB (Linux): past that, a long value (vitest sets none)
 *  travels as 1, "the worker's"; an environment too big even so is not handed over. */
export function encodeRunEnv(env: NodeJS.ProcessEnv): string | undefined {
  const given = Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== RUN_ENV_ENV);
  const all = JSON.stringify(Object.fromEntries(given));
  if (all.length <= 96 << 10) return all;
  const short = JSON.stringify(Object.fromEntries(given.map(([k, v]) => [k, v.length > 256 ? 1 : v])));
  return short.length <= 96 << 10 ? short : undefined;
}

/** The environment `paycert run` was started with (RUN_ENV_ENV), or `env` itself when not handed over. */
export function runEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const text = env[RUN_ENV_ENV];
  if (text === undefined) return env;
  let given: Record<string, string | 1>;
  try {
    given = JSON.parse(text) as Record<string, string | 1>;
  } catch {
    return env;
  }
  return Object.fromEntries(
    Object.entries(given).flatMap(([k, v]) => {
      const value = v === 1 ? env[k] : v;
      return typeof value === 'string' ? [[k, value]] : [];
    }),
  );
}

declare module 'vitest' {
  export interface ProvidedContext {
    paycertRun: RunConfig;
  }
}
