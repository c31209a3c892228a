import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';
import { GREENLEAVES_V5_DEFECTS } from '../../src/sandbox/greenleaves-v5/defects.ts';

// exact: every check runs against every defect, and each defect fails exactly the rules it names
// (the variants are in greenleaves-v5-variants.test.ts, so that vitest runs them beside the defects)
defectMetaTests('greenleaves-v5', 'gateway', checks, GREENLEAVES_V5_DEFECTS, { exact: true });
