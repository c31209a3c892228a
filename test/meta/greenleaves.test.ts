import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_DEFECTS } from '../../src/sandbox/greenleaves/defects.ts';
import { GREENLEAVES_MERCHANT_DEFECTS } from '../../src/merchant/greenleaves/defects.ts';

defectMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_DEFECTS);
defectMetaTests('greenleaves', 'merchant', checks, GREENLEAVES_MERCHANT_DEFECTS);
