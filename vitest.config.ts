import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first across projects (vitest orders projects by name: e2e, meta, unit): the meta files
 *  (a minute each) start at once and the short unit files fill the end, so `npm test`'s two workers
 *  finish together. Within a project, vitest's own order (known durations, else file size). */
const PROJECT_ORDER: Record<string, number> = { meta: 0, e2e: 1, unit: 2 };
class ProjectsLongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => PROJECT_ORDER[f.project.name] ?? 3;
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Three projects: the conformance suites (the product: `paycert run` drives them against the
// subjects it resolved; run directly they certify the embedded reference implementations), the
// project's own unit tests, and the meta-tests that run the checks against seeded defects.
export default defineConfig({
  test: {
    reporters: ['default'],
    sequence: { sequencer: ProjectsLongestFirst },
    // two workers even on a 2-core machine: much of the time goes to waiting on loopback and child processes
    maxWorkers: 2,
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
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'meta',
          include: ['test/meta/**/*.test.ts'],
          testTimeout: 300_000,
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
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 300_000 },
      },
    ],
  },
});
