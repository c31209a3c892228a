import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { heaviestFirst } from './src/harness/file-order.ts';
import { SUITES, TEST_TIMEOUT_MS, fsModuleCache, profiling } from './src/cli/suites-project.ts';

/** The meta files (a minute each, mostly waiting on loopback and deadlines) alternate with the e2e
 *  files (CPU-bound child processes), so that one fills the CPU the other leaves idle; the short
 *  unit files come last and fill the end, so the workers finish together (vitest would order the
 *  projects by name: integration, unit). Within each, vitest's own order (known durations, else file
 *  size). */
class MetaBesideE2e extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const of = (name: string) => sorted.filter((f) => f.project.name === name);
    const under = (dir: string) => of('integration').filter((f) => f.moduleId.includes(`/test/${dir}/`));
    const [meta, e2e] = [under('meta'), under('e2e')];
    const interleaved = Array.from({ length: Math.max(meta.length, e2e.length) }, (_, i) => [meta[i], e2e[i]]);
    const rest = sorted.filter((f) => !['integration', 'unit', 'suites'].includes(f.project.name));
    return [...heaviestFirst(of('suites')), ...interleaved.flat(), ...rest, ...of('unit')].filter(
      (f) => f !== undefined,
    );
  }
}

// The unit files that change process-wide state for their whole run (a module mock, secrets read
// from the environment at first use): each runs in a fresh process of its own. The other unit files
// share their workers' module graph, as the suites do (loading it once per file was 60 % of the
// unit project's CPU); they restore whatever global they touch.
// (listener-* open the process's one callback listener from a fresh module, behind a relay or on a taken
// port: the workers' later files would import that instance and their callbacks go nowhere)
const UNIT_ISOLATED = [
  'test/unit/merchant/store-failure.test.ts',
  'test/unit/security/redact-schemas.test.ts',
  'test/unit/harness/listener-relay-keepalive.test.ts',
  'test/unit/harness/listener-port-taken.test.ts',
];

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
    // PAYCERT_FILE_CPU=FILE: each file's CPU, one JSON line each (test/file-cpu.ts)
    ...(process.env.PAYCERT_FILE_CPU && { setupFiles: ['test/file-cpu.ts'] }),
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
        // the meta-tests (test/meta: the checks against seeded defects and tolerated variants) and the
        // end-to-end tests of the CLI (test/e2e), one project so that they share their workers: vitest
        // keeps a worker for the next file only when that file is of the same project, and the
        // sequencer alternates the two directories, so as two projects each file started a fresh
        // worker and loaded the product again (24 workers in npm test, 8 now: 27 CPU-s less;
        // docs/architecture.md, thirtieth pass). Run one directory with
        // `npx vitest run --project integration test/meta/`.
        test: {
          name: 'integration',
          include: ['test/meta/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // the files share their workers' module graph: each builds its own references, catalogues
          // and servers and holds no per-file global state; each restores what it changes in the
          // process (the variables it gives an in-process run or judge; run() its own), and names
          // what it leaves on disk or a port by its own name or pid
          isolate: false,
          // hang guards, not speed limits: at load 28 a full run of paycert took over 4 minutes
          // (report.test.ts's two shards and a merge over 300 s)
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // test.concurrent cases run three at a time in a file: a meta file's defects and variants
          // (support.ts), each with its own reference, much of their time waiting (a defect that
          // leaves out a callback waits callbackWaitMs, 5 s, in each check); the e2e outsiders' cases,
          // each half the time waiting on its server (a process start, a fork per connection). Eight
          // was tried: one waiting file alone went from 50 s to 28 s, but the whole npm test on a
          // quiet machine took 222 s wall for 357 CPU-s at eight against 201 s for 288 CPU-s at
          // three (same tree, back to back): more at once costs more CPU than the waiting it fills.
          // (vitest's limit is one per worker, set once: vi.setConfig cannot change it for one file.)
          maxConcurrency: 3,
          // a tolerance variant is judged as a real target (no control API): gl.cb.check-timeout then
          // waits for the sandbox's own check_url deadline in real time, 30 s by default. A process-wide
          // variable, so the e2e files' sandboxes (in process and the `paycert sandbox` they start)
          // keep the shorter deadline too; the checks take whatever deadline a gateway keeps
          env: { PAYCERT_SANDBOX_CHECK_TIMEOUT_MS: '5000' },
        },
      },
    ],
  },
});
