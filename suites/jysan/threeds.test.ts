import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './threeds.checks.ts';

registerChecks(checks);
