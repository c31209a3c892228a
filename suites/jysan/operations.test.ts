import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './operations.checks.ts';

registerChecks(checks);
