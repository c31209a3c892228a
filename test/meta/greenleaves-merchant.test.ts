import { defectMetaTests, toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_MERCHANT_DEFECTS, GREENLEAVES_MERCHANT_VARIANTS } from '../../src/merchant/greenleaves/defects.ts';

defectMetaTests('greenleaves', 'merchant', checks, GREENLEAVES_MERCHANT_DEFECTS, { exact: true });
toleranceMetaTests('greenleaves', 'merchant', checks, GREENLEAVES_MERCHANT_VARIANTS);
