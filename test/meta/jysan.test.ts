import { defectMetaTests } from './support.ts';
import { checks } from '../../suites/jysan/index.ts';
import { JYSAN_DEFECTS } from '../../src/sandbox/jysan/defects.ts';

// the variants are in jysan-variants.test.ts, so that vitest runs them beside the defects
defectMetaTests('jysan', 'gateway', checks, JYSAN_DEFECTS, { exact: true });
