import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './format.checks.ts';

registerChecks(checks);
