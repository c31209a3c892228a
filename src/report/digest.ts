import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ROOT, SPECS } from '../spec/paths.ts';

export function sha256(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Every file under dir (sorted, '/'-separated relative paths). */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** One digest over a tree: sha256 of the lines "<sha256 of file>  <path>" (like sha256sum). */
export function treeDigest(dir: string): string {
  return sha256(
    files(dir)
      .map((f) => `${sha256(readFileSync(join(dir, f)))}  ${f}\n`)
      .join(''),
  );
}

/** The rule catalogues, error tables and schemas (specs/) this run judged against. */
export function specsDigest(): string {
  return treeDigest(SPECS);
}

/** The files of a run's --out that the certificate vouches for, each with its digest. The Allure
 *  results are the evidence; html/ and certificate.* are derived from them and are not listed. */
export const SEALED = ['results.ndjson', 'junit.xml'] as const;
export const EVIDENCE_DIR = 'allure-results';

export function outputDigests(outDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of SEALED) if (existsSync(join(outDir, f))) out[f] = sha256(readFileSync(join(outDir, f)));
  for (const f of files(join(outDir, EVIDENCE_DIR)))
    out[`${EVIDENCE_DIR}/${f}`] = sha256(readFileSync(join(outDir, EVIDENCE_DIR, f)));
  return out;
}

let commit: string | null | undefined;

/** The git commit of paycert's own checkout, when it is one (null otherwise, e.g. an npm install). */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  try {
    commit =
      execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5_000,
      }).trim() || null;
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    }).trim();
    if (commit && dirty) commit = `${commit}+dirty`;
  } catch {
    commit = null;
  }
  return commit;
}

export function environment(): { node: string; os: string } {
  return { node: process.version, os: `${platform()} ${release()} ${arch()}` };
}
