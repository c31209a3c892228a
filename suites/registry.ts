import type { ProfileId } from '../src/spec/paths.ts';
import type { Check } from '../src/harness/check.ts';
import { byModule as greenleavesModules, checks as greenleaves } from './greenleaves/index.ts';
import { byModule as greenleavesV5Modules, checks as greenleavesV5 } from './greenleaves-v5/index.ts';
import { byModule as jysanModules, checks as jysan } from './jysan/index.ts';

/** Every check of every profile: for the coverage test, the meta-tests and listings. */
export const CHECKS: Record<ProfileId, Check[]> = { greenleaves, 'greenleaves-v5': greenleavesV5, jysan };

/** The checks of each `*.checks.ts` module the registry holds, by its path from the checkout
 *  (`suites/jysan/merchant/post.checks.ts`): how `paycert run` learns what a suite file registers
 *  without importing it (the run's own modules may be one bundle, which cannot import a .ts file). */
export const CHECK_MODULES: ReadonlyMap<string, readonly Check[]> = new Map(
  Object.entries({
    greenleaves: greenleavesModules,
    'greenleaves-v5': greenleavesV5Modules,
    jysan: jysanModules,
  }).flatMap(([profile, modules]) =>
    Object.entries(modules as Record<string, Check[]>).map(([path, checks]) => [
      `suites/${profile}/${path.slice(2)}`,
      checks,
    ]),
  ),
);
