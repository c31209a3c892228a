import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ROOT } from './paths.ts';

// ajv compiles a schema to JavaScript on its first use in each process: ~0.3–0.5 CPU-s of paycert
// run's main process (the references validating their first requests, on the start-up floor's
// critical path). The code ajv generates ("standalone code") is kept between processes instead, one
// CommonJS module per schema in node_modules/.cache (the installer's own directory, as the bundles
// and the known-valid markers are kept). A module is named by a key over everything its code depends
// on: ajv's and ajv-formats' versions, the instance's options and keywords, and the text of every
// schema under specs/ (a $ref may reach any of them), so a changed schema is compiled again, never
// served stale. A module states its key in its first line and is refused, never run, when that does not
// match; one that fails to load is compiled again and rewritten. Where the cache cannot be written, every process compiles,
// as before.
export const AJV_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'paycert-ajv');

const require = createRequire(import.meta.url);

/** A key over the parts in order: each part's length goes in first, so that no two lists of parts
 *  give the same input. */
export function cacheKey(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:`).update(p);
  return h.digest('hex');
}

const file = (dir: string, key: string): string => join(dir, `${key}.cjs`);
const header = (key: string): string => `// paycert ajv ${key}\n`;

/** The validator kept under `key`, or undefined: none kept, one made for another key, or one that
 *  does not load. Its code is run with this module's require (ajv's runtime helpers, ajv-formats'
 *  formats), wherever the cache is. */
export function loadValidator(dir: string, key: string): ValidateFunction | undefined {
  let text: string;
  try {
    text = readFileSync(file(dir, key), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.startsWith(header(key))) return undefined;
  try {
    const module = { exports: {} as unknown };
    new Function('module', 'exports', 'require', text)(module, module.exports, require);
    return typeof module.exports === 'function' ? (module.exports as ValidateFunction) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps ajv's standalone code under `key`. Written under a temporary name and renamed, so that a
 *  process reading it (the main process and two workers start together) sees all of it or none. */
export function storeValidator(dir: string, key: string, code: string): void {
  const tmp = `${file(dir, key)}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, `${header(key)}${code}\n`);
    renameSync(tmp, file(dir, key));
    pruneValidators(dir);
  } catch {
    // not writable: compiled again next time
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
  }
}

const WEEK_MS = 7 * 24 * 3600_000;

/** Every edit of a schema gives every schema a new key, and so new modules: the cache only grew. When
 *  a module is written (something changed), the modules written over `keepMs` ago are removed. One
 *  still current is then compiled once more and rewritten; one being read is read whole or not found
 *  (unlinked, never truncated). */
export function pruneValidators(dir: string, keepMs = WEEK_MS, now = Date.now()): void {
  try {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.cjs') && !f.endsWith('.tmp')) continue;
      try {
        if (now - statSync(join(dir, f)).mtimeMs > keepMs) unlinkSync(join(dir, f));
      } catch {
        /* removed meanwhile */
      }
    }
  } catch {
    /* a cache that cannot be pruned is only bigger */
  }
}
