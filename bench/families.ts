import type { Check } from '../src/harness/check.ts';

/** The check families the bench measures (bench/run.ts) and bench/family.ts profiles. */
export const FAMILIES: Record<string, (c: Check) => boolean> = {
  valid: (c) => c.subject === 'gateway' && /\.valid(-creates)?$/.test(c.id),
  violations: (c) => c.subject === 'gateway' && c.id.includes('violations'),
  signature: (c) => c.subject === 'gateway' && (c.area === 'signature' || c.area === 'jws'),
  flows: (c) => c.subject === 'gateway' && /\.flow\./.test(c.id),
  merchant: (c) => c.subject === 'merchant',
  sdk: (c) => c.subject === 'sdk',
};
