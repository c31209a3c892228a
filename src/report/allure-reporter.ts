import AllureVitestReporter from 'allure-vitest/reporter';
import type { RunnerTask } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { FileSystemWriter, type Writer } from 'allure-js-commons/sdk/reporter';
import { ResultsWriter } from './results-writer.ts';

/** allure-vitest's reporter writes every test's result and attachments when the whole run ends
 *  (a second or more for `npm start`, after the last check). This one writes a file's tests as
 *  soon as that file ends, while the others still run, and then calls `onWritten(false)` (the report
 *  builder reads them at once); the run's end writes only what is left and calls `onWritten(true)`
 *  (every result is written: the builder generates while vitest closes). */
export class AllureReporter extends AllureVitestReporter {
  private readonly written = new Set<string>();

  constructor(
    config: ConstructorParameters<typeof AllureVitestReporter>[0],
    private readonly onWritten: (all: boolean) => void = () => {},
  ) {
    super(config);
  }

  /** allure-vitest makes its writer here (FileSystemWriter: an fsync per file on the main process's
   *  event loop); the results are then written without it (results-writer.ts). */
  override onInit(vitest: Vitest): void {
    super.onInit(vitest);
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: Writer } }).allureReporterRuntime;
    const dir = (this as unknown as { config: { resultsDir?: string } }).config.resultsDir;
    if (runtime?.writer instanceof FileSystemWriter && dir) runtime.writer = new ResultsWriter(dir);
  }

  onTestModuleEnd(m: TestModule): void {
    // the runner task, as allure-vitest takes it in onTestRunEnd (not in vitest's public types)
    this.handleTask((m as unknown as { task: RunnerTask }).task);
    this.written.add(m.moduleId);
    this.onWritten(false);
  }

  override onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    super.onTestRunEnd(modules.filter((m) => !this.written.has(m.moduleId)));
    this.onWritten(true);
  }
}
