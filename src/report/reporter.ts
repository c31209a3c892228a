import { join } from 'node:path';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { RunConfig } from '../harness/run-config.ts';
import { appendResult, buildCertificate, writeJson, type StoredResult } from './write.ts';
import { junitXml } from './junit.ts';

const MARK: Record<string, string> = { passed: '.', failed: 'F', inconclusive: '?', skipped: '-' };

/** Collects every check's result from task meta, appends it to results.ndjson and rewrites
 *  certificate.json after each one, so a crashed run still leaves what it had. */
export class CertificateReporter implements Reporter {
  readonly results: StoredResult[] = [];
  readonly errors: string[] = [];
  private readonly started = new Date().toISOString();

  constructor(
    private readonly outDir: string,
    private readonly config: RunConfig,
    private readonly progress: (s: string) => void = (s) => process.stdout.write(s),
  ) {
    mkdirSync(outDir, { recursive: true });
  }

  get path(): string {
    return join(this.outDir, 'certificate.json');
  }

  onTestCaseResult(tc: TestCase): void {
    const meta = (tc.meta() as { paycert?: StoredResult }).paycert;
    if (!meta) {
      const r = tc.result();
      if (r.state === 'failed') this.errors.push(`${tc.fullName}: ${r.errors?.[0]?.message ?? 'failed'}`.slice(0, 500));
      return;
    }
    this.results.push(meta);
    appendResult(this.outDir, meta);
    this.progress(MARK[meta.outcome] ?? '.');
    this.write(false);
  }

  onTestModuleEnd(m: TestModule): void {
    for (const e of m.errors()) this.errors.push(`${m.moduleId}: ${e.message}`.slice(0, 500));
  }

  onTestRunEnd(_m: unknown, unhandled: ReadonlyArray<{ message?: string }>): void {
    for (const e of unhandled) this.errors.push(`unhandled: ${e.message ?? String(e)}`.slice(0, 500));
    this.progress('\n');
    this.write(true);
  }

  /** certificate.json and junit.xml, from the same results and verdicts */
  write(complete: boolean): void {
    const cert = buildCertificate(this.config, this.results, this.started, complete, this.errors);
    writeJson(this.path, cert);
    const junit = join(this.outDir, 'junit.xml');
    writeFileSync(`${junit}.tmp`, junitXml(this.config, this.results, cert));
    renameSync(`${junit}.tmp`, junit);
  }
}
