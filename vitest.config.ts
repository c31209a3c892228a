import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { heaviestFirst } from './src/harness/file-order.ts';
import { SUITES, TEST_TIMEOUT_MS, fsModuleCache, profiling } from './src/cli/suites-project.ts';

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

// The projects: the conformance suites (the product: `paycert run` drives them against the
// subjects it resolved; run directly they certify the embedded reference implementations), the
// project's own unit tests (two projects, above), the meta-tests that run the checks against seeded
// defects, and the end-to-end tests of the CLI.
export default defineConfig({
  test: {
    reporters: ['default'],
    experimental: { fsModuleCache: fsModuleCache(fileURLToPath(new URL('.', import.meta.url))) },
    sequence: { sequencer: MetaBesideE2e },
    // three workers on a 2-core machine for npm test (the suites set their own): a
    // third of the meta-tests' time is real-time waiting (deadlines, absent callbacks), which an
    // e2e file's child processes fill. Measured: 190 s with two, 168 s with three, 190 s with four.
    maxWorkers: 3,
    // see src/cli/suites-project.ts
    testTimeout: TEST_TIMEOUT_MS,
    // the same for hooks (vitest's default is 10 s): a beforeAll that starts a sandbox and runs paycert once
    hookTimeout: 180_000,
    ...profiling(),
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          // the conformance suites; `paycert run` gives vitest the same settings inline (src/cli/run.ts)
          ...SUITES,
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
          // the meta files share their workers' module graph, as the unit files and the suites do:
          // each builds its own references and catalogues and holds no per-file global state
          // (their defects already run three at a time in one process). A fresh worker per file cost a
          // process start and the whole module graph again (five files: 22 -> 17.5 CPU-s, a quarter
          // of the cut in the kernel's page faults; docs/architecture.md, fifteenth pass)
          isolate: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // defects and variants run three at a time in each worker (test.concurrent in support.ts): each
          // has its own reference, and much of a defect's time is waiting (a defect that leaves out a
          // callback waits callbackWaitMs, 5 s, for it in each check). Two: npm test 259 s warm; three:
          // 240 s, and the meta project green twice beside looping full runs (load 5, load 7-11)
          maxConcurrency: 3,
          // a tolerance variant is judged as a real target (no control API): gl.cb.check-timeout then
          // waits for the sandbox's own check_url deadline in real time, 30 s by default
          env: { PAYCERT_SANDBOX_CHECK_TIMEOUT_MS: '5000' },
        },
      },
      {
        extends: true,
        // e2e files share nothing (each run has its own --out and ports), so they fill both workers
        // beside the unit and meta files instead of running one after another
        // hang guards: at load 28 a full run of paycert took over 4 minutes (report.test.ts's two
        // shards and a merge over 300 s)
        // the outsiders' cases run two at a time in a file (test.concurrent): one waits on its server
        // while the other computes; vitest's default of 5 made three wait inside their timeout
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // the e2e files share their workers' module graph too: a fresh fork per file loaded the
          // product again (30 files). Each restores what it changes in the process (the variables
          // it gives an in-process run or judge; run() its own), and names what it leaves on disk
          // or a port by its own name or pid
          isolate: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          maxConcurrency: 2,
        },
      },
    ],
  },
});
