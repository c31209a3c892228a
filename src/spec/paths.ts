import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root, resolved from this file so the CLI works from any working directory. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SPECS = join(ROOT, 'specs');
export const FIXTURES = join(ROOT, 'fixtures');

export const PROFILES = ['greenleaves', 'greenleaves-v5', 'jysan'] as const;
export type ProfileId = (typeof PROFILES)[number];

export function isProfile(s: string): s is ProfileId {
  return (PROFILES as readonly string[]).includes(s);
}
