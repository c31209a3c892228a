import { defectMetaTests, toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_DEFECTS, GREENLEAVES_VARIANTS } from '../../src/sandbox/greenleaves/defects.ts';

defectMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_DEFECTS, { exact: true });
toleranceMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_VARIANTS);
