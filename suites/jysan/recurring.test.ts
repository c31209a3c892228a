import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './recurring.checks.ts';

registerChecks(checks);
