import type { Check } from '../../src/harness/check.ts';

/** Every greenleaves-v5 check (filled in as the profile's suites are written). */
export const checks: Check<'greenleaves-v5'>[] = [];
