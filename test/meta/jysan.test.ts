import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/jysan/index.ts';
import { JYSAN_DEFECTS } from '../../src/sandbox/jysan/defects.ts';
import { JYSAN_MERCHANT_DEFECTS } from '../../src/merchant/jysan/defects.ts';

defectMetaTests('jysan', 'gateway', checks, JYSAN_DEFECTS, { exact: true });
defectMetaTests('jysan', 'merchant', checks, JYSAN_MERCHANT_DEFECTS, { exact: true });
