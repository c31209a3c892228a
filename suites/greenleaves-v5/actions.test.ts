import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './actions.checks.ts';

registerChecks(checks);
