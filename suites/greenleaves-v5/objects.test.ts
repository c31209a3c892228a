import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './objects.checks.ts';

registerChecks(checks);
