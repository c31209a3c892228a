import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './bodies.checks.ts';

registerChecks(checks);
