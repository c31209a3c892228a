import { toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';
import { GREENLEAVES_V5_VARIANTS } from '../../src/sandbox/greenleaves-v5/defects.ts';

toleranceMetaTests('greenleaves-v5', 'gateway', checks, GREENLEAVES_V5_VARIANTS);
