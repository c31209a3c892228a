import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './vectors.checks.ts';

registerChecks(checks);
