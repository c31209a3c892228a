import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/jysan/index.ts';
import { JYSAN_DEFECTS } from '../../src/sandbox/jysan/defects.ts';

defectMetaTests('jysan', 'gateway', checks, JYSAN_DEFECTS, { exact: true });
