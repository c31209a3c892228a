import { defectMetaTests, toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';
import { GREENLEAVES_V5_DEFECTS, GREENLEAVES_V5_VARIANTS } from '../../src/sandbox/greenleaves-v5/defects.ts';

// exact: every check runs against every defect, and each defect fails exactly the rules it names
defectMetaTests('greenleaves-v5', 'gateway', checks, GREENLEAVES_V5_DEFECTS, { exact: true });
toleranceMetaTests('greenleaves-v5', 'gateway', checks, GREENLEAVES_V5_VARIANTS);
