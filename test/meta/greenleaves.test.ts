import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_DEFECTS } from '../../src/sandbox/greenleaves/defects.ts';

defectMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_DEFECTS);
