import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.ts';

// Every process that reads a catalogue (rules.json, errors.json, vectors.json) held it to its
// meta-schema: ~0.25 CPU-s for the first one (ajv built, every schema added, the meta-schema
// compiled), in the main process and in each test worker, most of which need no ajv otherwise
// (a KAT check's worker). A file that validated once is remembered by the hash of its text and of the
// meta-schema's (a marker in node_modules/.cache, as the bundles are kept: the installer's own
// directory), so a changed file, or a changed meta-schema, is validated again; an invalid one is never
// remembered. Where the cache cannot be written, every process validates, as before.
export const KNOWN_VALID_DIR = join(ROOT, 'node_modules', '.cache', 'paycert-valid');

const key = (text: string, schemaText: string): string =>
  createHash('sha256').update(schemaText).update('\0').update(text).digest('hex');

export function knownValid(text: string, schemaText: string, dir = KNOWN_VALID_DIR): boolean {
  return existsSync(join(dir, key(text, schemaText)));
}

export function rememberValid(text: string, schemaText: string, dir = KNOWN_VALID_DIR): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, key(text, schemaText)), '');
  } catch {
    // not writable: validated again next time
  }
}
