import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/**
 * `mkdir -p` that always ends. Node's `mkdirSync(dir, { recursive: true })` spins forever where a
 * parent exists but cannot hold a directory (`--out /proc/x`: ENOENT, then EEXIST on the parent,
 * again and again). Here each missing level is made once, and ENOENT after its parent exists is final.
 */
export function makeDir(dir: string): void {
  try {
    mkdirSync(dir);
    return;
  } catch (e) {
    if (code(e) === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code(e) !== 'ENOENT' || dirname(dir) === dir) throw e;
  }
  makeDir(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (e) {
    if (!(code(e) === 'EEXIST' && statSync(dir).isDirectory())) throw e;
  }
}
