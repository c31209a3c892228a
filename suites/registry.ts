import type { ProfileId } from '../src/spec/paths.ts';
import type { Check } from '../src/harness/check.ts';
import { checks as greenleaves } from './greenleaves/index.ts';
import { checks as greenleavesV5 } from './greenleaves-v5/index.ts';
import { checks as jysan } from './jysan/index.ts';

/** Every check of every profile: for the coverage test, the meta-tests and listings. */
export const CHECKS: Record<ProfileId, Check[]> = { greenleaves, 'greenleaves-v5': greenleavesV5, jysan };
