import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_DEFECTS } from '../../src/sandbox/greenleaves/defects.ts';

// the variants are in greenleaves-variants.test.ts, so that vitest runs them beside the defects
defectMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_DEFECTS, { exact: true });
