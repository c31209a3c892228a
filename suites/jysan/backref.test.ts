import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './backref.checks.ts';

registerChecks(checks);
