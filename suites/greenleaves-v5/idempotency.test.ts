import { registerChecks } from '../../src/harness/vitest.ts';
import { checks } from './idempotency.checks.ts';

registerChecks(checks);
