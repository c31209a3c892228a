import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './methods.checks.ts';

registerChecks(checks);
