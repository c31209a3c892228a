import { defectMetaTests, toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/jysan/index.ts';
import { JYSAN_MERCHANT_DEFECTS, JYSAN_MERCHANT_VARIANTS } from '../../src/merchant/jysan/defects.ts';

defectMetaTests('jysan', 'merchant', checks, JYSAN_MERCHANT_DEFECTS, { exact: true });
toleranceMetaTests('jysan', 'merchant', checks, JYSAN_MERCHANT_VARIANTS);
