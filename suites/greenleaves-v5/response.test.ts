import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './response.checks.ts';

registerChecks(checks);
