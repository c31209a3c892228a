import { toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/jysan/index.ts';
import { JYSAN_VARIANTS } from '../../src/sandbox/jysan/defects.ts';

toleranceMetaTests('jysan', 'gateway', checks, JYSAN_VARIANTS);
