import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './transport.checks.ts';

registerChecks(checks);
