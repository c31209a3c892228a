import type { Check } from '../../src/harness/check.ts';

/** Every jysan check (filled in as the profile's suites are written). */
export const checks: Check<'jysan'>[] = [];
