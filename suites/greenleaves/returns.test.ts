import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './returns.checks.ts';

registerChecks(checks);
