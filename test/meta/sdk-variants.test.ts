import { afterAll } from 'vitest';
import { toleranceMetaTests } from './support.ts';
import { PROFILES } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SDK_VARIANTS } from '../../src/sdk-adapter/defects.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';

// each variant's adapter is a process of its own (the variant is on its command line); closed when the file is done
afterAll(() => closeAdapters());

// the reference SDK adapter doing what the seed allows and the reference does not: judged as a real
// target, no rule may fail and none warn
for (const p of PROFILES) toleranceMetaTests(p, 'sdk', CHECKS[p], SDK_VARIANTS[p]);
