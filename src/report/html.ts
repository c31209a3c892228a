import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

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

/** Build the single-file Allure report from allure-results into html/index.html. */
export function buildHtml(outDir: string, name: string): { path?: string; error?: string } {
  const results = join(outDir, 'allure-results');
  if (!existsSync(results)) return { error: 'no allure-results to build from' };
  const htmlDir = join(outDir, 'html');
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  const config = join(outDir, '.allurerc.mjs');
  writeFileSync(
    config,
    `export default { name: ${JSON.stringify(name)}, output: ${JSON.stringify(htmlDir)}, plugins: { awesome: { options: { singleFile: true, reportName: ${JSON.stringify(name)}, groupBy: ['epic', 'feature', 'story'] } } } };\n`,
  );
  const cli = join(dirname(createRequire(import.meta.url).resolve('allure')), '..', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'generate', results, '--config', config], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  rmSync(config, { force: true });
  const index = join(htmlDir, 'index.html');
  if (r.status !== 0 || !existsSync(index))
    return {
      error: `allure generate failed: ${(r.stderr || r.stdout || '').split('\n').find((l) => l.trim()) ?? r.status}`,
    };
  writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  return { path: index };
}
