import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './faults.checks.ts';

registerChecks(checks);
