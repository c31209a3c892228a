import { defectMetaTests, toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/jysan/index.ts';
import { JYSAN_DEFECTS, JYSAN_VARIANTS } from '../../src/sandbox/jysan/defects.ts';

defectMetaTests('jysan', 'gateway', checks, JYSAN_DEFECTS, { exact: true });
toleranceMetaTests('jysan', 'gateway', checks, JYSAN_VARIANTS);
