import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './errors.checks.ts';

registerChecks(checks);
