import { registerChecks } from '../../../src/harness/vitest.ts';
import { checks } from './sdk.checks.ts';

registerChecks(checks);
