import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './signature.checks.ts';

registerChecks(checks);
