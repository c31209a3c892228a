import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './fields.checks.ts';

registerChecks(checks);
