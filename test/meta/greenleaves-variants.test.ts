import { toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_VARIANTS } from '../../src/sandbox/greenleaves/defects.ts';

toleranceMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_VARIANTS);
