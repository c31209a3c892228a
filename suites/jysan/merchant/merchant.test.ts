import { registerChecks } from '../../../src/harness/vitest.ts';
import { checks } from './redirect.checks.ts';

registerChecks(checks);
