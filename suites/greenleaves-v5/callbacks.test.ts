import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './callbacks.checks.ts';

registerChecks(checks);
