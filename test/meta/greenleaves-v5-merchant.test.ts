import { defectMetaTests, toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';
import {
  GREENLEAVES_V5_MERCHANT_DEFECTS,
  GREENLEAVES_V5_MERCHANT_VARIANTS,
} from '../../src/merchant/greenleaves-v5/defects.ts';

defectMetaTests('greenleaves-v5', 'merchant', checks, GREENLEAVES_V5_MERCHANT_DEFECTS, { exact: true });
toleranceMetaTests('greenleaves-v5', 'merchant', checks, GREENLEAVES_V5_MERCHANT_VARIANTS);
