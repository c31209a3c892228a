import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './flows.checks.ts';

registerChecks(checks);
