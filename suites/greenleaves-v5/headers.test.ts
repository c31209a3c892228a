import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './headers.checks.ts';

registerChecks(checks);
