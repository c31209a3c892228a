import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { heaviestFirst } from './src/harness/file-order.ts';

/** The meta files (a minute each, mostly waiting on loopback and deadlines) alternate with the e2e
 *  files (CPU-bound child processes), so that one fills the CPU the other leaves idle; the short
 *  unit files come last and fill the end, so the workers finish together (vitest would order the
 *  projects by name: e2e, meta, unit). Within a project, vitest's own order (known durations, else
 *  file size). */
class MetaBesideE2e extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const of = (name: string) => sorted.filter((f) => f.project.name === name);
    const [meta, e2e] = [of('meta'), of('e2e')];
    const interleaved = Array.from({ length: Math.max(meta.length, e2e.length) }, (_, i) => [meta[i], e2e[i]]);
    const rest = sorted.filter((f) => !['meta', 'e2e', 'unit', 'suites'].includes(f.project.name));
    return [...heaviestFirst(of('suites')), ...interleaved.flat(), ...rest, ...of('unit')].filter(
      (f) => f !== undefined,
    );
  }
}

// The unit files that change process-wide state for their whole run (a module mock, secrets read
// from the environment at first use): each runs in a fresh process of its own. The other unit files
// share their workers' module graph, as the suites do (loading it once per file was 60 % of the
// unit project's CPU); they restore whatever global they touch.
const UNIT_ISOLATED = ['test/unit/merchant/store-failure.test.ts', 'test/unit/security/redact-schemas.test.ts'];

/** vitest's file-system module cache keeps what it transformed (src/, suites/) for the next process:
 *  ~1 CPU-s of every `paycert run` and of every vitest start in npm test (keyed by each file's
 *  content, so an edit is never served stale). It lives in node_modules/.experimental-vitest-cache,
 *  under the installer's own directory (never a shared temp directory another user could write
 *  into), and only when that is writable: vitest cannot start otherwise. */
function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

// The projects: the conformance suites (the product: `paycert run` drives them against the
// subjects it resolved; run directly they certify the embedded reference implementations), the
// project's own unit tests (two projects, above), the meta-tests that run the checks against seeded
// defects, and the end-to-end tests of the CLI.
export default defineConfig({
  test: {
    reporters: ['default'],
    experimental: { fsModuleCache: writable(fileURLToPath(new URL('node_modules', import.meta.url))) },
    sequence: { sequencer: MetaBesideE2e },
    // three workers on a 2-core machine for npm test (the suites set their own): a
    // third of the meta-tests' time is real-time waiting (deadlines, absent callbacks), which an
    // e2e file's child processes fill. Measured: 190 s with two, 168 s with three, 190 s with four.
    maxWorkers: 3,
    // vitest's default 5 s is a wall-clock limit on what is CPU work here (property tests of the
    // signers and parsers): on a loaded machine (load 12 on 2 cores in CI beside other jobs) a
    // one-second test took over 5 s and failed, and at load 30 a 5 CPU-s property test of the g2g signer
    // took 81 s. Speed is measured in bench/, never asserted by a
    // timeout; this one only stops a hang.
    testTimeout: 180_000,
    // the same for hooks (vitest's default is 10 s): a beforeAll that starts a sandbox and runs paycert once
    hookTimeout: 180_000,
    // PAYCERT_CPU_PROF=DIR: a CPU profile of every test worker (node refuses --cpu-prof in NODE_OPTIONS)
    ...(process.env.PAYCERT_CPU_PROF
      ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${process.env.PAYCERT_CPU_PROF}`] }
      : {}),
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
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
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_ISOLATED],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'unit-isolated', include: UNIT_ISOLATED } },
      {
        extends: true,
        test: {
          name: 'meta',
          include: ['test/meta/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // defects and variants run two at a time in each worker (test.concurrent in support.ts): each
          // has its own reference, and most of a defect's time is waiting on loopback, not CPU
          maxConcurrency: 2,
          // a tolerance variant is judged as a real target (no control API): gl.cb.check-timeout then
          // waits for the sandbox's own check_url deadline in real time, 30 s by default
          env: { PAYCERT_SANDBOX_CHECK_TIMEOUT_MS: '5000' },
        },
      },
      {
        extends: true,
        // e2e files share nothing (each run has its own --out and ports), so they fill both workers
        // beside the unit and meta files instead of running one after another
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
