import { defectMetaTests } from './support.ts';
import { greenleavesChecks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_DEFECTS } from '../../src/sandbox/greenleaves/defects.ts';

defectMetaTests('greenleaves', 'gateway', greenleavesChecks, GREENLEAVES_DEFECTS);
