import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { makeDir } from './make-dir.ts';

// Allure 3 hard-codes a Google Analytics tag into its reports (allure3 #476). A certificate
// report must work offline and call nobody: strip the external script and the gtag block.
export function stripAnalytics(html: string): string {
  return html
    .replace(/<script[^>]*\bsrc="https?:\/\/[^"]*googletagmanager[^"]*"[^>]*>\s*<\/script>\s*/gi, '')
    .replace(/<script>\s*window\.dataLayer[\s\S]*?<\/script>\s*/gi, '');
}

/** Findings that make a report not offline: external scripts, analytics. */
export function offlineProblems(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script[^>]*\bsrc="(https?:[^"]+)"/gi)) out.push(`external script ${m[1]}`);
  for (const word of ['googletagmanager', 'gtag(', 'dataLayer'])
    if (html.includes(word)) out.push(`analytics marker ${word}`);
  return out;
}

export interface HtmlResult {
  path?: string;
  error?: string;
}

function prepare(outDir: string, name: string): { results: string; htmlDir: string; config: string } | HtmlResult {
  const results = join(outDir, 'allure-results');
  if (!existsSync(results)) return { error: 'no allure-results to build from' };
  const htmlDir = join(outDir, 'html');
  rmSync(htmlDir, { recursive: true, force: true });
  makeDir(htmlDir);
  const config = join(outDir, '.allurerc.mjs');
  writeFileSync(
    config,
    `export default { name: ${JSON.stringify(name)}, output: ${JSON.stringify(htmlDir)}, plugins: { awesome: { options: { singleFile: true, reportName: ${JSON.stringify(name)}, groupBy: ['epic', 'feature', 'story'] } } } };\n`,
  );
  return { results, htmlDir, config };
}

function finish(htmlDir: string, config: string, status: number | null, output: string): HtmlResult {
  rmSync(config, { force: true });
  const index = join(htmlDir, 'index.html');
  if (status !== 0 || !existsSync(index))
    return { error: `allure generate failed: ${output.split('\n').find((l) => l.trim()) ?? status}` };
  writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  return { path: index };
}

/** allure's entry module: the generator's modules (@allurereport/core and the plugins it loads) are
 *  resolved from there, as the Allure CLI resolves them. */
const allureEntry = (): string => createRequire(import.meta.url).resolve('allure');

// The child that builds the report: it loads the generator (@allurereport/core) and the two plugins
// a report of ours uses (awesome, which writes the single-file HTML, and agent, which core adds to
// every report) while the checks run. On a line on stdin ({ results, config }) it generates what
// \`allure generate RESULTS --config CONFIG\` does (allure/dist/commands/commons/generate.js: read the
// config, start, read the results directory, done), without the CLI's other commands and their
// modules; without a line (the run ended otherwise) it just exits.
const BUILD = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const load = (from, id) => import(pathToFileURL(createRequire(from).resolve(id)).href);
const core = createRequire(process.argv[1]).resolve('@allurereport/core');
const { AllureReport, readConfig } = await import(pathToFileURL(core).href);
await Promise.all(['@allurereport/plugin-awesome', '@allurereport/plugin-agent'].map((id) => load(core, id)));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', async (d) => {
  input += d;
  if (!input.includes('\\n')) return;
  process.stdin.pause();
  try {
    const { results, config } = JSON.parse(input);
    const report = new AllureReport(await readConfig(process.cwd(), config));
    await report.start();
    await report.readDirectory(results);
    await report.done();
    process.exit(0);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
});
process.stdin.on('end', () => { if (!input.includes('\\n')) process.exit(0); });
`;

/** An Allure report builder started ahead of time: the generator and its plugins (a second or more
 *  of module loading) load while the checks run, so that the report is ready soon after the last one. */
export class HtmlBuilder {
  private readonly child = spawn(
    process.execPath,
    [
      // PAYCERT_CPU_PROF=DIR: a CPU profile of the builder too, beside the test workers'
      ...(process.env.PAYCERT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PAYCERT_CPU_PROF}`] : []),
      '--input-type=module',
      '-e',
      BUILD,
      allureEntry(),
    ],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor() {
    this.child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => resolve(code));
      this.child.on('error', (e) => {
        this.output += e.message;
        resolve(null);
      });
    });
  }

  async build(outDir: string, name: string): Promise<HtmlResult> {
    const p = prepare(outDir, name);
    if (!('config' in p)) {
      this.cancel();
      return p;
    }
    this.child.stdin.end(`${JSON.stringify({ results: p.results, config: p.config })}\n`);
    const timer = setTimeout(() => this.child.kill(), 120_000);
    const status = await this.exited.finally(() => clearTimeout(timer));
    return finish(p.htmlDir, p.config, status, this.output);
  }

  /** Not needed after all: the process exits when its input closes. */
  cancel(): void {
    this.child.stdin.end();
  }
}
