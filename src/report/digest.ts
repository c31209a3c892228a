import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync, type Stats } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ROOT, SPECS } from '../spec/paths.ts';

export function sha256(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A path under a run's directory that is not a regular file or a directory (a symbolic link, a
 *  FIFO, a device): a run writes none, and following one could loop (`loop -> .`), block (a FIFO)
 *  or read another file into the digest. */
export class TreeError extends Error {}

/** Every file under dir (sorted, '/'-separated relative paths); anything else than files and
 *  directories is a TreeError. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(relative(dir, p).split(sep).join('/'));
      else throw new TreeError(`${relative(dir, p).split(sep).join('/')} is not a regular file (${kind(st)})`);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

function kind(st: Stats): string {
  return st.isSymbolicLink() ? 'a symbolic link' : st.isFIFO() ? 'a FIFO' : 'a device or socket';
}

/** sha256 of a file read in chunks (evidence planted by someone else may be any size). */
function fileDigest(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
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

/** What a run's --out holds that the certificate vouches for: files by name, and directories (with a
 *  trailing "/") of which every file is listed. The Allure results are the evidence; evidence/ (the
 *  exchanges of the checks that did not pass), certificate.html (the page an auditor reads) and html/
 *  (the Allure report) are what is shown of them, so an edited page or an added evidence file must
 *  not verify either. .run-config.json says what was run (subjects, seed, runs, filters): `merge`
 *  builds the merged certificate from it, so an edited one must not verify. A seal records this list
 *  in the certificate (`covers`); certificate.json and certificate.jws are checked by the signature. */
export const COVERS = [
  'results.ndjson',
  'junit.xml',
  '.run-config.json',
  'certificate.html',
  'allure-results/',
  'evidence/',
  'html/',
] as const;
/** What a certificate without `covers` (sealed before it was recorded) vouches for. */
export const LEGACY_COVERS: readonly string[] = ['results.ndjson', 'junit.xml', '.run-config.json', 'allure-results/'];
/** Sealed only since certificates recorded its digest: one sealed before does not list it, and
 *  verifies without it (`merge` counts such a shard unsealed: nothing vouches for its config). */
export const SEALED_SINCE = '.run-config.json';
export const EVIDENCE_DIR = 'allure-results';

/** The digest of every file of `covers` (COVERS' names) present under outDir; anything there that is
 *  not a regular file (or, for a directory's name, not a directory) is a TreeError. */
export function outputDigests(outDir: string, covers: readonly string[] = COVERS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of covers) {
    if (!(COVERS as readonly string[]).includes(name)) continue;
    if (!name.endsWith('/')) {
      const p = join(outDir, name);
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (st && !st.isFile())
        throw new TreeError(`${name} is not a regular file (${st.isDirectory() ? 'a directory' : kind(st)})`);
      if (st) out[name] = fileDigest(p);
      continue;
    }
    const dir = name.slice(0, -1);
    const st = lstatSync(join(outDir, dir), { throwIfNoEntry: false });
    if (st && !st.isDirectory())
      throw new TreeError(`${dir} is not a directory (${st.isFile() ? 'a file' : kind(st)})`);
    let inside: string[];
    try {
      inside = files(join(outDir, dir));
    } catch (e) {
      throw e instanceof TreeError ? new TreeError(`${dir}/${e.message}`) : e;
    }
    for (const f of inside) out[`${dir}/${f}`] = fileDigest(join(outDir, dir, f));
  }
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
