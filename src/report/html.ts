import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

// Allure 3 hard-codes a Google Analytics tag into its reports (allure3 #476). A certificate
// report must work offline and call nobody: strip the external script and the gtag block.
// Each takes its script's line break and the next line's indent (not all the whitespace after it:
// the page the bundle renders without the block keeps what follows, the report data's own).
const ANALYTICS = [
  /<script[^>]*\bsrc="https?:\/\/[^"]*googletagmanager[^"]*"[^>]*>\s*<\/script>(?:\r?\n[ \t]*)?/gi,
  /<script>\s*window\.dataLayer[\s\S]*?<\/script>(?:\r?\n[ \t]*)?/gi,
];
export function stripAnalytics(html: string): string {
  return ANALYTICS.reduce((page, tag) => page.replace(tag, ''), html);
}

/** Words of Allure's analytics: a page without any has nothing to strip. */
const MARKERS = ['googletagmanager', 'gtag(', 'dataLayer'];

/** Findings that make a report not offline: external scripts, analytics. */
export function offlineProblems(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script[^>]*\bsrc="(https?:[^"]+)"/gi)) out.push(`external script ${m[1]}`);
  for (const word of MARKERS) if (html.includes(word)) out.push(`analytics marker ${word}`);
  return out;
}

/** where the builder generates the report before the run's end puts it in place as html/ */
export const HTML_STAGING = '.html-staging';

export interface HtmlResult {
  path?: string;
  error?: string;
}

/** `offline`: the child stripped the page before it wrote it (else it is done here) */
function finish(htmlDir: string, status: number | NodeJS.Signals | null, output: string, offline: boolean): HtmlResult {
  const index = join(htmlDir, 'index.html');
  // a child killed (the OOM killer's SIGKILL, the 120 s guard's SIGTERM) says nothing: the signal does
  const why = typeof status === 'string' ? `its process was killed (${status})` : `exit code ${status}`;
  if (status !== 0 || !existsSync(index))
    return { error: `allure generate failed: ${output.split('\n').find((l) => l.trim()) ?? why}` };
  if (!offline) writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  return { path: index };
}

/** allure's entry module: the generator's modules (@allurereport/core and the plugins it loads) are
 *  resolved from there, as the Allure CLI resolves them. */
const allureEntry = (): string => createRequire(import.meta.url).resolve('allure');

/** bin/bundled.mjs, which keeps the child's modules as one bundle */
const BUNDLER = new URL('../../bin/bundled.mjs', import.meta.url).href;

// The child that builds the report. While the checks run it loads the generator (@allurereport/core)
// and the two plugins a report of ours uses (awesome, which writes the single-file HTML, and agent,
// which core adds to every report), starts the report, and reads the results each suite file left
// (a line "scan": the files of allure-results it has not read yet; allure-js-commons writes each
// under a temporary name and renames it, so a listed file is whole). On "build" it reads what is left
// and generates, as `allure generate RESULTS --config CONFIG` does (allure/dist/commands/commons/
// generate.js: resolve the config, start, read the results directory, done), without the CLI's
// other commands and their modules. It generates into a staging directory (HtmlBuilder.generate,
// as soon as the last suite file has written its results, while vitest closes its workers) and
// moves it to html/ on "commit" (HtmlBuilder.build); without "commit" (the run ended otherwise, the
// main process killed) it removes the staging directory and exits: no report of a run that did not
// end. Allure's local CI descriptor runs git on every read of its getters (five times per
// report): the child reads them once, while the checks run. The child makes the page offline
// (stripAnalytics, its expressions given to it) as the awesome plugin hands it to core's report
// files, before it is written, and says so on a line "offline": the main process no longer reads
// the page back, strips it and writes it again (~0.4 CPU-s for a 10 MB page, after the last check).
const BUILD = `
import { createRequire } from 'node:module';
import { readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [entry, resultsDir, configJson, htmlDir, bundler] = process.argv.slice(1);
const config = JSON.parse(configJson);
const staging = config.output;
const core = createRequire(entry).resolve('@allurereport/core');
const at = (id) => createRequire(core).resolve(id);
const [ciAt, awesomeAt, agentAt, readerApiAt] = ['@allurereport/ci', '@allurereport/plugin-awesome', '@allurereport/plugin-agent', '@allurereport/reader-api'].map(at);
const ANALYTICS = ${JSON.stringify(ANALYTICS.map((tag) => [tag.source, tag.flags]))}.map(([s, f]) => new RegExp(s, f));
const stripAnalytics = (html) => ANALYTICS.reduce((page, tag) => page.replace(tag, ''), html);
// (the awesome plugin's page, by the path core gives its files)
const PAGE = 'awesome/index.html';
// In the bundle, the awesome plugin's template has no analytics block (Allure 3's, whole: a version
// whose block differs is bundled as it is), and the page is byte for byte the one stripAnalytics
// makes of the block's (its expressions take the whitespace after each script); a page that carries
// no marker is handed on as it is, without decoding, matching and encoding its 10.8 MB again.
const NO_ANALYTICS = [['@allurereport/plugin-awesome/dist/generators.js', "    {{#if analyticsEnable}}\\n    <script async src=\\"https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0\\"></script>\\n    <script>\\n        window.dataLayer = window.dataLayer || [];\\n        function gtag(){dataLayer.push(arguments);}\\n        gtag('js', new Date());\\n        gtag('config', 'G-LNDJ3J7WT0', {\\n          \\"report\\": \\"awesome\\",\\n          \\"allureVersion\\": \\"{{ allureVersion }}\\",\\n          \\"reportUuid\\": \\"{{ reportUuid }}\\",\\n          \\"single_file\\": \\"{{singleFile}}\\"\\n        });\\n    </script>\\n    {{/if}}\\n", '']];
const marked = (data) => ${JSON.stringify(MARKERS)}.some((w) => data.includes(w));
const offline = (resolved) => ({
  ...resolved,
  reportFiles: {
    addFile: async (path, data) => {
      if (path !== PAGE) return resolved.reportFiles.addFile(path, data);
      const page = Buffer.isBuffer(data) && !marked(data) ? data : Buffer.from(stripAnalytics(data.toString('utf8')), 'utf8');
      const written = await resolved.reportFiles.addFile(path, page);
      process.stdout.write('offline\\n');
      return written;
    },
  },
});
const fail = (e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
};
// the modules, from one bundle of them when one can be kept (bin/bundled.mjs), else as files
const modules = async () => {
  const source = [
    \`export { AllureReport, resolveConfig } from \${JSON.stringify(core)};\`,
    \`export * as ci from \${JSON.stringify(ciAt)};\`,
    \`export { default as Awesome } from \${JSON.stringify(awesomeAt)};\`,
    \`export { default as Agent } from \${JSON.stringify(agentAt)};\`,
    \`export { BufferResultFile } from \${JSON.stringify(readerApiAt)};\`,
  ].join('\\n');
  const bundle = process.env.PAYCERT_NO_BUNDLE ? undefined : await (await import(bundler)).packagesBundle('allure', source, NO_ANALYTICS);
  process.stdout.write(bundle ? 'modules bundle\\n' : 'modules files\\n');
  if (bundle) return import(pathToFileURL(bundle).href);
  const [{ AllureReport, resolveConfig }, ci] = await Promise.all(
    [core, ciAt, awesomeAt, agentAt].map((f) => import(pathToFileURL(f).href)),
  );
  return { AllureReport, resolveConfig, ci };
};
const ready = (async () => {
  const { AllureReport, resolveConfig, ci, Awesome, Agent, BufferResultFile } = await modules();
  // reader-api's BufferResultFile reads its bytes back through a stream (Readable.from, an async
  // iterator, two copies) on every read: a result's JSON as it is scanned, each attachment again in
  // done() (~0.2 CPU-ms a file after the last check). The same bytes, as those reads return them.
  const MemoryResultFile =
    BufferResultFile &&
    class extends BufferResultFile {
      async asBuffer() {
        return Buffer.from(this.buffer);
      }
      async asUtf8String() {
        return this.buffer.toString('utf-8');
      }
      async asJson() {
        return JSON.parse(this.buffer.toString('utf-8'));
      }
    };
  // From the bundle, the plugins as core's resolveConfig makes them (resolvePlugins: the configured
  // ones, then agent), from its modules: resolved by name, they would load again as files. From the
  // files, core resolves them itself (the same modules, loaded above).
  const own = () =>
    [['awesome', Awesome], ['agent', Agent]].map(([id, Plugin]) => {
      const options = config.plugins[id]?.options ?? {};
      return { id, enabled: true, options, plugin: new Plugin(options, {}) };
    });
  const report = new AllureReport(
    offline(
      Awesome === undefined
        ? await resolveConfig(config, { cwd: process.cwd() })
        : { ...(await resolveConfig(config, { cwd: process.cwd(), plugins: {} })), plugins: own() },
    ),
  );
  await report.start();
  const found = ci.detect();
  if (ci.isLocalCiDescriptor(found))
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(found)))
      if (d.get && d.configurable)
        Object.defineProperty(found, name, { value: d.get.call(found), enumerable: d.enumerable, configurable: true });
  // From the bundle, each file is read whole as it is scanned and given to core as a BufferResultFile
  // (reader-api's, as core's own dumps use): core keeps an attachment's file object and reads it
  // again in done(), through a stream from disk at ~0.7 CPU-ms a file on the report's critical path;
  // from memory (MemoryResultFile) it is a copy. A file that cannot be read so is given as before, by its path. From
  // the files, every file by its path, as \`allure generate\` reads them (the report to compare with).
  const byPath = (name) => report.readFile(join(resultsDir, name));
  const readOne = MemoryResultFile
    ? (name) =>
        readFile(join(resultsDir, name)).then(
          (bytes) => report.readResult(new MemoryResultFile(bytes, name)),
          () => byPath(name),
        )
    : byPath;
  return { report, readOne };
})();
ready.catch(() => {}); // reported by the line that waits for it
const read = new Set();
const scan = async ({ readOne }) => {
  let entries;
  try {
    entries = await readdir(resultsDir, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT') return;
    throw e;
  }
  const fresh = entries
    .filter((d) => d.isFile() && !d.name.endsWith('.tmp') && !read.has(d.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const d of fresh) {
    read.add(d.name);
    await readOne(d.name);
  }
  process.stdout.write('read ' + read.size + '\\n');
};
let queue = ready;
let input = '';
let committed = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  input += d;
  const lines = input.split('\\n');
  input = lines.pop();
  for (const line of lines) {
    if (line === 'scan') queue = queue.then(async (ready) => (await scan(ready), ready));
    else if (line === 'build')
      queue = queue.then(async (ready) => {
        await scan(ready);
        await ready.report.done();
        return ready;
      });
    else if (line === 'commit')
      queue = queue.then(async () => {
        await rm(htmlDir, { recursive: true, force: true });
        await rename(staging, htmlDir);
        committed = true;
        process.exit(0);
      });
  }
  queue.catch(fail);
});
const discard = () => rm(staging, { recursive: true, force: true });
process.stdin.on('end', () =>
  queue.then(
    () => (committed ? Promise.resolve() : discard()).then(() => process.exit(0)),
    (e) => discard().finally(() => fail(e)),
  ),
);
`;

/** The Allure report of a run, built by a child started ahead of time: the generator and its
 *  plugins (a second or more of module loading) load, and the results are read as each suite file
 *  ends, while the checks run, so that the report is ready soon after the last one. */
export class HtmlBuilder {
  private readonly child;
  private output = '';
  private stdout = '';
  /** the child's exit code, or the signal that ended it */
  private readonly exited: Promise<number | NodeJS.Signals | null>;
  /** files of allure-results the child has read so far, and who waits for a count */
  private read = 0;
  private readonly waiting: Array<{ n: number; resolve: () => void }> = [];
  private readonly results: string;
  private readonly htmlDir: string;
  private generating = false;
  /** where the child loaded Allure's modules from: one bundle of them, or their files */
  modulesFrom?: 'bundle' | 'files';
  /** the child wrote the page already made offline (else build() strips it) */
  offline = false;

  constructor(outDir: string, name: string) {
    this.results = join(outDir, 'allure-results');
    this.htmlDir = join(outDir, 'html');
    const config = {
      name,
      output: join(outDir, HTML_STAGING),
      plugins: {
        awesome: { options: { singleFile: true, reportName: name, groupBy: ['epic', 'feature', 'story'] } },
      },
    };
    this.child = spawn(
      process.execPath,
      [
        // PAYCERT_CPU_PROF=DIR: a CPU profile of the builder too, beside the test workers'
        ...(process.env.PAYCERT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PAYCERT_CPU_PROF}`] : []),
        '--input-type=module',
        '-e',
        BUILD,
        allureEntry(),
        this.results,
        JSON.stringify(config),
        this.htmlDir,
        BUNDLER,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child.stdout.on('data', (d: Buffer) => {
      const lines = (this.stdout + d.toString()).split('\n');
      this.stdout = lines.pop()!;
      for (const line of lines) {
        const m = /^read (\d+)$/.exec(line);
        const from = /^modules (bundle|files)$/.exec(line);
        if (from) this.modulesFrom = from[1] as 'bundle' | 'files';
        else if (line === 'offline') this.offline = true;
        else if (!m) this.output += `${line}\n`;
        else this.progress(Number(m[1]));
      }
    });
    this.child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      // (once its output is read too: the line "offline" comes just before it exits)
      this.child.on('close', (code, signal) => resolve(code ?? signal));
      this.child.on('error', (e) => {
        this.output += e.message;
        resolve(null);
      });
    });
  }

  /** The results written so far are whole files: the child reads the new ones now. */
  update(): void {
    if (this.child.stdin.writable) this.child.stdin.write('scan\n');
  }

  /** Resolves once the child has read n files of allure-results (for tests). */
  hasRead(n: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ n, resolve });
      this.progress(this.read);
    });
  }

  private progress(read: number): void {
    this.read = read;
    for (const w of this.waiting.filter((w) => w.n <= read)) {
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.resolve();
    }
  }

  /** Every suite file has written its results (vitest's run end): generate now, into the staging
   *  directory, while the run closes; `build` puts it in place. */
  generate(): void {
    if (this.generating || !existsSync(this.results) || !this.child.stdin.writable) return;
    this.generating = true;
    this.child.stdin.write('build\n');
  }

  async build(): Promise<HtmlResult> {
    if (!existsSync(this.results)) {
      this.cancel();
      return { error: 'no allure-results to build from' };
    }
    rmSync(this.htmlDir, { recursive: true, force: true });
    this.generate();
    this.child.stdin.end('commit\n');
    const timer = setTimeout(() => this.child.kill(), 120_000);
    const status = await this.exited.finally(() => clearTimeout(timer));
    return finish(this.htmlDir, status, this.output, this.offline);
  }

  /** Not needed after all: the process exits when its input closes, and writes nothing (what it
   *  generated already is removed). */
  cancel(): void {
    this.child.stdin.end();
  }
}
