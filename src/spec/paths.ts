import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root, resolved from this file so the CLI works from any working directory. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SPECS = join(ROOT, 'specs');
export const FIXTURES = join(ROOT, 'fixtures');

export { PROFILES, isProfile, type ProfileId } from './profiles.ts';
