import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_DEFECTS } from '../../src/sandbox/greenleaves/defects.ts';

// the variants are in greenleaves-variants.test.ts: as one file this was the longest of npm test
defectMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_DEFECTS, { exact: true });
