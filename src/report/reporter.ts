import { join } from 'node:path';
import { renameSync, writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { UserConsoleLog } from 'vitest';
import { redactText } from '../harness/redact.ts';
import { visibleText } from '../harness/visible.ts';
import type { RunConfig } from '../harness/run-config.ts';
import { appendResult, buildCertificate, resultTarget, writeJson, type StoredResult } from './write.ts';
import { junitXml } from './junit.ts';
import { certificateHtml, evidenceHtml, evidencePath } from './certificate-html.ts';
import { phase } from './timing.ts';
import { verdictOfCheck } from './certificate.ts';
import { makeDir } from './make-dir.ts';
import { quote } from '../harness/clip.ts';

export type Format = 'json' | 'junit' | 'html' | 'allure';
export const FORMATS: readonly Format[] = ['json', 'junit', 'html', 'allure'];

/** A check the run selected, as a result names it. */
export type ExpectedCheck = Pick<StoredResult, 'id' | 'title' | 'profile' | 'subject' | 'area' | 'rules'>;

export interface ProgressOptions {
  /** the checks the run selected: for the count and the ETA, and those that gave no result at its end */
  checks: readonly ExpectedCheck[];
  /** the ETA is shown against real targets, where checks take long */
  eta: boolean;
  mode: 'tty' | 'plain' | 'quiet';
}

// by the check's verdict, as the certificate and the summary count it: a real target's warning is no FAIL
const MARK: Record<string, string> = {
  passed: 'ok',
  failed: 'FAIL',
  warning: 'WARN',
  inconclusive: '??',
  skipped: '--',
};
const ANSI: Record<string, string> = { passed: '32', failed: '31', warning: '33', inconclusive: '33', skipped: '90' };

/** Collects every check's result from task meta, appends it to results.ndjson at once, files the
 *  evidence of checks that did not pass under evidence/, and rewrites certificate.json (with
 *  junit.xml and certificate.html when asked for) at most every REWRITE_MS (or ten times the last
 *  rewrite's time, when longer) while checks finish, and at the end. A filed evidence is escaped for
 *  certificate.html once (a rewrite read and escaped them all: 100 MB a second for a hostile run). An interrupted run (signal, error) writes them at once; a killed one still has every
 *  result in results.ndjson, the certificate at most REWRITE_MS behind and `complete: false`. A full
 *  rewrite took ~9 ms at the end of a default run: per check, it was ~5 % of the main process. */
export class CertificateReporter implements Reporter {
  readonly results: StoredResult[] = [];
  readonly errors: string[] = [];
  private readonly started = new Date().toISOString();
  private readonly t0 = Date.now();
  private lastWrite = 0;
  private pending: NodeJS.Timeout | undefined;
  /** how long the last rewrite took: the next waits REWRITE_MS, or ten times that if longer */
  private writeMs = 0;
  /** each filed evidence escaped once for certificate.html (by file; a repeated check's is filed anew) */
  private readonly evidenceHtml = new Map<string, string>();

  constructor(
    private readonly outDir: string,
    private readonly config: RunConfig,
    private readonly progress: ProgressOptions = { checks: [], eta: false, mode: 'quiet' },
    private readonly formats: ReadonlySet<Format> = new Set(FORMATS),
    private readonly out: (s: string) => void = (s) => process.stdout.write(s),
  ) {
    makeDir(outDir);
  }

  get path(): string {
    return join(this.outDir, 'certificate.json');
  }

  /** What the test workers write to stderr, redacted: the embedded references' internal errors
   *  (src/reference/server.ts) among it, since the workers serve them (vitest hands a worker's console
   *  to the reporters, and no other reporter of paycert run prints it). */
  onUserConsoleLog(log: UserConsoleLog): void {
    if (log.type === 'stderr') process.stderr.write(visibleText(redactText(log.content)));
  }

  onTestCaseResult(tc: TestCase): void {
    const meta = (tc.meta() as { paycert?: StoredResult & { evidenceText?: string } }).paycert;
    if (!meta) {
      const r = tc.result();
      if (r.state === 'failed') this.errors.push(quote(`${tc.fullName}: ${r.errors?.[0]?.message ?? 'failed'}`, 500));
      return;
    }
    const { evidenceText, ...result } = meta;
    if (evidenceText) {
      makeDir(join(this.outDir, 'evidence'));
      writeFileSync(evidencePath(this.outDir, result), evidenceText);
    }
    this.evidenceHtml.delete(evidencePath(this.outDir, result));
    this.results.push(result);
    appendResult(this.outDir, result, resultTarget(this.config, result));
    this.line(result);
    this.writeSoon();
    phase(`result ${this.results.length}`);
  }

  private writeSoon(): void {
    const wait = this.lastWrite + Math.max(REWRITE_MS, 10 * this.writeMs) - Date.now();
    if (wait <= 0) this.write(false);
    else this.pending ??= setTimeout(() => this.write(false), wait);
  }

  private line(r: StoredResult): void {
    const p = this.progress;
    if (p.mode === 'quiet') return;
    const n = this.results.length;
    const total = p.checks.length;
    const count = total ? `[${n}/${total}]` : `[${n}]`;
    const elapsed = Date.now() - this.t0;
    const eta = p.eta && total > n ? `  ETA ${dur((elapsed / n) * (total - n))}` : '';
    const subject = this.config.subjects.find((s) => s.profile === r.profile && s.kind === r.subject);
    const verdict = verdictOfCheck(r, subject?.target ?? 'reference');
    const mark = MARK[verdict] ?? verdict;
    const text = `${count} ${mark.padEnd(4)} ${r.id} (${r.rules.join(', ')}) ${(r.durationMs / 1000).toFixed(1)}s${eta}`;
    this.out(p.mode === 'tty' ? `\x1b[${ANSI[verdict] ?? '0'}m${text}\x1b[0m\n` : `${text}\n`);
  }

  onTestModuleEnd(m: TestModule): void {
    phase(`module end ${m.moduleId}`);
    for (const e of m.errors()) this.errors.push(quote(`${m.moduleId}: ${e.message}`, 500));
  }

  onTestRunEnd(_m: unknown, unhandled: ReadonlyArray<{ message?: string }>): void {
    phase('run end');
    // first: "3 of 215 checks gave no result" says more than the pool's "Worker forks emitted error"
    this.noResult();
    for (const e of unhandled) this.errors.push(quote(`unhandled: ${e.message ?? String(e)}`, 500));
    this.write(true);
    phase('certificate complete');
  }

  /** The selected checks that gave no result by the run's end (the test worker running them died:
   *  the OOM killer; their suite file did not load): each is recorded inconclusive, and so are its
   *  rules, and the run names them as an error. Their rules were "skipped, no check ran for this rule
   *  in this run", as if the plan had left them out. */
  private noResult(): void {
    const done = new Set(this.results.map((r) => `${r.profile}/${r.subject}/${r.id}`));
    const missing = this.progress.checks.filter((c) => !done.has(`${c.profile}/${c.subject}/${c.id}`));
    if (missing.length === 0) return;
    const reason =
      'gave no result: the test worker running it ended before it reported (killed, out of memory?), or its suite file did not load';
    for (const c of missing) {
      // the check's names only (a Check carries its run function, plans and needs besides)
      const result: StoredResult = {
        id: c.id,
        title: c.title,
        profile: c.profile,
        subject: c.subject,
        area: c.area,
        rules: [...c.rules],
        outcome: 'inconclusive',
        ruleOutcomes: Object.fromEntries(c.rules.map((r) => [r, 'inconclusive'])),
        failures: [],
        reason,
        notes: [],
        properties: [],
        cases: 0,
        seed: 0,
        durationMs: 0,
      };
      this.results.push(result);
      appendResult(this.outDir, result, resultTarget(this.config, result));
    }
    const ids = missing.map((c) => c.id);
    this.errors.push(
      `${missing.length} of ${this.progress.checks.length} checks gave no result (a test worker died?): ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`,
    );
  }

  /** The selected checks without a result while the run has not finished (an interrupted run's
   *  certificate marks the rules they cite; at the end, noResult has recorded them). */
  private unreported(complete: boolean): readonly ExpectedCheck[] {
    if (complete) return [];
    const done = new Set(this.results.map((r) => `${r.profile}/${r.subject}/${r.id}`));
    return this.progress.checks.filter((c) => !done.has(`${c.profile}/${c.subject}/${c.id}`));
  }

  /** certificate.json, junit.xml and certificate.html, from the same results and verdicts */
  write(complete: boolean): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    const t0 = (this.lastWrite = Date.now());
    const cert = buildCertificate(
      this.config,
      this.results,
      this.started,
      complete,
      this.errors,
      this.unreported(complete),
    );
    writeJson(this.path, cert);
    if (this.formats.has('junit')) atomic(join(this.outDir, 'junit.xml'), junitXml(this.config, this.results, cert));
    if (this.formats.has('html'))
      atomic(
        join(this.outDir, 'certificate.html'),
        certificateHtml(cert, this.results, this.outDir, (file) => {
          let html = this.evidenceHtml.get(file);
          if (html === undefined) this.evidenceHtml.set(file, (html = evidenceHtml(file)));
          return html;
        }),
      );
    this.writeMs = Date.now() - t0;
  }
}

const REWRITE_MS = 1000;

function atomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

function dur(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
