import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
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

const allureCli = (): string => join(dirname(createRequire(import.meta.url).resolve('allure')), '..', 'cli.js');

/** Build the single-file Allure report from allure-results into html/index.html. */
export function buildHtml(outDir: string, name: string): HtmlResult {
  const p = prepare(outDir, name);
  if (!('config' in p)) return p;
  const r = spawnSync(process.execPath, [allureCli(), 'generate', p.results, '--config', p.config], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return finish(p.htmlDir, p.config, r.status, r.stderr || r.stdout || '');
}

// The Allure CLI's modules, loaded while the checks run; on a line on stdin the CLI runs with the
// arguments it carries (JSON), and without one (the run ended otherwise) the process just exits.
const WARM = `
const [cli] = process.argv.slice(1);
await import(new URL('dist/commands/index.js', cli).href);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', async (d) => {
  input += d;
  if (!input.includes('\\n')) return;
  process.stdin.pause();
  process.argv.splice(1, process.argv.length, new URL(cli).pathname, ...JSON.parse(input));
  await import(cli);
});
process.stdin.on('end', () => { if (!input.includes('\\n')) process.exit(0); });
`;

/** An Allure report builder started ahead of time: the CLI (about a second of module loading) loads
 *  while the checks run, so that the report is ready soon after the last one. */
export class HtmlBuilder {
  private readonly child = spawn(
    process.execPath,
    ['--input-type=module', '-e', WARM, pathToFileURL(allureCli()).href],
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
    this.child.stdin.end(`${JSON.stringify(['generate', p.results, '--config', p.config])}\n`);
    const timer = setTimeout(() => this.child.kill(), 120_000);
    const status = await this.exited.finally(() => clearTimeout(timer));
    return finish(p.htmlDir, p.config, status, this.output);
  }

  /** Not needed after all: the process exits when its input closes. */
  cancel(): void {
    this.child.stdin.end();
  }
}
