// The suites project's settings, in one place: vitest.config.ts declares the project with them (for
// `npx vitest --project suites` and npm test), and `paycert run` hands them to vitest inline with
// `config: false`, so that vite does not bundle and evaluate vitest.config.ts (rolldown) at every
// run's start (~0.1 CPU-s of the main process, and more of its wall time under load).
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** vitest's file-system module cache keeps what it transformed (src/, suites/) for the next process:
 *  ~1 CPU-s of every `paycert run` and of every vitest start in npm test (keyed by each file's
 *  content, so an edit is never served stale). It lives in node_modules/.experimental-vitest-cache,
 *  under the installer's own directory (never a shared temp directory another user could write
 *  into), and only when that is writable: vitest cannot start otherwise. */
export function fsModuleCache(root: string): boolean {
  try {
    accessSync(join(root, 'node_modules'), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** PAYCERT_CPU_PROF=DIR: a CPU profile of every test worker (node refuses --cpu-prof in NODE_OPTIONS).
 *  vitest 4 ends a fork worker with SIGTERM, and node writes the profile only on an exit it runs:
 *  the worker exits on SIGTERM itself (vitest sends SIGKILL 500 ms later). */
export function profiling(): { execArgv?: string[] } {
  const dir = process.env.PAYCERT_CPU_PROF;
  const exitOnTerm = 'data:text/javascript,process.once("SIGTERM",()=>process.exit(0))';
  return dir ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', exitOnTerm] } : {};
}

/** vitest's default 5 s is a wall-clock limit on what is CPU work here (property tests of the
 *  signers and parsers): on a loaded machine (load 12 on 2 cores in CI beside other jobs) a
 *  one-second test took over 5 s and failed, and at load 30 a 5 CPU-s property test of the g2g
 *  signer took 81 s. Speed is measured in bench/, never asserted by a timeout; this one only stops a
 *  hang. */
export const TEST_TIMEOUT_MS = 180_000;

export const SUITES = {
  include: ['suites/**/*.test.ts'],
  // the suite files share their workers' module graph: loading it once per worker instead of
  // once per file is most of the start-up time. Safe because the suites hold no per-file
  // state: their module-level state (the callback listener with a path per check, the SDK
  // adapter per command, the declaration's order allocator, undici's agent) is per process
  // by design, and checks never mock modules or globals.
  isolate: false,
  // two workers for `paycert run` against the references: the checks are CPU-bound
  maxWorkers: 2,
  // allure-vitest's setup file registers its hooks when evaluated; vitest re-evaluates a setup
  // file for every test file only when it goes through vitest's module runner, not when
  // node loads it (an external dependency): without this, with isolate false, only the first
  // file of each worker had its Allure labels, steps and attachments
  server: { deps: { inline: ['allure-vitest'] } },
  globalSetup: ['src/harness/global-setup.ts'],
  testTimeout: TEST_TIMEOUT_MS,
  hookTimeout: 60_000,
};
